import type { CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import type { Project } from '../../../project/project.js';
import { globalAuth, judgeRoutes, type GlobalAuth } from '../../../rules/security/auth-checks.js';
import { byCodePoint } from '../../../util/order.js';

/** A refusal that means "not authenticated": 401, Unauthorized, an auth error, a redirect to the login page. */
const REFUSES_UNAUTHENTICATED = /\b401\b|Unauthori[sz]ed|Unauthenticated|NotAuthenticated|AuthenticationFailed|AuthError|AuthenticationError|InvalidToken|login_required|url_for\(\s*["'][\w.]*login|redirect\([^)]*login/;
/** Hooks that protect something else: CSRF nonces, set-up wizards. */
const OTHER_PROTECTION = /csrf|nonce|setup|subdirectory|maintenance/i;
/** Middleware named as enforcing (not a bare `auth` that may only identify the caller). */
const ENFORCING_NAME = /^(require|ensure|must|check|verify|protect|is)[A-Z_]\w*|\w(Middleware|Guard|Required|_required)$|^passport\.authenticate$|^(expressjwt|expressJwt|koaJwt|checkJwt|verifyJwt|verifyToken|jwtAuth\w*)$/;

function functionsNamed(project: Project, name: string): Array<{ file: CodeFacts; fn: FunctionFact }> {
  const out: Array<{ file: CodeFacts; fn: FunctionFact }> = [];
  for (const file of project.code()) for (const fn of file.functions) if (fn.name === name) out.push({ file, fn });
  return out;
}

function bodyOf(project: Project, file: CodeFacts, fn: FunctionFact): string {
  return (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, fn.endLine).join('\n');
}

/** The hook refuses unauthenticated callers, itself or through a function of the project it calls (one level). */
function refusesUnauthenticated(project: Project, name: string): boolean {
  const found = functionsNamed(project, name);
  if (found.length === 0 || found.some(({ fn }) => fn.stub !== undefined)) return false;
  return found.every(({ file, fn }) => {
    const body = bodyOf(project, file, fn);
    if (OTHER_PROTECTION.test(body) || OTHER_PROTECTION.test(fn.name)) return false;
    if (REFUSES_UNAUTHENTICATED.test(body)) return true;
    const index = file.functions.indexOf(fn);
    return file.calls.filter((c) => c.fn === index).some((c) => functionsNamed(project, c.callee.split('.').pop() ?? '').some((t) => REFUSES_UNAUTHENTICATED.test(bodyOf(project, t.file, t.fn)) && !OTHER_PROTECTION.test(bodyOf(project, t.file, t.fn))));
  });
}

/** The middleware, hook or guard a global-auth site applies, when it can be named. */
function applied(project: Project, g: GlobalAuth): string | undefined {
  const file = project.file(g.path);
  if (file?.kind !== 'code') return undefined;
  if (g.frameworks.includes('django-rest-framework') || g.frameworks.includes('django')) return g.detail;
  if (g.detail === 'APP_GUARD provider') {
    const provider = file.bindings.find((b) => b.name === 'useClass' && !/Throttl/.test(b.value.text));
    return provider ? `APP_GUARD ${provider.value.text}` : undefined;
  }
  if (/^@(\S*before_(app_)?request) (\w+)$/.test(g.detail)) {
    const name = /(\w+)$/.exec(g.detail)?.[1] ?? '';
    return refusesUnauthenticated(project, name) ? g.detail : undefined;
  }
  const call = file.calls.find((c) => c.line === g.line);
  if (!call) return undefined;
  if (/useGlobalGuards$/.test(call.callee)) return call.args.some((a) => /Auth|Jwt/i.test(a.text) && !/Throttl/.test(a.text)) ? g.detail : undefined;
  if (/add_middleware$/.test(call.callee)) return g.detail;
  const names = call.args.filter((a) => a.kind !== 'string').map((a) => (a.kind === 'call' ? (a.callee ?? '') : a.text));
  if (/before_request$/.test(call.callee)) {
    const hook = names.find((n) => refusesUnauthenticated(project, n.split('.').pop() ?? n));
    return hook ? `${call.callee}(${hook})` : undefined;
  }
  const middleware = names.find((n) => ENFORCING_NAME.test(n));
  return middleware ? `${call.callee}(${middleware})` : undefined;
}

export default defineStrength({
  meta: {
    code: 'STR033',
    name: 'authentication-enforced-centrally',
    category: 'security',
    title: 'Authentication enforced centrally',
    description: 'Credits authentication applied once for an application, router or blueprint (a global guard, middleware, request hook or framework default) that refuses unauthenticated callers.',
    condition:
      'A NestJS APP_GUARD/useGlobalGuards with an auth guard; Express/Koa/Hono/Fastify middleware named as enforcing (requireAuth, authMiddleware, passport.authenticate …, not a bare `auth` that may only identify); a Flask/Quart before_request hook whose body (or a function it calls) answers 401, raises an auth error or redirects to login, and is not a no-op or a CSRF/set-up check; DRF DEFAULT_PERMISSION_CLASSES or LoginRequiredMiddleware. One credit per component, listing the places.',
    archetypes: ['service'],
    opposes: [{ rule: 'route-without-authentication', scope: 'component' }],
    references: ['OWASP ASVS 4.1.1 / 4.1.3', 'CWE-306'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const globals = globalAuth(project);
    if (globals.length === 0) return;
    const judged = judgeRoutes(project, () => false, false);
    const byComponent = new Map<string, Array<{ g: GlobalAuth; what: string }>>();
    for (const g of globals) {
      const what = applied(project, g);
      if (!what || !judged.some((j) => g.frameworks.includes(j.framework))) continue;
      const component = project.componentOf(g.path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), { g, what }]);
    }
    for (const [, places] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = places[0];
      if (!first) continue;
      const shown = places.slice(0, 3).map((p) => `\`${p.what.slice(0, 70)}\``).join(', ');
      credit({
        message: `Authentication is enforced once rather than route by route: ${shown}${places.length > 3 ? ` and ${places.length - 3} more` : ''}; routes added there are protected by default.`,
        path: first.g.path,
        line: first.g.line,
        related: places.slice(1, 6).map((p) => ({ path: p.g.path, line: p.g.line })),
      });
    }
  },
});
