import { defineRule } from '../../../engine/rule.js';
import { byExposure, describeRoute, exposedRoutes, handlerName } from '../surface-routes.js';

type MessageId = 'open';

export default defineRule<MessageId>({
  meta: {
    code: 'SEC043',
    name: 'websocket-without-authentication',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    title: 'WebSocket or event stream that accepts any client',
    description: 'A WebSocket or server-sent-events endpoint with no authentication before the connection is accepted and no check of a token in its handler.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker or library opens no sockets for strangers.',
    messages: {
      open: '{{kind}} `{{route}}` ({{handler}}) accepts any client: nothing checks a session, token or key before it {{does}}.{{others}}',
    },
    fix: 'Authenticate the connection before accepting it: a dependency or guard on the endpoint, or a token (query parameter, cookie, first message) verified in the handler, closing the socket with 1008/4401 when it is missing or invalid; check the Origin header for browser clients.',
    acceptance: 'A connection attempt without valid credentials is refused or closed before any data is sent or any work is done.',
    references: ['CWE-306: Missing Authentication for Critical Function', 'CWE-1385: Missing Origin Validation in WebSockets', 'OWASP WebSocket Security Cheat Sheet'],
    status: 'preview',
    since: '0.2.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      const authenticated = routes.some((r) => r.auth.state === 'enforced' && r.kind === 'http');
      for (const r of routes) {
        if ((r.kind !== 'websocket' && r.kind !== 'sse') || r.auth.state !== 'none' || r.auth.publicByDesign) continue;
        report({
          messageId: 'open',
          data: {
            kind: r.kind === 'sse' ? 'Event stream' : 'WebSocket',
            route: describeRoute(r),
            handler: handlerName(r),
            does: r.kind === 'sse' ? 'streams data' : 'accepts the connection and its messages',
            others: authenticated ? ' The HTTP routes of the service do require authentication.' : '',
          },
          path: r.declared.path,
          line: r.declared.line,
          severity: authenticated ? byExposure(surface, 'high') : 'medium',
        });
      }
    }
  },
});
