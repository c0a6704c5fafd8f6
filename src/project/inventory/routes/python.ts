/**
 * Routes of Python web frameworks, from facts: FastAPI/Starlette (decorators, `add_api_route`, `Route`/`Mount`
 * lists, `include_router`, `mount`), Flask and Quart (blueprints, `add_url_rule`, Flask-RESTX/RESTful resources,
 * `register_blueprint`), aiohttp (`router.add_get`, `web.post(...)`, `RouteTableDef`, `add_subapp`) and Django
 * (URLconfs with `include()` prefixes, DRF routers).
 */
import type { CallFact, ClassFact, CodeFacts, FunctionFact, ValueFact } from '../../../facts/types.js';
import { byCodePoint } from '../../../util/order.js';
import { joinRoute, type PendingMount, type Route, type RouteKind, type RouterObject } from './model.js';

const ROUTE_DECORATOR = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'route', 'websocket', 'trace', 'view']);
const ROUTER_CALLEE = /(^|\.)(APIRouter|Blueprint|FastAPI|Flask|Quart|Starlette|Namespace|Api|RouteTableDef|Application|Sanic|Litestar)$/;
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
const AIOHTTP_ADD = /^add_(get|post|put|patch|delete|head|view|route)$/;
const AIOHTTP_SHORT = /^(web\.|aiohttp\.web\.)?(get|post|put|patch|delete|head|view|route)$/;

export function stringOf(value: ValueFact | undefined): string | undefined {
  return value?.kind === 'string' ? String(value.value) : undefined;
}

function firstString(call: { args: ValueFact[]; kwargs: Record<string, ValueFact> }, ...keywords: string[]): string | undefined {
  return stringOf(call.args[0]) ?? keywords.map((k) => stringOf(call.kwargs[k])).find((v) => v !== undefined);
}

/** `Depends(get_user)`, `Security(x)` inside a `dependencies=[...]` text → `Depends(get_user)`. */
export function dependencyNames(text: string): string[] {
  return [...text.matchAll(/\b(Depends|Security)\(\s*([\w.]+)/g)].map((m) => `${m[1] === 'Security' ? 'Security' : 'Depends'}(${m[2] ?? ''})`);
}

function handlerParams(fn: FunctionFact): string[] {
  return fn.params.flatMap((p) => [p.annotation, p.default?.kind === 'call' ? p.default.text : undefined, ...(p.decorators ?? []).map((d) => d.name)].filter((x): x is string => Boolean(x)));
}

/** `methods=["GET", "POST"]` → `GET,POST`. */
function methodsOf(value: ValueFact | undefined, fallback: string): string {
  if (!value) return fallback;
  const methods = [...value.text.matchAll(/['"](\w+)['"]/g)].map((m) => (m[1] ?? '').toUpperCase());
  return methods.length > 0 ? methods.join(',') : fallback;
}

function ownerOf(callee: string): string {
  const owner = callee.slice(0, callee.lastIndexOf('.'));
  // aiohttp `app.router.add_get`: the routes belong to the app.
  return owner.replace(/\.router$/, '');
}

/** Router objects of a file: `router = APIRouter(prefix="/items", dependencies=[Depends(auth)])`. */
export function pythonRouters(file: CodeFacts): RouterObject[] {
  const out: RouterObject[] = [];
  for (const call of file.calls) {
    if (!call.assignedTo || !ROUTER_CALLEE.test(call.callee)) continue;
    const prefix = stringOf(call.kwargs['prefix'] ?? call.kwargs['url_prefix'] ?? call.kwargs['path']) ?? '';
    out.push({ path: file.path, line: call.line, variable: call.assignedTo, prefix, guards: dependencyNames(call.kwargs['dependencies']?.text ?? '') });
  }
  return out;
}

function kindOf(method: string): RouteKind {
  return method === 'websocket' ? 'websocket' : 'http';
}

function decoratedRoutes(file: CodeFacts, framework: string, routers: Map<string, RouterObject>): Route[] {
  const routes: Route[] = [];
  for (const fn of file.functions) {
    for (const d of fn.decorators) {
      const dot = d.name.lastIndexOf('.');
      const owner = d.name.slice(0, dot);
      const method = d.name.slice(dot + 1);
      if (dot === -1 || !ROUTE_DECORATOR.has(method)) continue;
      const path = firstString(d, 'path', 'rule');
      if (path === undefined) continue;
      const router = routers.get(owner);
      const others = fn.decorators.filter((x) => x !== d).map((x) => x.name);
      const verb = method === 'route' || method === 'api_route' || method === 'view' ? methodsOf(d.kwargs['methods'], method === 'view' ? 'ANY' : 'GET') : method === 'websocket' ? 'WS' : method.toUpperCase();
      routes.push({
        path: file.path,
        line: d.line,
        owner,
        method: verb,
        route: joinRoute(router?.prefix ?? '', path),
        framework,
        handler: fn.qualifiedName,
        guards: [...(router?.guards ?? []), ...dependencyNames(d.kwargs['dependencies']?.text ?? ''), ...others],
        params: handlerParams(fn),
        kind: kindOf(method),
        handlerLine: fn.line,
      });
    }
  }
  return routes;
}

/** Guards a class-based resource carries: its decorators and `method_decorators = [...]` / `decorators = [...]`. */
function classGuards(cls: ClassFact, except?: string): string[] {
  const fields = cls.fields.filter((f) => /^(method_decorators|decorators|permission_classes|authentication_classes)$/.test(f.name)).map((f) => `${f.name}=${f.value?.text ?? ''}`);
  return [...cls.decorators.filter((d) => d.name !== except).map((d) => d.text), ...fields];
}

/**
 * One route per HTTP method of a class-based view or resource (`class Items(Resource): def get(self)…`), declared
 * in `file` at `at.line`; the class may live in `home` (imported).
 */
function classRoutes(file: CodeFacts, cls: ClassFact, at: { line: number; route: string; owner?: string }, framework: string, extraGuards: string[], home: CodeFacts = file): Route[] {
  const out: Route[] = [];
  for (const fn of home.functions) {
    if (fn.className !== cls.name || !HTTP_METHODS.includes(fn.name)) continue;
    out.push({
      path: file.path,
      line: at.line,
      ...(at.owner ? { owner: at.owner } : {}),
      method: fn.name.toUpperCase(),
      route: at.route,
      framework,
      handler: fn.qualifiedName,
      guards: [...extraGuards, ...classGuards(cls), ...fn.decorators.map((d) => d.text)],
      params: handlerParams(fn),
      ...(home === file ? { handlerLine: fn.line } : {}),
    });
  }
  return out;
}

/** Flask-RESTX / Flask-RESTful: `@ns.route("/items") class Items(Resource)`. */
function resourceRoutes(file: CodeFacts, framework: string, routers: Map<string, RouterObject>): Route[] {
  const out: Route[] = [];
  for (const cls of file.classes) {
    const d = cls.decorators.find((x) => /\.route$/.test(x.name) && stringOf(x.args[0]) !== undefined);
    if (!d) continue;
    const owner = d.name.slice(0, d.name.lastIndexOf('.'));
    const router = routers.get(owner);
    out.push(...classRoutes(file, cls, { line: d.line, route: joinRoute(router?.prefix ?? '', stringOf(d.args[0]) ?? ''), owner }, framework, router?.guards ?? []).map((r) => ({ ...r, guards: r.guards.filter((g) => g !== d.text) })));
  }
  return out;
}

/** The class named by a view argument: `ItemView.as_view("items")` → ItemView; `Items` → Items; here or imported. */
function viewClass(file: CodeFacts, value: ValueFact | undefined, files: readonly CodeFacts[]): { file: CodeFacts; cls: ClassFact } | undefined {
  const dotted = /^([A-Za-z_][\w.]*?)(\.as_view\b.*)?$/.exec(value?.text.replace(/\(.*$/s, '') ?? '')?.[1];
  const name = dotted?.split('.').pop();
  if (!dotted || !name) return undefined;
  const local = file.classes.find((c) => c.name === name);
  if (local) return { file, cls: local };
  const head = dotted.split('.')[0] ?? '';
  const imp = file.imports.find((i) => i.names.includes(name) || i.renamed?.[name] !== undefined || i.alias === head || i.names.includes(head));
  if (!imp) return undefined;
  const imported = imp.renamed?.[name] ?? name;
  const module = imp.names.includes(head) && head !== name ? `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${head}` : imp.module;
  const path = pythonModulePath(module, file.path, files);
  const target = files.find((f) => f.path === path);
  const cls = target?.classes.find((c) => c.name === imported);
  return target && cls ? { file: target, cls } : undefined;
}

/** `add_url_rule`, `add_api_route`, `add_resource`, aiohttp `add_get`/`web.post`, Starlette `Route`/`WebSocketRoute`. */
function callRoutes(file: CodeFacts, framework: string, routers: Map<string, RouterObject>, files: readonly CodeFacts[]): Route[] {
  const out: Route[] = [];
  const mounts = file.calls.filter((c) => /(^|\.)Mount$/.test(c.callee) && stringOf(c.args[0]) !== undefined);
  const starlettePrefix = (call: CallFact): string =>
    mounts
      .filter((m) => m !== call && m.line <= call.line && call.endLine <= m.endLine)
      .sort((a, b) => a.line - b.line)
      .reduce((prefix, m) => joinRoute(prefix, stringOf(m.args[0]) ?? ''), '');
  for (const call of file.calls) {
    const dot = call.callee.lastIndexOf('.');
    const method = call.callee.slice(dot + 1);
    const owner = dot === -1 ? undefined : ownerOf(call.callee);
    const router = owner ? routers.get(owner) : undefined;
    const prefix = router?.prefix ?? '';
    const base = { path: file.path, line: call.line, framework, params: [] as string[], ...(owner ? { owner } : {}) };
    if (method === 'add_url_rule' || method === 'add_api_route' || method === 'add_api_websocket_route') {
      const path = firstString(call, 'rule', 'path');
      const view = call.kwargs['view_func'] ?? call.kwargs['endpoint'] ?? (method === 'add_url_rule' ? call.args[2] : call.args[1]);
      if (path === undefined || !view) continue;
      const found = viewClass(file, view, files);
      const guards = [...(router?.guards ?? []), ...dependencyNames(call.kwargs['dependencies']?.text ?? '')];
      const expanded = found ? classRoutes(file, found.cls, { line: call.line, route: joinRoute(prefix, path), ...(owner ? { owner } : {}) }, framework, guards, found.file) : [];
      if (expanded.length > 0) out.push(...expanded);
      else out.push({ ...base, method: method === 'add_api_websocket_route' ? 'WS' : methodsOf(call.kwargs['methods'], 'GET'), route: joinRoute(prefix, path), handler: view.text, guards, ...(method === 'add_api_websocket_route' ? { kind: 'websocket' as const } : {}) });
    } else if (method === 'add_resource') {
      const found = viewClass(file, call.args[0], files);
      const paths = call.args.slice(1).map(stringOf).filter((p): p is string => p !== undefined);
      for (const path of paths) {
        const expanded = found ? classRoutes(file, found.cls, { line: call.line, route: joinRoute(prefix, path), ...(owner ? { owner } : {}) }, framework, router?.guards ?? [], found.file) : [];
        if (expanded.length > 0) out.push(...expanded);
        else out.push({ ...base, method: 'ANY', route: joinRoute(prefix, path), handler: call.args[0]?.text ?? '', guards: router?.guards ?? [] });
      }
    } else if (AIOHTTP_ADD.test(method) || (framework === 'aiohttp' && AIOHTTP_SHORT.test(call.callee))) {
      const verb = /(get|post|put|patch|delete|head|view|route)$/.exec(method)?.[1] ?? 'route';
      const explicit = verb === 'route';
      const path = stringOf(call.args[explicit ? 1 : 0]);
      const handler = call.args[explicit ? 2 : 1];
      if (path === undefined || !handler) continue;
      const httpMethod = explicit ? (stringOf(call.args[0]) ?? 'ANY').toUpperCase() : verb === 'view' ? 'ANY' : verb.toUpperCase();
      const aioOwner = AIOHTTP_SHORT.test(call.callee) ? {} : owner ? { owner } : {};
      out.push({ ...base, ...aioOwner, method: httpMethod === '*' ? 'ANY' : httpMethod, route: joinRoute(prefix, path), handler: handler.text, guards: [] });
    } else if (/(^|\.)(Route|WebSocketRoute)$/.test(call.callee) && dot === call.callee.lastIndexOf('.') && !owner?.includes('(')) {
      const path = stringOf(call.args[0]);
      const endpoint = call.kwargs['endpoint'] ?? call.args[1];
      if (path === undefined || !endpoint) continue;
      const socket = /WebSocketRoute$/.test(call.callee);
      out.push({ path: file.path, line: call.line, framework, params: [], method: socket ? 'WS' : methodsOf(call.kwargs['methods'], 'GET'), route: joinRoute(starlettePrefix(call), path), handler: endpoint.text, guards: [], ...(socket ? { kind: 'websocket' as const } : {}) });
    }
  }
  return out;
}

/** Django URLconf entries that are views (includes are mounts), and DRF router registrations. */
function djangoRoutes(file: CodeFacts): Route[] {
  const routes: Route[] = [];
  for (const call of file.calls) {
    if (/^(path|re_path|url)$/.test(call.callee)) {
      const path = stringOf(call.args[0]);
      const view = call.args[1];
      if (path === undefined || !view || /^include\(/.test(view.text) || view.kind === 'array') continue;
      routes.push({ path: file.path, line: call.line, method: 'ANY', route: joinRoute('', djangoPath(path)), framework: 'django', handler: view.text, guards: [], params: [] });
    } else if (/\.register$/.test(call.callee) && call.args[1]?.kind === 'identifier' && stringOf(call.args[0]) !== undefined && file.calls.some((c) => /(^|\.)(DefaultRouter|SimpleRouter|ExtendedSimpleRouter|NestedSimpleRouter)$/.test(c.callee))) {
      routes.push({ path: file.path, line: call.line, owner: call.callee.slice(0, -'.register'.length), method: 'ANY', route: joinRoute('', djangoPath(stringOf(call.args[0]) ?? '')), framework: 'django-rest-framework', handler: call.args[1].text, guards: [], params: [] });
    }
  }
  return routes;
}

/** A Django route or regex as a path: `^items/(?P<pk>\d+)/$` → `items/(?P<pk>\d+)/`. */
function djangoPath(path: string): string {
  return path.replace(/^\^/, '').replace(/\$$/, '');
}

export function pythonRoutes(file: CodeFacts, framework: string, files: readonly CodeFacts[] = [file]): Route[] {
  const routers = new Map(pythonRouters(file).map((r) => [r.variable, r]));
  const routes = [...decoratedRoutes(file, framework, routers), ...resourceRoutes(file, framework, routers), ...callRoutes(file, framework, routers, files)];
  if (framework === 'django' || framework === 'django-rest-framework' || file.calls.some((c) => /^(path|re_path|url)$/.test(c.callee) && file.imports.some((i) => /^django\.(urls|conf\.urls)/.test(i.module)))) routes.push(...djangoRoutes(file));
  return routes;
}

/** The file of a Python module (`app.routes.items` → …/app/routes/items.py or …/__init__.py), nearest to `from` first. */
export function pythonModulePath(module: string, from: string, files: readonly CodeFacts[]): string | undefined {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rest = module.slice(dots).replace(/\./g, '/');
  if (dots > 0) {
    const parts = from.split('/').slice(0, -dots);
    const base = [...parts, ...(rest ? [rest] : [])].join('/');
    return files.find((f) => f.path === `${base}.py` || f.path === `${base}/__init__.py`)?.path;
  }
  const candidates = files.filter((f) => f.path === `${rest}.py` || f.path === `${rest}/__init__.py` || f.path.endsWith(`/${rest}.py`) || f.path.endsWith(`/${rest}/__init__.py`));
  const shared = (p: string): number => {
    const a = p.split('/');
    const b = from.split('/');
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  return candidates.sort((x, y) => shared(y.path) - shared(x.path) || byCodePoint(x.path, y.path))[0]?.path;
}

/** The `file#variable` a name used in `file` refers to: a local router, or one imported (`items.router`, `items_router`). */
function targetOf(file: CodeFacts, text: string, files: readonly CodeFacts[]): string | undefined {
  const dot = text.lastIndexOf('.');
  if (dot !== -1) {
    const alias = text.slice(0, dot);
    const variable = text.slice(dot + 1);
    const imp = file.imports.find((i) => i.names.includes(alias) || i.alias === alias || (i.names.length === 0 && i.module === alias));
    const module = imp ? (imp.names.includes(alias) ? `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${alias}` : imp.module) : undefined;
    const path = module ? pythonModulePath(module, file.path, files) : undefined;
    return path ? `${path}#${variable}` : undefined;
  }
  const imp = file.imports.find((i) => i.names.includes(text) || i.renamed?.[text] !== undefined);
  if (!imp) {
    // A router of this file, or nothing known (`import debug_toolbar` then `include(debug_toolbar.urls)`).
    const local = file.calls.some((c) => c.assignedTo === text) || file.bindings.some((b) => b.fn === -1 && b.name === text);
    return local ? `${file.path}#${text}` : undefined;
  }
  const imported = imp.renamed?.[text] ?? text;
  const path = pythonModulePath(imp.module, file.path, files);
  if (path) return `${path}#${imported}`;
  // `from .api import routes` where routes is a module, not a variable: its router is called `router`.
  const asModule = pythonModulePath(`${imp.module}${imp.module.endsWith('.') ? '' : '.'}${imported}`, file.path, files);
  return asModule ? `${asModule}#*` : undefined;
}

const MOUNT_CALLEE = /\.(include_router|register_blueprint|mount|add_subapp|add_namespace)$/;

/**
 * Mounts of one file: `parent.include_router(x.router, prefix="/api", dependencies=[...])`, `app.register_blueprint(bp,
 * url_prefix=...)`, `app.mount("/v1", sub)`, `app.add_subapp("/admin", admin)`, `api.add_namespace(ns, path="/x")`,
 * `Api(blueprint)` (a RESTX API bound to a blueprint), and Django `path("api/", include("app.urls"))`.
 */
export function pythonMounts(file: CodeFacts, files: readonly CodeFacts[]): PendingMount[] {
  const out: PendingMount[] = [];
  const whenOf = (line: number): PendingMount['when'] => {
    const branch = file.branches?.find((b) => b.line <= line && line <= b.endLine);
    return branch ? { path: file.path, line, condition: branch.condition } : undefined;
  };
  for (const call of file.calls) {
    if (MOUNT_CALLEE.test(call.callee) && !/^(path|re_path|url)$/.test(call.callee)) {
      const method = call.callee.slice(call.callee.lastIndexOf('.') + 1);
      const subject = method === 'mount' || method === 'add_subapp' ? (call.args[1] ?? call.kwargs['app']) : call.args[0];
      if (!subject || (subject.kind !== 'attribute' && subject.kind !== 'identifier')) continue;
      const prefixValue = method === 'mount' || method === 'add_subapp' ? call.args[0] : (call.kwargs['prefix'] ?? call.kwargs['url_prefix'] ?? call.kwargs['path']);
      const prefix = prefixValue === undefined ? '' : stringOf(prefixValue);
      const target = targetOf(file, subject.text, files);
      if (!target) continue;
      const when = whenOf(call.line);
      out.push({
        path: file.path,
        line: call.line,
        prefix: prefix ?? '',
        ...(prefix === undefined ? { prefixUnknown: true } : {}),
        guards: dependencyNames(call.kwargs['dependencies']?.text ?? ''),
        detail: `${call.callee}(${subject.text})`,
        parent: `${file.path}#${call.callee.slice(0, call.callee.lastIndexOf('.'))}`,
        target,
        ...(when ? { when } : {}),
      });
    } else if (/(^|\.)Api$/.test(call.callee) && call.assignedTo && (call.args[0]?.kind === 'identifier' || call.args[0]?.kind === 'attribute')) {
      const target = `${file.path}#${call.assignedTo}`;
      const parentKey = targetOf(file, call.args[0].text, files);
      if (parentKey) out.push({ path: file.path, line: call.line, prefix: '', guards: [], detail: `${call.callee}(${call.args[0].text})`, parent: parentKey, target });
    } else if (/^(path|re_path|url)$/.test(call.callee) && /^include\(/.test(call.args[1]?.text ?? '')) {
      const prefix = stringOf(call.args[0]);
      const inner = /^include\(\s*(?:\(\s*)?([^,)]+)/.exec(call.args[1]?.text ?? '')?.[1]?.trim() ?? '';
      const module = /^['"](.+)['"]$/.exec(inner)?.[1];
      let target: string | undefined;
      if (module) {
        const path = pythonModulePath(module, file.path, files);
        target = path ? `${path}#*` : undefined;
      } else if (/\.urls$/.test(inner)) {
        const router = inner.slice(0, -'.urls'.length);
        target = targetOf(file, router, files);
      }
      if (!target) continue;
      out.push({ path: file.path, line: call.line, prefix: djangoPath(prefix ?? ''), ...(prefix === undefined ? { prefixUnknown: true } : {}), guards: [], detail: `${call.callee}(${call.args[0]?.text ?? ''}, include(…))`, parent: `${file.path}#*`, target });
    }
  }
  return out;
}
