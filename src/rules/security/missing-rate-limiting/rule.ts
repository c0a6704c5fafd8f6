import { defineRule } from '../../../engine/rule.js';
import type { SurfaceRoute } from '../../../project/surface/model.js';
import { COSTLY_ROUTE, CREDENTIAL_ROUTE } from '../../../project/surface/names.js';
import { delegationInDocs } from '../../../project/surface/rate-limit.js';
import { byExposure, exposedRoutes, exposureNote, listRoutes } from '../surface-routes.js';

type MessageId = 'none' | 'declared' | 'delegated';

const SEARCHED =
  'slowapi, limits, fastapi-limiter, flask-limiter, django-ratelimit, DRF throttling, express-rate-limit, rate-limiter-flexible, @nestjs/throttler, @fastify/rate-limit, koa-ratelimit, account lockout; Traefik ratelimit labels, nginx limit_req, ingress limit annotations';

/** Routes abuse goes after: credential, reset and signup endpoints open to anyone, and costly ones (LLM, search, export, e-mail, upload). */
function targets(routes: readonly SurfaceRoute[]): { credential: SurfaceRoute[]; costly: SurfaceRoute[] } {
  const credential = routes.filter((r) => /POST|ANY|PUT/.test(r.method) && r.auth.state !== 'enforced' && (CREDENTIAL_ROUTE.test(r.path) || CREDENTIAL_ROUTE.test(r.route.handler)));
  const costly = routes.filter((r) => !credential.includes(r) && r.auth.state !== 'enforced' && r.changesData && COSTLY_ROUTE.test(r.path));
  const costlyAuthenticated = routes.filter((r) => !credential.includes(r) && !costly.includes(r) && r.changesData && COSTLY_ROUTE.test(r.path) && r.auth.state === 'enforced');
  return { credential, costly: [...costly, ...costlyAuthenticated] };
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC004',
    name: 'missing-rate-limiting',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'No rate limiting',
    description: 'A public service with no rate limiter in its code, its dependencies or the proxy configuration it deploys; high when credential, reset, signup or costly (LLM, search, export, e-mail, upload) endpoints are open. A limiter package declared but never used counts as none.',
    archetypes: ['service'],
    nonGoal: 'Rate limiting protects a shared, public service from abuse; a CLI, worker or library has no endpoint for strangers to hammer.',
    messages: {
      none: 'No rate limiting for {{what}}: {{routes}}. Searched the code and manifests for {{searched}}.{{exposure}}',
      declared: '`{{package}}` is declared as a dependency but never imported or registered, so nothing limits {{what}}: {{routes}}.{{exposure}}',
      delegated: 'Accepted: no rate limiter in the code for {{what}} ({{routes}}); the docs delegate rate limiting to the proxy or platform ({{doc}}). Make sure the deployment really configures it.',
    },
    fix: 'Limit requests per client (and per account for credential endpoints): slowapi / flask-limiter / django-ratelimit / DRF throttles, express-rate-limit / @nestjs/throttler / `fastify.register(rateLimit)`, or the reverse proxy the repository deploys (Traefik ratelimit middleware, nginx limit_req); cap costly endpoints per user.',
    acceptance: 'Repeated login, reset, signup and costly requests from one client are refused (429) after a small number per minute.',
    references: ['CWE-307: Improper Restriction of Excessive Authentication Attempts', 'CWE-770: Allocation of Resources Without Limits or Throttling', 'OWASP API Security Top 10 2023: API4 Unrestricted Resource Consumption', 'OWASP ASVS 4.0 §2.2.1'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      if (surface.appRateLimit || routes.some((r) => r.rateLimit.scope !== 'none')) continue;
      const { credential, costly } = targets(routes);
      const open = routes.filter((r) => r.kind === 'http' && (r.changesData || r.auth.state !== 'enforced') && !/health|ready|live|ping|metrics|static|favicon/i.test(r.path));
      const shown = credential.length > 0 ? credential : costly.length > 0 ? costly : open;
      const first = shown[0];
      if (!first) continue;
      // A service the repository does not show as public, with nothing worth abusing: silence.
      if (credential.length === 0 && costly.length === 0 && surface.exposure.level !== 'public') continue;
      const what = credential.length > 0 ? `${credential.length} credential endpoint${credential.length === 1 ? '' : 's'}` : costly.length > 0 ? `${costly.length} costly endpoint${costly.length === 1 ? '' : 's'}` : `the service's ${open.length} routes`;
      const severity = credential.length > 0 || costly.length > 0 ? byExposure(surface, 'high') : 'medium';
      const related = shown.slice(1, 4).map((r) => ({ path: r.declared.path, line: r.declared.line }));
      const delegated = delegationInDocs(project, component);
      if (delegated) {
        report({ messageId: 'delegated', data: { what, routes: listRoutes(shown, 4), doc: `${delegated.path}:${delegated.line}` }, path: first.declared.path, line: first.declared.line, related: [delegated, ...related], severity: 'info', confidence: 'high' });
        continue;
      }
      const declared = surface.limiterDeclaredNotUsed?.[0];
      if (declared) {
        report({ messageId: 'declared', data: { package: declared.name, what, routes: listRoutes(shown, 4), exposure: exposureNote(surface) }, path: declared.path, line: declared.line, related: [{ path: first.declared.path, line: first.declared.line }, ...related], severity });
        continue;
      }
      report({ messageId: 'none', data: { what, routes: listRoutes(shown, 4), searched: SEARCHED, exposure: exposureNote(surface) }, path: first.declared.path, line: first.declared.line, related, severity });
    }
  },
});
