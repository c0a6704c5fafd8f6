import { defineRule } from '../../../engine/rule.js';
import type { SurfaceRoute } from '../../../project/surface/index.js';
import { hasPathParameter } from '../../../project/surface/names.js';
import { byExposure, describeRoute, exposedRoutes, handlerName } from '../surface-routes.js';

type MessageId = 'siblingsGuarded';

/** The kind of unit routes are grouped in, for the message. */
function unitOf(r: SurfaceRoute): string {
  return r.framework === 'nestjs' ? 'controller' : r.framework.startsWith('django') ? 'URLconf' : r.framework === 'flask' ? 'blueprint' : 'router';
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC003',
    name: 'route-without-authentication',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Route without authentication',
    description: 'A route that changes or reads user data with no authentication, where the other routes of the same router, blueprint or controller require it.',
    archetypes: ['service'],
    nonGoal: 'Only multi-user services are judged: a CLI, a local dev server or a static file server serves whoever runs it, by design.',
    nonGoalFor: { library: 'A library that declares routes leaves authentication to the application that mounts them: whoever mounts the router decides who may call it.' },
    messages: {
      siblingsGuarded:
        '`{{route}}` ({{handler}}) requires no authentication, while {{guarded}} other route{{s}} of this {{unit}} {{verb}}{{example}}: anyone who can reach the service can call it.',
    },
    fix: 'Add the authentication the neighbouring routes use (a guard, dependency, decorator or middleware), or apply auth once at the router/app level and mark the few public routes explicitly (`@Public()`, `AllowAny`).',
    acceptance: 'Every route that reads or changes user data requires an authenticated caller; public routes are explicit and few.',
    references: ['CWE-306: Missing Authentication for Critical Function', 'CWE-862: Missing Authorization', 'OWASP API Security Top 10 2023: API2 Broken Authentication, API5 Broken Function Level Authorization'],
    status: 'preview',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      const http = routes.filter((r) => r.kind !== 'websocket' && r.kind !== 'sse');
      for (const r of http) {
        if (r.auth.state !== 'none' || r.auth.publicByDesign) continue;
        if (!r.changesData && !hasPathParameter(r.path)) continue;
        const siblings = http.filter((s) => s !== r && s.group === r.group && s.auth.state === 'enforced' && !s.auth.publicByDesign && (r.changesData || !s.changesData));
        const first = siblings[0];
        if (!first) continue;
        report({
          messageId: 'siblingsGuarded',
          data: { route: describeRoute(r), handler: handlerName(r), guarded: siblings.length, s: siblings.length === 1 ? '' : 's', verb: siblings.length === 1 ? 'does' : 'do', unit: unitOf(r), example: ` (e.g. ${describeRoute(first)}, line ${first.declared.line}${first.auth.by ? `, by ${first.auth.by.text.slice(0, 60)}` : ''})` },
          path: r.declared.path,
          line: r.declared.line,
          related: [{ path: first.declared.path, line: first.declared.line }],
          // Reading one record without a login is often the design (a public article next to a personal feed).
          ...(r.changesData ? { severity: byExposure(surface, 'high') } : { severity: 'medium' as const, confidence: 'low' as const }),
        });
      }
    }
  },
});
