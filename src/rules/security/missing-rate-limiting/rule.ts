import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';
import { dependencyAliases, routeGuarded } from '../auth-checks.js';

type MessageId = 'none' | 'delegated';

/** Server-side rate limiters, as imported (Python modules, npm packages) and as declared in manifests. */
const LIMITER_MODULES = /^(slowapi|limits|fastapi_limiter|fastapi_limiter\..*|flask_limiter|django_ratelimit|ratelimit|ratelimiter|starlette_ratelimit|aiolimiter|express-rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|@fastify\/rate-limit|fastify-rate-limit|koa-ratelimit|koa2-ratelimit|hono-rate-limiter|express-brute|@upstash\/ratelimit)(\..*)?$/;
const LIMITER_PACKAGES = /^(slowapi|limits|fastapi-limiter|flask-limiter|django-ratelimit|ratelimit|ratelimiter|starlette-ratelimit|express-rate-limit|rate-limiter-flexible|@nestjs\/throttler|express-slow-down|@fastify\/rate-limit|fastify-rate-limit|koa-ratelimit|koa2-ratelimit|hono-rate-limiter|express-brute|@upstash\/ratelimit)$/i;
/** Rate limiting in proxy, ingress and platform configuration (Traefik labels, nginx, ingress annotations, Caddy, Kong, Envoy). */
const PROXY_LIMIT = /limit_req|ratelimit|rate_limit|rate-limiting|rateLimit|limit-rps|limit-rpm|limit-connections|local_ratelimit/i;
/** Account lockout after repeated failures. */
const LOCKOUT = /lockout|max_?login_?attempts|login_?attempts|failed_?(login_?)?attempts|locked_?at/i;
/** Hand-written limiters and DRF throttles. */
const CODE_LIMIT = /rate_?limit|throttl/i;
/** Routes that take credentials or send mail to whoever asks: the ones brute force and abuse go after. */
const CREDENTIAL_ROUTE = /(^|[/_.-])(login|log-in|signin|sign-in|token|password|passwords|forgot|reset|recover|recovery|register|registration|signup|sign-up|otp|2fa|mfa|magic)([/_.-]|$)/i;
/** Docs that say rate limiting is left to the platform on purpose. */
const DELEGATION = /proxy|gateway|nginx|cloudflare|ingress|load balancer|\bwaf\b|traefik|envoy|\bkong\b/i;

const SEARCHED_LIBRARIES = 'slowapi, limits, fastapi-limiter, flask-limiter, django-ratelimit, DRF throttling, express-rate-limit, rate-limiter-flexible, @nestjs/throttler, @fastify/rate-limit, koa-ratelimit, account lockout';
const SEARCHED_PROXIES = 'Traefik ratelimit middleware labels, nginx limit_req, ingress limit annotations, Caddy/Kong/Envoy rate limits';

function inComponent(project: Project, component: ComponentProfile, path: string): boolean {
  return (project.componentOf(path)?.path ?? '.') === component.path;
}

function limiterInCode(project: Project, component: ComponentProfile): boolean {
  for (const file of project.code()) {
    if (!inComponent(project, component, file.path)) continue;
    if (file.imports.some((i) => !i.relative && LIMITER_MODULES.test(i.module))) return true;
    if (file.functions.some((f) => CODE_LIMIT.test(f.name) || f.decorators.some((d) => CODE_LIMIT.test(d.name)))) return true;
    if (file.bindings.some((b) => /DEFAULT_THROTTLE_(CLASSES|RATES)|throttle_classes/.test(b.name))) return true;
    if (file.classes.some((c) => CODE_LIMIT.test(c.name) || c.fields.some((f) => f.name === 'throttle_classes'))) return true;
    if (file.calls.some((c) => CODE_LIMIT.test(c.callee))) return true;
    // Account lockout after failed logins answers the same brute-force threat for the login endpoint.
    if (file.bindings.some((b) => LOCKOUT.test(b.name)) || file.functions.some((f) => LOCKOUT.test(f.name)) || file.classes.some((c) => c.fields.some((f) => LOCKOUT.test(f.name)))) return true;
    const text = file.path.includes('settings') ? project.readText(file.path) ?? '' : '';
    if (/DEFAULT_THROTTLE_(CLASSES|RATES)/.test(text)) return true;
  }
  return project.manifests.some((m) => inComponent(project, component, m.path) && m.dependencies.some((d) => LIMITER_PACKAGES.test(d.name)));
}

/** A deployment file or doc speaks for a component when it sits inside it or at the shared root of the repository. */
function speaksFor(project: Project, component: ComponentProfile, path: string): boolean {
  const owner = project.componentOf(path)?.path ?? '.';
  return owner === component.path || owner === '.';
}

/** Rate limiting configured in the deployment files: compose labels, proxy, ingress and platform configuration. */
function limiterInInfra(project: Project, component: ComponentProfile): { path: string; line: number } | undefined {
  for (const compose of project.inventory.infra.compose) {
    if (!speaksFor(project, component, compose.path)) continue;
    for (const service of compose.services) {
      const label = service.labels.find((l) => PROXY_LIMIT.test(l.value));
      if (label) return { path: compose.path, line: label.line };
    }
  }
  for (const file of project.files) {
    if (file.kind === 'code' || file.language === 'markdown' || ['docs', 'test', 'fixture', 'example'].includes(file.role)) continue;
    if (/(^|\/)(\.github|\.gitlab|\.circleci)\/|(^|\/)package\.json$|\.(md|mdx|rst|txt)$/.test(file.path) || !speaksFor(project, component, file.path)) continue;
    const lines = (project.readText(file.path) ?? '').split('\n');
    const index = lines.findIndex((l) => PROXY_LIMIT.test(l));
    if (index !== -1) return { path: file.path, line: index + 1 };
  }
  return undefined;
}

/** A line of the docs saying rate limiting is delegated to a proxy or platform: `docs/auth.md:243`. */
function delegationInDocs(project: Project, component: ComponentProfile): { path: string; line: number } | undefined {
  for (const file of project.texts()) {
    if (file.language !== 'markdown' || !speaksFor(project, component, file.path)) continue;
    const lines = file.text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      // One sentence must name both: rate limiting and the proxy or gateway that does it.
      const sentences = (lines[i] ?? '').split(/(?<=[.!?])\s+/);
      const pairs = sentences.map((s, k) => `${s} ${sentences[k + 1] ?? ''}`);
      if (pairs.some((s) => /rate[- ]?limit/i.test(s) && DELEGATION.test(s))) return { path: file.path, line: i + 1 };
    }
  }
  return undefined;
}

/** Unauthenticated routes that take credentials (an authenticated `/login/test-token` is not one). */
function credentialRoutes(project: Project, component: ComponentProfile): Route[] {
  const aliases = dependencyAliases(project);
  return project.inventory.runtime.routes.filter(
    (r) => inComponent(project, component, r.path) && !r.includedWhen && /POST|ANY/.test(r.method) && CREDENTIAL_ROUTE.test(r.route) && !routeGuarded(r, aliases, project),
  );
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC004',
    name: 'missing-rate-limiting',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'No rate limiting on authentication endpoints',
    description: 'A service with login, token, signup or password-reset endpoints and no rate limiter in its code, dependencies or proxy configuration.',
    archetypes: ['service'],
    nonGoal: 'Rate limiting protects a shared, public service from abuse; a CLI, worker or library has no endpoint for strangers to hammer.',
    messages: {
      none: 'No rate limiting found for {{count}} credential endpoint(s) ({{routes}}): searched imports and manifests for {{libraries}}, and deployment files for {{proxies}}. Passwords can be guessed and reset e-mails sent without limit.',
      delegated: 'Accepted: no rate limiter in the code for {{count}} credential endpoint(s) ({{routes}}); the docs delegate rate limiting to the proxy or platform ({{doc}}). Make sure the deployment really configures it.',
    },
    fix: 'Limit the credential endpoints per client and per account (slowapi / flask-limiter / django-ratelimit / DRF throttles, express-rate-limit / @nestjs/throttler), or configure the limit in the reverse proxy the repository deploys (Traefik ratelimit middleware, nginx limit_req).',
    acceptance: 'Repeated login, token, signup and password-reset requests from one client are refused (429) after a small number per minute.',
    references: ['CWE-307: Improper Restriction of Excessive Authentication Attempts', 'CWE-770: Allocation of Resources Without Limits or Throttling', 'OWASP API Security Top 10 2023: API4 Unrestricted Resource Consumption', 'OWASP ASVS 4.0 §2.2.1'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const routes = credentialRoutes(project, component);
      const first = routes[0];
      if (!first || limiterInCode(project, component) || limiterInInfra(project, component)) continue;
      const delegated = delegationInDocs(project, component);
      const listed = routes.slice(0, 4).map((r) => `${r.method === 'ANY' ? '' : `${r.method} `}${r.route}`).join(', ') + (routes.length > 4 ? ', …' : '');
      const related = routes.slice(1, 4).map((r) => ({ path: r.path, line: r.line }));
      if (delegated) {
        report({
          messageId: 'delegated',
          data: { count: routes.length, routes: listed, doc: `${delegated.path}:${delegated.line}` },
          path: first.path,
          line: first.line,
          related: [{ path: delegated.path, line: delegated.line }, ...related],
          severity: 'info',
          confidence: 'high',
        });
        continue;
      }
      report({ messageId: 'none', data: { count: routes.length, routes: listed, libraries: SEARCHED_LIBRARIES, proxies: SEARCHED_PROXIES }, path: first.path, line: first.line, related });
    }
  },
});
