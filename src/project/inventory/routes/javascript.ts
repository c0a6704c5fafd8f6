/**
 * Routes of JavaScript/TypeScript web frameworks, from facts: Express, Koa (koa-router), Hono, Fastify (shorthand
 * methods, `route({...})`, route options), NestJS (controllers, gateways, resolvers), and the mounts and hooks that
 * attach routers to apps (`app.use('/api', router)`, `fastify.register(plugin, { prefix })`, `app.route('/x', sub)`,
 * `addHook`, `use(mw)`).
 */
import type { CallFact, ClassFact, CodeFacts, FunctionFact, ValueFact } from '../../../facts/types.js';
import { joinRoute, type Hook, type PendingMount, type Route, type RouteKind } from './model.js';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All', 'Sse']);
/** Fastify route options that run before the handler. */
const FASTIFY_HOOK_OPTIONS = /^(onRequest|preParsing|preValidation|preHandler|beforeHandler)$/;
/** Fastify hooks that run before the handler and can answer instead of it. */
const FASTIFY_HOOKS = /^(onRequest|preParsing|preValidation|preHandler)$/;

function stringOf(value: ValueFact | undefined): string | undefined {
  return value?.kind === 'string' ? String(value.value) : undefined;
}

function functionAt(file: CodeFacts, call: CallFact, arg: ValueFact | undefined): FunctionFact | undefined {
  if (arg?.kind !== 'lambda') return undefined;
  return file.functions.find((f) => f.line >= call.line && f.line <= call.endLine && f.passedTo === call.callee);
}

function optionGuards(options: ValueFact | undefined): { guards: string[]; keys: string[]; websocket: boolean } {
  if (options?.kind !== 'object') return { guards: [], keys: [], websocket: false };
  const props = options.props ?? {};
  const guards = Object.entries(props)
    .filter(([k]) => FASTIFY_HOOK_OPTIONS.test(k))
    .map(([k, v]) => `${k}: ${v.text}`);
  const config = props['config'];
  if (config?.kind === 'object' && config.props?.['rateLimit']) guards.push(`config.rateLimit: ${config.props['rateLimit'].text}`);
  return { guards, keys: Object.keys(props).sort(), websocket: props['websocket']?.value === true };
}

function route(file: CodeFacts, call: CallFact, framework: string, fields: { method: string; path: string; owner?: string; middle: ValueFact[]; handler: ValueFact | undefined; kind?: RouteKind }): Route {
  const options = fields.middle.find((a) => a.kind === 'object');
  const { guards, keys, websocket } = optionGuards(options);
  const fn = functionAt(file, call, fields.handler);
  const kind = fields.kind ?? (websocket ? 'websocket' : undefined);
  return {
    path: file.path,
    line: call.line,
    method: fields.method,
    route: fields.path,
    ...(fields.owner !== undefined ? { owner: fields.owner } : {}),
    framework,
    handler: fields.handler?.kind === 'identifier' || fields.handler?.kind === 'attribute' ? fields.handler.text : '(inline)',
    guards: [...fields.middle.filter((a) => a !== options).map((a) => a.text), ...guards],
    params: [],
    ...(kind ? { kind } : {}),
    ...(fn ? { handlerLine: fn.line } : {}),
    ...(options ? { options: keys } : {}),
  };
}

/** `router.route('/items').get(list).post(create)`: the path is in the `route()` call on the same line. */
function chainedRoute(file: CodeFacts, call: CallFact, framework: string): Route | undefined {
  const match = /^(.*)\.route\(\)(?:\.\w+\(\))*\.(\w+)$/.exec(call.callee);
  if (!match || !METHODS.has(match[2] ?? '')) return undefined;
  const owner = match[1] ?? '';
  const head = file.calls.find((c) => c.callee === `${owner}.route` && c.line <= call.line && call.line <= c.endLine + 12 && stringOf(c.args[0]) !== undefined && c.line >= call.line - 12);
  const path = head ? stringOf(head.args[0]) : undefined;
  if (path === undefined || call.args.length === 0) return undefined;
  return route(file, call, framework, { method: (match[2] ?? '').toUpperCase(), path, owner, middle: call.args.slice(0, -1), handler: call.args[call.args.length - 1] });
}

/** Fastify `fastify.route({ method: 'POST', url: '/x', preHandler, handler })`. */
function objectRoute(file: CodeFacts, call: CallFact, framework: string): Route | undefined {
  const options = call.args[0];
  if (!/\.route$/.test(call.callee) || options?.kind !== 'object') return undefined;
  const props = options.props ?? {};
  const path = stringOf(props['url'] ?? props['path']);
  if (path === undefined) return undefined;
  const methodValue = props['method'];
  const method = methodValue ? ([...methodValue.text.matchAll(/['"](\w+)['"]/g)].map((m) => (m[1] ?? '').toUpperCase()).join(',') || 'ANY') : 'ANY';
  const handler = props['handler'];
  const r = route(file, call, framework, { method, path, owner: call.callee.slice(0, -'.route'.length), middle: [options], handler });
  return handler?.kind === 'identifier' || handler?.kind === 'attribute' ? { ...r, handler: handler.text } : r;
}

/** Router objects with a prefix of their own: koa-router `new Router({ prefix: '/api' })`, Hono `new Hono().basePath('/api')`. */
function routerPrefixes(file: CodeFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const call of file.calls) {
    if (!call.assignedTo) continue;
    const prefix = call.isNew && /(^|\.)Router$/.test(call.callee) ? stringOf(call.args[0]?.props?.['prefix']) : /\.basePath$/.test(call.callee) ? stringOf(call.args[0]) : undefined;
    if (prefix !== undefined) out.set(call.assignedTo, prefix);
  }
  for (const call of file.calls) {
    // `router.prefix('/api')` (koa-router).
    const owner = /^(\w+)\.prefix$/.exec(call.callee)?.[1];
    const prefix = stringOf(call.args[0]);
    if (owner && prefix !== undefined) out.set(owner, prefix);
  }
  return out;
}

export function jsRoutes(file: CodeFacts, framework: string): Route[] {
  if (framework === 'nestjs') return nestRoutes(file);
  const prefixes = routerPrefixes(file);
  return plainRoutes(file, framework).map((r) => {
    const prefix = r.owner !== undefined ? prefixes.get(r.owner) : undefined;
    return prefix ? { ...r, route: joinRoute(prefix, r.route) } : r;
  });
}

function plainRoutes(file: CodeFacts, framework: string): Route[] {
  const routes: Route[] = [];
  for (const call of file.calls) {
    const chained = chainedRoute(file, call, framework) ?? objectRoute(file, call, framework);
    if (chained) {
      routes.push(chained);
      continue;
    }
    const dot = call.callee.lastIndexOf('.');
    const method = call.callee.slice(dot + 1);
    const socket = method === 'ws';
    if (dot === -1 || (!METHODS.has(method) && !socket) || call.callee.includes('(')) continue;
    const path = stringOf(call.args[0]);
    if (path === undefined || !(path.startsWith('/') || path === '*') || call.args.length < 2) continue;
    routes.push(
      route(file, call, framework, {
        method: socket ? 'WS' : method.toUpperCase(),
        path,
        owner: call.callee.slice(0, dot),
        middle: call.args.slice(1, -1),
        handler: call.args[call.args.length - 1],
        ...(socket ? { kind: 'websocket' as const } : {}),
      }),
    );
  }
  return routes;
}

function nestPrefix(decorator: ClassFact['decorators'][number] | undefined): string {
  const arg = decorator?.args[0];
  const prefixArg = arg?.kind === 'object' ? arg.props?.['path'] : arg;
  return prefixArg?.kind === 'string' ? String(prefixArg.value) : '';
}

function nestRoutes(file: CodeFacts): Route[] {
  const routes: Route[] = [];
  for (const cls of file.classes) {
    const controller = cls.decorators.find((d) => d.name === 'Controller');
    const gateway = cls.decorators.find((d) => d.name === 'WebSocketGateway');
    const resolver = cls.decorators.find((d) => d.name === 'Resolver');
    if (!controller && !gateway && !resolver) continue;
    const prefix = nestPrefix(controller);
    const classGuards = cls.decorators.filter((d) => d !== controller && d !== gateway && d !== resolver).map((d) => d.text);
    for (const fn of file.functions) {
      if (fn.className !== cls.name) continue;
      const http = fn.decorators.find((x) => NEST_METHODS.has(x.name));
      const message = fn.decorators.find((x) => x.name === 'SubscribeMessage');
      const operation = fn.decorators.find((x) => x.name === 'Mutation' || x.name === 'Query' || x.name === 'Subscription');
      const d = controller ? http : gateway ? message : resolver ? operation : undefined;
      if (!d) continue;
      const argument = d.args[0]?.kind === 'string' ? String(d.args[0].value) : '';
      const kind: RouteKind = gateway ? 'websocket' : resolver ? 'graphql' : d.name === 'Sse' ? 'sse' : 'http';
      const method = gateway ? 'WS' : resolver ? (d.name === 'Mutation' ? 'POST' : 'GET') : d.name === 'Sse' ? 'GET' : d.name.toUpperCase();
      const path = gateway ? `ws:${argument || fn.name}` : resolver ? `graphql:${d.name.toLowerCase()} ${fn.name}` : joinRoute(prefix, argument);
      routes.push({
        path: file.path,
        line: d.line,
        method,
        route: path,
        framework: 'nestjs',
        handler: fn.qualifiedName,
        guards: [...classGuards, ...fn.decorators.filter((x) => x !== d).map((x) => x.text)],
        params: fn.params.flatMap((p) => [p.annotation, ...(p.decorators ?? []).map((x) => x.text)].filter((x): x is string => Boolean(x))),
        ...(kind !== 'http' ? { kind } : {}),
        handlerLine: fn.line,
      });
    }
  }
  return routes;
}

/** The file and variable a value names in `file`: a local router, an imported module or name, `require('./x')`. */
export type ResolveModule = (from: CodeFacts, specifier: string) => string | undefined;

function targetOf(file: CodeFacts, value: ValueFact | undefined, resolve: ResolveModule): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'call' && value.callee === 'require') {
    const specifier = /require\(\s*['"`]([^'"`]+)['"`]/.exec(value.text)?.[1];
    const path = specifier ? resolve(file, specifier) : undefined;
    return path ? `${path}#*` : undefined;
  }
  // `sub.routes()` (koa-router), `router.router` … : the object is the router.
  const text = value.kind === 'call' ? (value.callee ?? '').replace(/\.(routes|middleware|allowedMethods)$/, '') : value.text;
  if (value.kind !== 'identifier' && value.kind !== 'attribute' && value.kind !== 'call') return undefined;
  const [head = '', ...rest] = text.split('.');
  const imp = file.imports.find((i) => i.alias === head || i.names.includes(head) || i.renamed?.[head] !== undefined);
  if (!imp) return rest.length === 0 ? `${file.path}#${head}` : undefined;
  const path = resolve(file, imp.module);
  return path ? `${path}#${rest.length > 0 ? (rest[rest.length - 1] ?? '*') : '*'}` : undefined;
}

function isMiddlewareLike(value: ValueFact): boolean {
  return value.kind !== 'string' && value.kind !== 'object' && value.kind !== 'array';
}

/**
 * Mounts and hooks of one file. A `use` whose last argument resolves to a module or local router is a mount; any
 * other function given to `use` is middleware. A plain call handing the app to an imported function
 * (`registerRoutes(app)`) attaches that module's routes to the app, with no prefix and no new context.
 */
export function jsMountsAndHooks(file: CodeFacts, framework: string, routeOwners: ReadonlySet<string>, resolve: ResolveModule): { mounts: PendingMount[]; hooks: Hook[] } {
  const mounts: PendingMount[] = [];
  const hooks: Hook[] = [];
  const ordered = framework !== 'fastify';
  const fnIndexAt = (call: CallFact, arg: ValueFact | undefined): number | undefined => (arg?.kind === 'lambda' ? functionAt(file, call, arg)?.line : undefined);
  for (const call of file.calls) {
    const dot = call.callee.lastIndexOf('.');
    const owner = call.callee.slice(0, dot);
    const method = call.callee.slice(dot + 1);
    if (dot !== -1 && (method === 'use' || method === 'route' || method === 'register') && !owner.includes('(')) {
      const prefix = stringOf(call.args[0]);
      const rest = prefix !== undefined ? call.args.slice(1) : call.args;
      if (rest.length === 0) continue;
      const parent = `${file.path}#${owner}`;
      const last = rest[rest.length - 1];
      const optionsPrefix = method === 'register' ? stringOf(call.args[1]?.props?.['prefix']) : undefined;
      const subject = method === 'register' ? call.args[0] : last;
      const target = targetOf(file, subject, resolve);
      const isRouter = target !== undefined && (!target.startsWith(`${file.path}#`) || routeOwners.has(target.slice(file.path.length + 1)));
      if (isRouter && target && (method !== 'route' || prefix !== undefined)) {
        const mountPrefix = method === 'register' ? (optionsPrefix ?? '') : (prefix ?? '');
        const unknownPrefix = method === 'register' && call.args[1]?.props?.['prefix'] !== undefined && optionsPrefix === undefined;
        // An imported function given to `use` is a router module or a middleware: which one, the routes will tell.
        const fnLine = fnIndexAt(call, last);
        const asHook: Hook | undefined =
          method === 'use' && last
            ? { path: file.path, line: call.line, owner: parent, text: last.text, ...(fnLine ? { fnLine } : {}), ...(prefix !== undefined ? { pathPrefix: prefix.replace(/\/?\*$/, '') } : {}), ordered, kind: 'middleware' }
            : undefined;
        mounts.push({ path: file.path, line: call.line, prefix: mountPrefix, ...(unknownPrefix ? { prefixUnknown: true } : {}), guards: method === 'register' ? [] : rest.slice(0, -1).map((a) => a.text), detail: `${call.callee}(${call.args.map((a) => a.text).join(', ').slice(0, 80)})`, parent, target, ...(asHook ? { asHook } : {}) });
        continue;
      }
      if (method === 'use') {
        for (const mw of rest.filter(isMiddlewareLike)) {
          const fnLine = fnIndexAt(call, mw);
          hooks.push({ path: file.path, line: call.line, owner: parent, text: mw.text, ...(fnLine ? { fnLine } : {}), ...(prefix !== undefined ? { pathPrefix: prefix.replace(/\/?\*$/, '') } : {}), ordered, kind: 'middleware' });
        }
      }
    } else if (dot !== -1 && method === 'addHook' && FASTIFY_HOOKS.test(stringOf(call.args[0]) ?? '') && call.args[1]) {
      const fnLine = fnIndexAt(call, call.args[1]);
      hooks.push({ path: file.path, line: call.line, owner: `${file.path}#${owner}`, text: call.args[1].text, ...(fnLine ? { fnLine } : {}), ordered: false, kind: 'hook' });
    } else if (dot === -1 && call.args.length >= 1 && call.args.every((a) => a.kind === 'identifier') && routeOwnerArg(call, routeOwners)) {
      const imp = file.imports.find((i) => i.names.includes(call.callee) || i.alias === call.callee || i.renamed?.[call.callee] !== undefined);
      const path = imp ? resolve(file, imp.module) : undefined;
      const handed = call.args.find((a) => routeOwners.has(a.text) || /^(app|server|router|fastify|api|instance)$/.test(a.text));
      if (path && handed) mounts.push({ path: file.path, line: call.line, prefix: '', guards: [], detail: `${call.callee}(${handed.text})`, parent: `${file.path}#${handed.text}`, target: `${path}#*` });
    }
  }
  return { mounts, hooks };
}

function routeOwnerArg(call: CallFact, owners: ReadonlySet<string>): boolean {
  return call.args.some((a) => owners.has(a.text) || /^(app|server|router|fastify|api|instance)$/.test(a.text));
}
