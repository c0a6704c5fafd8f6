/**
 * Everything that runs before a route's handler and may turn a caller away, with where it is attached: the
 * route's own guards, dependencies, decorators and middleware; those of its router, controller or view class;
 * those given where its router is mounted (`include_router(…, dependencies=[…])`, `app.use('/api', auth, r)`);
 * hooks of its router and of every router it is mounted on (`bp.before_request`, Fastify `addHook`, `use(mw)`,
 * Next.js middleware); app-wide guards (NestJS `APP_GUARD`, Django settings).
 */
import type { CodeFacts, FunctionFact } from '../../facts/types.js';
import type { ComponentProfile } from '../../model/report.js';
import type { Hook, Route } from '../inventory/runtime.js';
import type { Project } from '../project.js';
import { resolveFunctions, type FunctionRef } from './code.js';
import type { Protection, ProtectionVia } from './model.js';

function fileOf(key: string): string {
  return key.slice(0, key.lastIndexOf('#'));
}

function sameKey(a: string, b: string): boolean {
  return a === b || ((a.endsWith('#*') || b.endsWith('#*')) && fileOf(a) === fileOf(b));
}

/** The route's router and every router it is mounted on, with the line where each next mount happens. */
export function routeChain(route: Route): Array<{ key: string; mountLine?: number; mountPath?: string }> {
  const out: Array<{ key: string; mountLine?: number; mountPath?: string }> = [{ key: `${route.path}#${route.owner ?? '*'}` }];
  for (const m of route.mounts ?? []) out.push({ key: m.parent, mountLine: m.line, mountPath: m.path });
  return out;
}

/** Literal paths a hook lets through: `if (request.url === "/api/v1/auth/login") return true`. */
function exemptions(file: CodeFacts, fn: FunctionFact): string[] {
  return (file.comparisons ?? [])
    .filter((c) => c.line >= fn.line && c.line <= fn.endLine && /^(===|==)$/.test(c.operator) && /url|path|route/i.test(`${c.left.text} ${c.right.text}`))
    .map((c) => String((c.left.kind === 'string' ? c.left.value : c.right.value) ?? ''))
    .filter((p) => p.startsWith('/'));
}

function pathUnder(route: string, prefix: string): boolean {
  const clean = prefix.replace(/\/+$/, '');
  return clean === '' || route === clean || route.startsWith(`${clean}/`) || route.includes(`${clean}/`) || route.endsWith(clean);
}

/** The function given inline to a hook (`addHook('preHandler', async (req, reply) => …)`). */
export function hookFunction(project: Project, hook: Hook): FunctionRef | undefined {
  const file = project.file(hook.path);
  if (file?.kind !== 'code') return undefined;
  if (hook.fnLine !== undefined) {
    const index = file.functions.findIndex((f) => f.line === hook.fnLine);
    const fn = file.functions[index];
    return fn ? { file, fn, index } : undefined;
  }
  return resolveFunctions(project, file, hook.text)[0];
}

export interface AppliedHook {
  hook: Hook;
  via: ProtectionVia;
  /** The route's path is one the hook lets through. */
  exempt: boolean;
}

/** Hooks that run before this route: on its router or a router it is mounted on (in order where order matters), or app-wide. */
export function hooksFor(project: Project, route: Route, hooks: readonly Hook[], component: ComponentProfile): AppliedHook[] {
  const chain = routeChain(route);
  const out: AppliedHook[] = [];
  for (const hook of hooks) {
    if ((project.componentOf(hook.path)?.path ?? '.') !== component.path) continue;
    const position = hook.appWide ? 0 : chain.findIndex((c) => sameKey(c.key, hook.owner));
    if (position === -1) continue;
    if (hook.ordered && !hook.appWide) {
      // Express, Koa and Hono run middleware in order: it must be attached before the route (or before the mount).
      const after = position === 0 ? { path: route.path, line: route.line } : { path: chain[position]?.mountPath ?? '', line: chain[position]?.mountLine ?? 0 };
      if (after.path === hook.path && hook.line > after.line) continue;
    }
    if (hook.pathPrefix !== undefined && !pathUnder(route.route, hook.pathPrefix)) continue;
    const fn = hookFunction(project, hook);
    const exempt = fn ? exemptions(fn.file, fn.fn).some((p) => p === route.route || p.replace(/\/+$/, '') === route.route.replace(/\/+$/, '')) : false;
    out.push({ hook, via: position === 0 && !hook.appWide ? (hook.kind === 'hook' ? 'hook' : 'middleware') : 'parent-router', exempt });
  }
  return out;
}

/** Middleware wrappers that only adapt a function (`asyncHandler(auth.jwt)`, `catchAsync(fn)`): the function inside. */
const WRAPPER = /^(asyncHandler|catchAsync|asyncWrap|wrap|wrapAsync|handle|use|express_?async|a)\((.+)\)$/s;

/** The names inside a guard as written: `preHandler: [a, b(1)]` → a, b; `asyncHandler(auth.jwt)` → auth.jwt; `UseGuards(A, B)` → A, B. */
export function namesIn(text: string): string[] {
  let inner = text.replace(/^(preHandler|onRequest|preValidation|preParsing|beforeHandler|method_decorators|decorators|permission_classes|authentication_classes)\s*[:=]\s*/, '').replace(/^@/, '').trim();
  const useGuards = /^UseGuards\(([\s\S]*)\)$/.exec(inner);
  if (useGuards) inner = `[${useGuards[1] ?? ''}]`;
  const wrapped = WRAPPER.exec(inner);
  if (wrapped) inner = wrapped[2] ?? inner;
  if (/^[[(]/.test(inner)) {
    return inner
      .replace(/^[[(]|[\])]$/g, '')
      .split(/,(?![^()]*\))/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => WRAPPER.exec(s)?.[2] ?? s);
  }
  return [inner];
}

/** Where a guard of the route came from: the route itself, or a mount on the way to the app. */
function originOf(route: Route, guard: string, fallback: ProtectionVia): { via: ProtectionVia; at: { path: string; line: number } } {
  const mount = route.mounts?.find((m) => m.guards.includes(guard));
  if (mount) return { via: 'parent-router', at: { path: mount.path, line: mount.line } };
  return { via: fallback, at: { path: route.path, line: route.line } };
}

function routeVia(route: Route, guard: string, python: boolean): ProtectionVia {
  if (/^(Depends|Security)\(/.test(guard)) return 'dependency';
  if (route.framework === 'nestjs' || /^@?UseGuards/.test(guard)) return 'guard';
  if (/^(preHandler|onRequest|preValidation|preParsing|beforeHandler)\s*:/.test(guard)) return 'hook';
  if (/^(method_decorators|decorators|permission_classes|authentication_classes)=/.test(guard) || route.framework.startsWith('django')) return 'view-class';
  return python ? 'decorator' : 'middleware';
}

/** The route's own and inherited guards and dependency parameters, as protections. */
export function attachedProtections(route: Route, aliases: ReadonlyMap<string, DependencyAlias>): Protection[] {
  const out: Protection[] = [];
  const python = route.path.endsWith('.py');
  for (const guard of route.guards) {
    const { via, at } = originOf(route, guard, routeVia(route, guard, python));
    out.push({ via, text: guard, at });
  }
  for (const param of route.params) {
    const alias = aliases.get(param.replace(/^Annotated\[|\]$/g, ''));
    if (/\b(Depends|Security)\(/.test(param)) out.push({ via: 'dependency', text: param, at: { path: route.path, line: route.handlerLine ?? route.line } });
    else if (alias) out.push({ via: 'dependency', text: alias.text, at: { path: route.path, line: route.handlerLine ?? route.line }, context: alias.path });
  }
  return out;
}

export interface DependencyAlias {
  text: string;
  path: string;
  line: number;
}

/** FastAPI `CurrentUser = Annotated[User, Depends(get_current_user)]`: alias name → its definition, project-wide. */
export function dependencyAliases(project: Project): Map<string, DependencyAlias> {
  const out = new Map<string, DependencyAlias>();
  for (const file of project.code({ languages: ['python'] })) {
    for (const b of file.bindings) if (b.fn === -1 && b.via === 'assign' && /\b(Depends|Security)\(/.test(b.value.text)) out.set(b.name, { text: b.value.text, path: file.path, line: b.line });
  }
  return out;
}

/** `Depends(get_user)` → `get_user`; `Annotated[User, Depends(x)]` → `x`; `Security(x, scopes=[...])` → `x`. */
export function dependencyTarget(text: string): string | undefined {
  return /\b(?:Depends|Security)\(\s*([\w.]+)/.exec(text)?.[1];
}

export function inComponent(project: Project, component: ComponentProfile, path: string): boolean {
  return (project.componentOf(path)?.path ?? '.') === component.path;
}
