/**
 * The service surface of a component, built once per project: every route with its authentication,
 * authorization, rate limit, input contract and whether it changes data (see surface/model.ts). Rules, strengths
 * and renderers read it through `surfaceOf(project, component)`.
 */
import type { ComponentProfile } from '../../model/report.js';
import { routeHandler } from '../entry-points.js';
import type { Route } from '../inventory/runtime.js';
import { isWriteCall } from '../knowledge/writes.js';
import type { Project } from '../project.js';
import { resolveFunctions, sourceOf, type FunctionRef } from './code.js';
import { djangoGlobals, judgeDjangoRoute, type DjangoGlobal } from './django.js';
import { exposureOf } from './exposure.js';
import { inputOf } from './input.js';
import { handlerChecks, judgeCodeAt, judgeProtection, rank, type Verdict } from './judge.js';
import type { AuthInfo, AuthzInfo, ComponentSurface, Protection, RateLimitInfo, SurfaceRoute, Where } from './model.js';
import { AUTH_WORD, publicByDesign } from './names.js';
import { attachedProtections, dependencyAliases, hookFunction, hooksFor, inComponent, type DependencyAlias } from './protections.js';
import { componentRateLimit, limitersDeclaredNotUsed } from './rate-limit.js';

export type { ComponentSurface, SurfaceRoute } from './model.js';

const WRITE_METHOD = /POST|PUT|PATCH|DELETE/;
/** A handler that answers with a stream of server-sent events. */
const SSE = /text\/event-stream|EventSourceResponse|sse_starlette|streamSSE\(|createSSEStream|ServerSentEvent/;

interface Shared {
  aliases: Map<string, DependencyAlias>;
  django: DjangoGlobal;
  nestGlobal: Protection[];
}

/** NestJS guards applied to every route: `APP_GUARD` providers and `useGlobalGuards(...)`. */
function nestGlobalGuards(project: Project, component: ComponentProfile): Protection[] {
  const out: Protection[] = [];
  for (const file of project.code()) {
    if (!inComponent(project, component, file.path) || file.language === 'python') continue;
    for (const call of file.calls) {
      if (/\.useGlobalGuards$/.test(call.callee)) for (const a of call.args) out.push({ via: 'app', text: a.text.replace(/^new\s+/, '').replace(/\(.*$/s, ''), at: { path: file.path, line: call.line } });
    }
    if (!file.imports.some((i) => i.names.includes('APP_GUARD'))) continue;
    const lines = (project.readText(file.path) ?? '').split('\n');
    lines.forEach((l, i) => {
      const inline = /provide:\s*APP_GUARD\s*,\s*useClass:\s*(\w+)/.exec(l)?.[1];
      const next = /provide:\s*APP_GUARD/.test(l) ? /useClass:\s*(\w+)/.exec(lines[i + 1] ?? '')?.[1] : undefined;
      const guard = inline ?? next;
      if (guard) out.push({ via: 'app', text: guard, at: { path: file.path, line: i + 1 } });
    });
  }
  return out;
}

function groupOf(route: Route): string {
  if (route.framework === 'nestjs') return `${route.path}#${route.handler.split('.')[0] ?? ''}`;
  if (route.framework.startsWith('django')) return `${route.path}#*`;
  return `${route.path}#${route.owner ?? '*'}`;
}

/** Writes reached from the handler: in its body, and in the project functions it calls directly. */
function writesOf(project: Project, handler: FunctionRef | undefined): Where[] {
  if (!handler) return [];
  const { file, fn, index } = handler;
  const inHandler = (c: { fn: number; line: number }): boolean => c.line >= fn.line && c.line <= fn.endLine && (c.fn === index || (c.fn >= 0 && file.functions[c.fn]?.parent === index));
  const out: Where[] = [];
  const calls = file.calls.filter(inHandler);
  for (const call of calls) if (isWriteCall(file, call)) out.push({ path: file.path, line: call.line });
  if (out.length > 0) return out.slice(0, 4);
  for (const call of calls.slice(0, 24)) {
    for (const target of resolveFunctions(project, file, call.callee).slice(0, 1)) {
      if (target.fn === fn) continue;
      const write = target.file.calls.find((c) => c.line >= target.fn.line && c.line <= target.fn.endLine && isWriteCall(target.file, c));
      if (write) out.push({ path: target.file.path, line: write.line });
    }
    if (out.length >= 2) break;
  }
  return out;
}

/** Calls in the handler to a check that refuses (`const user = await requireUser(request)`). */
function delegatedCheck(project: Project, handler: FunctionRef): { auth?: Verdict & { at: Where; text: string } } {
  const { file, fn, index } = handler;
  for (const call of file.calls) {
    if (call.line < fn.line || call.line > fn.endLine || (call.fn !== index && file.functions[call.fn]?.parent !== index)) continue;
    const name = call.callee.split('.').pop() ?? '';
    if (!AUTH_WORD.test(name) && !/^(require|ensure|assert|check|verify)\w*(User|Session|Auth|Login|Token|Admin|Role|Permission)/.test(name)) continue;
    const v = judgeProtection(project, { via: 'handler', text: call.callee, at: { path: file.path, line: call.line } });
    if (v.auth === 'enforced' && v.code) return { auth: { ...v, at: { path: file.path, line: call.line }, text: call.callee } };
  }
  return {};
}

const PREFERENCE: Record<Protection['via'], number> = { dependency: 0, guard: 0, decorator: 0, 'view-class': 1, middleware: 1, hook: 2, 'parent-router': 3, app: 4, settings: 4, handler: 5 };

function buildRoute(project: Project, component: ComponentProfile, route: Route, shared: Shared, limits: ReturnType<typeof componentRateLimit>): SurfaceRoute {
  const handler = routeHandler(project, route);
  const group = groupOf(route);
  const protections: Protection[] = attachedProtections(route, shared.aliases);
  for (const applied of hooksFor(project, route, project.inventory.runtime.hooks, component)) {
    if (applied.exempt) continue;
    const fn = hookFunction(project, applied.hook);
    protections.push({ via: applied.via, text: applied.hook.text === '(inline)' || applied.hook.fnLine ? (fn?.fn.name || applied.hook.text) : applied.hook.text, at: { path: applied.hook.path, line: applied.hook.line }, ...(fn ? { code: { path: fn.file.path, line: fn.fn.line } } : {}) });
  }
  if (route.framework === 'nestjs') protections.push(...shared.nestGlobal);
  let auth: AuthInfo = { state: 'none' };
  let authz: AuthzInfo = { state: 'none' };
  let rateLimit: RateLimitInfo = { scope: 'none' };
  let explicitPublic = false;
  let viewWrite = false;
  const enforcedBy: Protection[] = [];
  const ordered = [...protections].sort((a, b) => PREFERENCE[a.via] - PREFERENCE[b.via]);
  for (const p of ordered) {
    // A hook given inline is its code; one given by name is judged by name, then by its code.
    const inline = p.code !== undefined && /^\(?\s*(async\b|function\b|\(|\w+\s*=>)/.test(p.text);
    const named = inline ? {} : judgeProtection(project, p);
    const verdict = p.code && !named.auth && !named.public && !named.rateLimit ? judgeCodeAt(project, p.code, p.text) : named;
    if (verdict.public) explicitPublic = true;
    if (verdict.rateLimit && rateLimit.scope === 'none') rateLimit = { scope: 'route', by: { text: p.text, at: p.at } };
    if (verdict.auth === 'enforced') enforcedBy.push(p);
    if (verdict.auth && rank(verdict.auth) > rank(auth.state)) auth = { state: verdict.auth, by: { ...p, ...(verdict.code ? { code: verdict.code } : {}) }, ...(verdict.placeholder ? { placeholder: verdict.placeholder } : {}) };
    if (verdict.authz && rank(verdict.authz) > rank(authz.state)) authz = { state: verdict.authz, kind: /admin|superuser|staff/i.test(p.text) ? 'admin' : /role/i.test(p.text) ? 'role' : 'permission', by: p, ...(verdict.placeholder ? { placeholder: verdict.placeholder } : {}) };
  }
  if (route.framework === 'django' || route.framework === 'django-rest-framework') {
    const view = judgeDjangoRoute(project, route, shared.django);
    if (view) {
      viewWrite = view.write;
      if (view.public) explicitPublic = true;
      if (view.auth && rank(view.auth) > rank(auth.state)) auth = { state: view.auth, ...(view.by ? { by: view.by } : {}), ...(view.placeholder ? { placeholder: view.placeholder } : {}) };
      if (view.authz && rank(view.authz) > rank(authz.state)) authz = { state: view.authz, kind: 'permission', ...(view.authzBy ? { by: view.authzBy } : {}) };
    } else if (auth.state === 'none') auth = { state: 'unknown' };
  }
  // A stream's name (`/live`, `/subscribe`, `/status`) says what it carries, not that strangers may read it.
  const stream = route.kind === 'websocket' || route.kind === 'sse';
  const reason = explicitPublic ? 'marked public' : stream ? undefined : publicByDesign(route.route, route.handler === '(inline)' ? '' : route.handler, group, route.method);
  // A login, signup or reset handler checks credentials itself: that is the authentication flow, not a guard.
  if (handler && auth.state !== 'enforced' && !reason) {
    const inBody = handlerChecks(project, handler);
    const delegated = inBody.auth ? {} : delegatedCheck(project, handler);
    if (inBody.auth) auth = { state: 'enforced', by: { via: 'handler', text: 'checked in the handler', at: inBody.auth } };
    else if (delegated.auth) auth = { state: 'enforced', by: { via: 'handler', text: delegated.auth.text, at: delegated.auth.at, ...(delegated.auth.code ? { code: delegated.auth.code } : {}) } };
  }
  if (handler && authz.state !== 'enforced') {
    const inBody = handlerChecks(project, handler);
    if (inBody.authz) authz = { state: 'enforced', kind: 'permission', by: { via: 'handler', text: 'checked in the handler', at: inBody.authz } };
    else if (inBody.ownership) authz = { state: 'enforced', kind: 'ownership', by: { via: 'handler', text: 'queries scoped to the caller', at: inBody.ownership } };
  }
  if (rateLimit.scope === 'none' && limits.app) rateLimit = limits.app;
  if (rateLimit.scope === 'none' && limits.proxy) rateLimit = limits.proxy;
  const writes = writesOf(project, handler);
  if (reason) auth = { ...auth, publicByDesign: reason };
  if (enforcedBy.length > 1 && auth.state === 'enforced') auth = { ...auth, all: enforcedBy };
  const handlerAt = handler ? { path: handler.file.path, line: handler.fn.line, name: handler.fn.qualifiedName } : { path: route.path, line: route.handlerLine ?? route.line, name: route.handler };
  return {
    method: route.method,
    path: route.route,
    ...(route.prefixUnknown ? { prefixUnknown: true } : {}),
    kind: route.kind ?? (handler && SSE.test(sourceOf(project, handler.file, handler.fn)) ? 'sse' : 'http'),
    framework: route.framework,
    declared: { path: route.path, line: route.line },
    handler: handlerAt,
    group,
    auth,
    authz,
    rateLimit,
    input: inputOf(project, route, handler),
    changesData: WRITE_METHOD.test(route.method) || viewWrite || writes.length > 0,
    ...(writes.length > 0 ? { writes } : {}),
    ...(route.includedWhen ? { conditional: { at: { path: route.includedWhen.path, line: route.includedWhen.line }, condition: route.includedWhen.condition } } : {}),
    route,
  };
}

function buildSurface(project: Project, component: ComponentProfile): ComponentSurface {
  const shared: Shared = { aliases: dependencyAliases(project), django: djangoGlobals(project), nestGlobal: nestGlobalGuards(project, component) };
  const limits = componentRateLimit(project, component);
  const routes = project.inventory.runtime.routes.filter((r) => inComponent(project, component, r.path)).map((r) => buildRoute(project, component, r, shared, limits));
  for (const r of routes) {
    if (r.authz.state === 'enforced' || !r.changesData) continue;
    const siblings = routes.filter((s) => s !== r && s.group === r.group && s.changesData && s.authz.state === 'enforced').length;
    if (siblings > 0) r.authz = { ...r.authz, siblingsWith: siblings };
  }
  const declared = limitersDeclaredNotUsed(project, component);
  const appRateLimit = limits.app ?? limits.proxy ?? limits.code;
  return {
    component: component.path,
    exposure: exposureOf(project, component),
    routes,
    ...(appRateLimit ? { appRateLimit } : {}),
    ...(declared.length > 0 ? { limiterDeclaredNotUsed: declared } : {}),
  };
}

const cache = new WeakMap<Project, Map<string, ComponentSurface>>();

/** The surface of one component (cached per project). */
export function surfaceOf(project: Project, component: ComponentProfile): ComponentSurface {
  let byComponent = cache.get(project);
  if (!byComponent) {
    byComponent = new Map();
    cache.set(project, byComponent);
  }
  let surface = byComponent.get(component.path);
  if (!surface) {
    surface = buildSurface(project, component);
    byComponent.set(component.path, surface);
  }
  return surface;
}

