import { defineStrength } from '../../../engine/strength.js';
import { surfaceOf, type SurfaceRoute } from '../../../project/surface/index.js';
import { APPLIED_ONCE, type Protection } from '../../../project/surface/model.js';

/** The central protection that authenticates this route, when one does and refuses callers without credentials. */
function centralAuth(route: SurfaceRoute): Protection | undefined {
  if (route.auth.state !== 'enforced') return undefined;
  return (route.auth.all ?? (route.auth.by ? [route.auth.by] : [])).find((p) => APPLIED_ONCE.has(p.via));
}

export default defineStrength({
  meta: {
    code: 'STR033',
    name: 'authentication-enforced-centrally',
    category: 'security',
    title: 'Authentication enforced centrally',
    description: 'Credits authentication applied once for an application, router or blueprint (a global guard, middleware, request hook or framework default) that refuses unauthenticated callers.',
    condition:
      'In the service surface, routes whose authentication is enforced by a protection applied once for many routes (app middleware or global guard, a request hook, a parent router\'s dependencies, framework settings such as DRF DEFAULT_PERMISSION_CLASSES), and that protection refuses callers without valid credentials (not a placeholder). One credit per component, listing the places.',
    archetypes: ['service'],
    opposes: [{ rule: 'route-without-authentication', scope: 'component' }],
    references: ['OWASP ASVS 4.1.1 / 4.1.3', 'CWE-306'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const places = new Map<string, Protection>();
      let covered = 0;
      for (const route of surfaceOf(project, component).routes) {
        const central = centralAuth(route);
        if (!central) continue;
        covered++;
        places.set(`${central.at.path}:${central.at.line}`, central);
      }
      const list = [...places.values()];
      const first = list[0];
      if (!first) continue;
      const shown = list.slice(0, 3).map((p) => `\`${p.text.slice(0, 70)}\``).join(', ');
      credit({
        message: `Authentication is enforced once rather than route by route (${covered} route${covered === 1 ? '' : 's'}): ${shown}${list.length > 3 ? ` and ${list.length - 3} more` : ''}; routes added there are protected by default.`,
        path: first.at.path,
        line: first.at.line,
        related: list.slice(1, 6).map((p) => ({ path: p.at.path, line: p.at.line })),
      });
    }
  },
});
