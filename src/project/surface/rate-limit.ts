/**
 * Rate limiting of a component, outside single routes: an app-wide limiter in the code (slowapi/flask-limiter
 * defaults, DRF throttles, `app.use(rateLimit(...))`, a registered `@fastify/rate-limit`, a global NestJS
 * `ThrottlerGuard`, a hand-written limiter or account lockout), or one in the proxy, ingress or platform
 * configuration the repository deploys; and limiter packages that are declared but never used.
 */
import type { ComponentProfile } from '../../model/report.js';
import type { Project } from '../project.js';
import type { RateLimitInfo, Where } from './model.js';
import { inComponent } from './protections.js';

/** Server-side rate limiters, as imported (Python modules, npm packages). */
export const LIMITER_MODULES =
  /^(slowapi|limits|fastapi_limiter|flask_limiter|django_ratelimit|ratelimit|ratelimiter|starlette_ratelimit|aiolimiter|express-rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|@fastify\/rate-limit|fastify-rate-limit|koa-ratelimit|koa2-ratelimit|hono-rate-limiter|express-brute|@upstash\/ratelimit|axes|django_axes)(\..*|\/.*)?$/;
/** The same, as declared in manifests. */
export const LIMITER_PACKAGES =
  /^(slowapi|limits|fastapi-limiter|flask-limiter|django-ratelimit|ratelimit|ratelimiter|starlette-ratelimit|express-rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|@fastify\/rate-limit|fastify-rate-limit|koa-ratelimit|koa2-ratelimit|hono-rate-limiter|express-brute|@upstash\/ratelimit|django-axes)$/i;
/** Rate limiting in proxy, ingress and platform configuration (Traefik labels, nginx, ingress annotations, Caddy, Kong, Envoy). */
const PROXY_LIMIT = /limit_req|ratelimit|rate_limit|rate-limiting|rateLimit|limit-rps|limit-rpm|limit-connections|local_ratelimit/i;
/** Account lockout after repeated failures: it answers brute force on the login endpoint. */
const LOCKOUT = /lockout|max_?login_?attempts|login_?attempts|failed_?(login_?)?attempts|locked_?at|ACCOUNT_LOGIN_ATTEMPTS_LIMIT/i;
/** Hand-written limiters and DRF throttles. */
const CODE_LIMIT = /rate_?limit|throttl/i;

/** Some limiter in the component's code (imported, hand-written, throttles, lockout): it may cover only some routes. */
export function limiterInCode(project: Project, component: ComponentProfile): RateLimitInfo | undefined {
  for (const file of project.code()) {
    if (!inComponent(project, component, file.path)) continue;
    const imported = file.imports.find((i) => !i.relative && LIMITER_MODULES.test(i.module));
    if (imported) return { scope: 'app', by: { text: `uses ${imported.module}`, at: { path: file.path, line: imported.line } } };
    const fn = file.functions.find((f) => CODE_LIMIT.test(f.name) || f.decorators.some((d) => CODE_LIMIT.test(d.name)));
    if (fn) return { scope: 'app', by: { text: fn.name, at: { path: file.path, line: fn.line } } };
    const throttle = file.bindings.find((b) => /DEFAULT_THROTTLE_(CLASSES|RATES)|throttle_classes/.test(b.name)) ?? file.classes.flatMap((c) => c.fields).find((f) => f.name === 'throttle_classes');
    if (throttle) return { scope: 'app', by: { text: throttle.name, at: { path: file.path, line: throttle.line } } };
    const cls = file.classes.find((c) => CODE_LIMIT.test(c.name));
    if (cls) return { scope: 'app', by: { text: cls.name, at: { path: file.path, line: cls.line } } };
    const call = file.calls.find((c) => CODE_LIMIT.test(c.callee));
    if (call) return { scope: 'app', by: { text: call.callee, at: { path: file.path, line: call.line } } };
    const lockout = file.bindings.find((b) => LOCKOUT.test(b.name)) ?? file.functions.find((f) => LOCKOUT.test(f.name)) ?? file.classes.flatMap((c) => c.fields).find((f) => LOCKOUT.test(f.name));
    if (lockout) return { scope: 'app', by: { text: `account lockout (${lockout.name})`, at: { path: file.path, line: lockout.line } } };
    if (file.path.includes('settings')) {
      const lines = (project.readText(file.path) ?? '').split('\n');
      const index = lines.findIndex((l) => /DEFAULT_THROTTLE_(CLASSES|RATES)|ACCOUNT_LOGIN_ATTEMPTS_LIMIT|AXES_/.test(l) && !/^\s*#/.test(l));
      if (index !== -1) return { scope: 'app', by: { text: (lines[index] ?? '').trim().slice(0, 60), at: { path: file.path, line: index + 1 } } };
    }
  }
  return undefined;
}

/** A deployment file speaks for a component when it sits inside it or at the shared root of the repository. */
function speaksFor(project: Project, component: ComponentProfile, path: string): boolean {
  const owner = project.componentOf(path)?.path ?? '.';
  return owner === component.path || owner === '.';
}

/** Rate limiting configured where the repository deploys the service: compose labels, proxy, ingress, platform files. */
function proxyLimiter(project: Project, component: ComponentProfile): RateLimitInfo | undefined {
  for (const compose of project.inventory.infra.compose) {
    if (!speaksFor(project, component, compose.path)) continue;
    for (const service of compose.services) {
      const label = service.labels.find((l) => PROXY_LIMIT.test(l.value));
      if (label) return { scope: 'proxy', by: { text: label.value.slice(0, 80), at: { path: compose.path, line: label.line } } };
    }
  }
  for (const file of project.files) {
    if (file.kind === 'code' || file.language === 'markdown' || ['docs', 'test', 'fixture', 'example'].includes(file.role)) continue;
    if (/(^|\/)(\.github|\.gitlab|\.circleci)\/|(^|\/)package(-lock)?\.json$|\.(md|mdx|rst|txt|lock)$/.test(file.path) || !speaksFor(project, component, file.path)) continue;
    const lines = (project.readText(file.path) ?? '').split('\n');
    const index = lines.findIndex((l) => PROXY_LIMIT.test(l) && !/^\s*#/.test(l));
    if (index !== -1) return { scope: 'proxy', by: { text: (lines[index] ?? '').trim().slice(0, 80), at: { path: file.path, line: index + 1 } } };
  }
  return undefined;
}

/** Limiter factories whose result, given to `use`/`register`, limits every request. */
const LIMITER_FACTORY = /^(rateLimit|RateLimit|slowDown|rateLimiter|RateLimiterMiddleware|ratelimit|koaRatelimit|rateLimiterMiddleware)$/;

/** A limiter that applies to every route of the app: global middleware, default limits, DRF throttles, a global guard. */
function appWideLimiter(project: Project, component: ComponentProfile): RateLimitInfo | undefined {
  for (const hook of project.inventory.runtime.hooks) {
    if (!inComponent(project, component, hook.path) || hook.pathPrefix !== undefined) continue;
    const file = project.file(hook.path);
    const binding = file?.kind === 'code' ? file.bindings.find((b) => b.fn === -1 && b.name === hook.text && b.value.kind === 'call') : undefined;
    if (CODE_LIMIT.test(hook.text) || /limiter/i.test(hook.text) || LIMITER_FACTORY.test(binding?.value.callee ?? '')) return { scope: 'app', by: { text: hook.text.slice(0, 60), at: { path: hook.path, line: hook.line } } };
  }
  for (const file of project.code()) {
    if (!inComponent(project, component, file.path)) continue;
    const limiterNames = new Set(file.imports.filter((i) => !i.relative && LIMITER_MODULES.test(i.module)).flatMap((i) => [...i.names, ...(i.alias ? [i.alias] : [])]));
    for (const call of file.calls) {
      const defaults = /(^|\.)Limiter$/.test(call.callee) && (call.kwargs['default_limits'] !== undefined || call.kwargs['application_limits'] !== undefined);
      const registered = /\.register$/.test(call.callee) && call.args[0] !== undefined && limiterNames.has(call.args[0].text) && !/global\s*:\s*false/.test(call.args[1]?.text ?? '');
      const middleware = /\.add_middleware$/.test(call.callee) && /SlowAPI|RateLimit/i.test(call.args[0]?.text ?? '');
      const guard = /useGlobalGuards$/.test(call.callee) && call.args.some((a) => /Throttler/.test(a.text));
      if (defaults || registered || middleware || guard) return { scope: 'app', by: { text: `${call.callee}(${(call.args[0]?.text ?? '').slice(0, 40)})`, at: { path: file.path, line: call.line } } };
    }
    const lines = /settings|app\.module|module\.ts/.test(file.path) ? (project.readText(file.path) ?? '').split('\n') : [];
    const index = lines.findIndex((l) => /DEFAULT_THROTTLE_CLASSES|useClass:\s*ThrottlerGuard/.test(l) && !/^\s*(#|\/\/)/.test(l));
    if (index !== -1) return { scope: 'app', by: { text: (lines[index] ?? '').trim().slice(0, 60), at: { path: file.path, line: index + 1 } } };
  }
  return undefined;
}

export interface ComponentLimits {
  /** Applies to every route. */
  app?: RateLimitInfo;
  /** At the proxy, ingress or platform. */
  proxy?: RateLimitInfo;
  /** Some limiter in the code, perhaps only on some routes. */
  code?: RateLimitInfo;
}

export function componentRateLimit(project: Project, component: ComponentProfile): ComponentLimits {
  const app = appWideLimiter(project, component);
  const proxy = proxyLimiter(project, component);
  const code = limiterInCode(project, component);
  return { ...(app ? { app } : {}), ...(proxy ? { proxy } : {}), ...(code ? { code } : {}) };
}

/** Rate-limit packages the component declares but never imports: a limiter someone meant to register. */
export function limitersDeclaredNotUsed(project: Project, component: ComponentProfile): Array<Where & { name: string }> {
  const imported = new Set(project.code().filter((f) => inComponent(project, component, f.path)).flatMap((f) => f.imports.map((i) => i.module)));
  const out: Array<Where & { name: string }> = [];
  for (const m of project.manifests) {
    if (!inComponent(project, component, m.path)) continue;
    for (const d of m.dependencies) {
      if (d.kind !== 'runtime' || !LIMITER_PACKAGES.test(d.name)) continue;
      const module = m.ecosystem === 'python' ? d.name.replace(/-/g, '_').toLowerCase() : d.name;
      if ([...imported].some((i) => i === module || i.startsWith(`${module}.`) || i.startsWith(`${module}/`))) continue;
      out.push({ name: d.name, path: m.path, line: d.line });
    }
  }
  return out;
}

/** Docs that say rate limiting is left to the platform on purpose: `docs/auth.md:243`. */
export function delegationInDocs(project: Project, component: ComponentProfile): Where | undefined {
  for (const file of project.texts()) {
    if (file.language !== 'markdown' || !speaksFor(project, component, file.path)) continue;
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      // One sentence must name both: rate limiting and the proxy or gateway that does it.
      const sentences = (lines[i] ?? '').split(/(?<=[.!?])\s+/);
      const pairs = sentences.map((s, k) => `${s} ${sentences[k + 1] ?? ''}`);
      if (pairs.some((s) => /rate[- ]?limit/i.test(s) && /proxy|gateway|nginx|cloudflare|ingress|load balancer|\bwaf\b|traefik|envoy|\bkong\b/i.test(s))) return { path: file.path, line: i + 1 };
    }
  }
  return undefined;
}
