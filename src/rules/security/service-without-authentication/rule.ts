import { defineRule } from '../../../engine/rule.js';
import type { SurfaceRoute } from '../../../project/surface/index.js';
import { byExposure, exposedRoutes, exposureNote, listRoutes } from '../surface-routes.js';

type MessageId = 'none';

export default defineRule<MessageId>({
  meta: {
    code: 'SEC040',
    name: 'service-without-authentication',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Service whose data-changing routes have no authentication at all',
    description: 'A web service where no route requires an authenticated caller, while some of its routes create, change or delete data.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker or library has no routes for strangers to call; a local tool serves whoever runs it.',
    messages: {
      none: 'No route of this service requires authentication, and {{count}} route{{s}} change{{verb}} data: {{routes}}. Anyone who can reach it can call {{them}}.{{exposure}}',
    },
    fix: 'Put authentication in front of the service: a dependency/guard/middleware applied at the app or router level (FastAPI `dependencies=[Depends(get_current_user)]`, NestJS `APP_GUARD`, Express `app.use(requireAuth)`), with the few public routes marked explicitly; or document and configure the gateway that authenticates in front of it.',
    acceptance: 'A request without credentials to any data-changing route is refused (401/403), unless the route is public by design (login, signup, webhook with its own signature check).',
    references: ['CWE-306: Missing Authentication for Critical Function', 'OWASP API Security Top 10 2023: API2 Broken Authentication'],
    status: 'preview',
    since: '0.2.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      const judged = routes.filter((r) => !r.auth.publicByDesign);
      // Any route that authenticates (or may, through code seaworthy cannot read) means the service has auth: gaps are SEC003's.
      if (judged.some((r) => r.auth.state !== 'none')) continue;
      const open = judged.filter((r) => r.changesData && (r.writes !== undefined || /POST|PUT|PATCH|DELETE/.test(r.method)));
      const first = open[0];
      if (!first) continue;
      report({
        messageId: 'none',
        data: { count: open.length, s: open.length === 1 ? '' : 's', verb: open.length === 1 ? 's' : '', them: open.length === 1 ? 'it' : 'them', routes: listRoutes(open), exposure: exposureNote(surface) },
        path: first.declared.path,
        line: first.declared.line,
        related: open.slice(1, 4).map((r: SurfaceRoute) => ({ path: r.declared.path, line: r.declared.line })),
        severity: byExposure(surface, 'high'),
      });
    }
  },
});
