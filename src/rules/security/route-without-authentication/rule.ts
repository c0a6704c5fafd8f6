import { defineRule } from '../../../engine/rule.js';
import type { Route } from '../../../project/inventory/runtime.js';
import { globalAuth, judgeRoutes, PATH_PARAM, type GlobalAuth, type Judged } from '../auth-checks.js';

type MessageId = 'siblingsGuarded' | 'elsewhereGuarded';

/** Above this many weakly-evidenced gaps, the service's auth scheme is evidently not understood: report none. */
const MAX_WEAK = 5;

function handlerName(j: Judged): string {
  return j.handler === '(inline)' ? 'inline handler' : j.handler;
}

function describe(j: Judged): string {
  return `${j.method === 'ANY' ? '' : `${j.method} `}${j.route}`;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC003',
    name: 'route-without-authentication',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Route without authentication',
    description: 'A web route that changes or reads user data with no authentication, where the same router or application protects its other routes.',
    archetypes: ['service'],
    nonGoal: 'Only multi-user services are judged: a CLI, a local dev server or a static file server serves whoever runs it, by design.',
    messages: {
      siblingsGuarded: '`{{route}}` ({{handler}}) requires no authentication, while other routes in this {{unit}} do ({{guarded}} of them, e.g. line {{example}}): anyone can call it.',
      elsewhereGuarded: '`{{route}}` ({{handler}}) changes data and requires no authentication, while the service protects routes elsewhere (e.g. {{example}}); if it is public on purpose, mark it so.',
    },
    fix: 'Add the authentication the neighbouring routes use (a guard, dependency, decorator or middleware), or apply auth once at the router/app level and mark the few public routes explicitly (`@Public()`, `AllowAny`).',
    acceptance: 'Every route that reads or changes user data requires an authenticated caller; public routes are explicit and few.',
    references: ['CWE-306: Missing Authentication for Critical Function', 'CWE-862: Missing Authorization', 'OWASP API Security Top 10 2023: API2 Broken Authentication, API5 Broken Function Level Authorization'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const globals = globalAuth(project);
    const coveredBy = (r: Route): GlobalAuth | undefined =>
      globals.find((g) => g.frameworks.includes(r.framework) && (project.componentOf(g.path)?.path ?? '.') === (project.componentOf(r.path)?.path ?? '.'));
    const drfDefaultGuarded = globals.some((g) => g.frameworks.includes('django-rest-framework'));
    const judged = judgeRoutes(project, (r) => coveredBy(r) !== undefined, drfDefaultGuarded);
    const anyGuarded = judged.filter((j) => j.guarded);
    const weak: Array<{ j: Judged; elsewhere: Judged }> = [];
    for (const j of judged) {
      if (j.guarded || j.public) continue;
      const siblings = judged.filter((s) => s !== j && s.group === j.group && s.guarded && (j.write || s.reads));
      if (siblings.length > 0 && (j.write || PATH_PARAM.test(j.route))) {
        const first = siblings[0] as Judged;
        report({
          messageId: 'siblingsGuarded',
          data: { route: describe(j), handler: handlerName(j), guarded: siblings.length, unit: j.framework === 'nestjs' ? 'controller' : j.framework.startsWith('django') ? 'URLconf' : 'router', example: first.line },
          path: j.path,
          line: j.line,
          related: [{ path: first.path, line: first.line }],
          // Reading one record without a login is often the design (a public article next to a personal feed):
          // worth a look, not a high.
          ...(j.write ? {} : { severity: 'medium' as const, confidence: 'low' as const }),
        });
        continue;
      }
      const elsewhere = anyGuarded.find((g) => g.group !== j.group);
      if (j.write && elsewhere) weak.push({ j, elsewhere });
    }
    // Many unprotected routers in a service that protects others: auth is applied in a way not understood here
    // (a base class, a decorator factory, a gateway). Silence beats a guess.
    if (weak.length <= MAX_WEAK) {
      for (const { j, elsewhere } of weak) {
        report({
          messageId: 'elsewhereGuarded',
          data: { route: describe(j), handler: handlerName(j), example: `${elsewhere.path}:${elsewhere.line}` },
          path: j.path,
          line: j.line,
          related: [{ path: elsewhere.path, line: elsewhere.line }],
          severity: 'medium',
          confidence: 'low',
        });
      }
    }
  },
});
