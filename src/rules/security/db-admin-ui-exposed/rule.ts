import { defineRule } from '../../../engine/rule.js';
import { deployStacks, proxyRoute, publishedPublicly } from '../../../project/deployment/compose.js';

type MessageId = 'routed' | 'published';

const ADMIN_UIS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\/)adminer(:|@|$)/, 'Adminer'],
  [/(^|\/)pgadmin4?(:|@|$)/, 'pgAdmin'],
  [/(^|\/)phpmyadmin(:|@|$)/, 'phpMyAdmin'],
  [/(^|\/)mongo-express(:|@|$)/, 'mongo-express'],
  [/(^|\/)redis-commander(:|@|$)/, 'Redis Commander'],
  [/(^|\/)redisinsight(:|@|$)/, 'RedisInsight'],
  [/(^|\/)dbgate(:|@|$)/, 'DbGate'],
  [/(^|\/)cloudbeaver(:|@|$)/, 'CloudBeaver'],
  [/(^|\/)sqlpad(:|@|$)/, 'SQLPad'],
];

export default defineRule<MessageId>({
  meta: {
    code: 'SEC032',
    name: 'db-admin-ui-exposed',
    category: 'security',
    severity: 'medium',
    confidence: 'high',
    title: 'Database admin UI exposed by the deployment',
    description: 'A deployment compose file runs a database admin UI (Adminer, pgAdmin, phpMyAdmin, mongo-express …) and routes it through the public proxy or publishes its port on every interface.',
    archetypes: ['service', 'worker', 'infra'],
    messages: {
      routed: 'Compose service `{{service}}` runs {{ui}}, a database admin UI, and the proxy routes `{{route}}` to it: anyone who can reach that host gets the database login page, with only the database password between them and every table.',
      published: 'Compose service `{{service}}` runs {{ui}}, a database admin UI, and publishes port `{{port}}` on every interface of the host: anyone who can reach the host gets the database login page.',
    },
    fix: 'Leave the admin UI out of the production stack (run it locally or through an SSH tunnel when needed), or put it behind the proxy\'s authentication (basic auth / forward auth middleware, IP allow-list) on a private entrypoint; bind published ports to 127.0.0.1.',
    acceptance: 'The production compose stack runs no database admin UI reachable from outside without an extra authentication layer.',
    references: ['CWE-749: Exposed Dangerous Method or Function', 'CWE-306: Missing Authentication for Critical Function', 'OWASP Top 10 A05:2021 Security Misconfiguration'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const stack of deployStacks(project)) {
      for (const service of stack.services) {
        const ui = ADMIN_UIS.find(([re]) => service.image !== undefined && re.test(service.image))?.[1];
        if (!ui) continue;
        const related = service.parts.map((p) => ({ path: p.file.path, line: p.service.line }));
        const route = proxyRoute(service);
        if (route) {
          const part = service.parts.find((p) => p.file.path === route.path) ?? service.parts[0];
          if (!part) continue;
          report({ messageId: 'routed', data: { service: service.name, ui, route: route.detail }, path: part.file.path, line: part.service.line, endLine: route.line, related: related.filter((r) => r.path !== part.file.path) });
          continue;
        }
        for (const { file, service: part } of service.parts) {
          const port = part.ports.find((p) => publishedPublicly(p.value));
          if (!port) continue;
          report({ messageId: 'published', data: { service: service.name, ui, port: port.value }, path: file.path, line: part.line, endLine: port.line, related: related.filter((r) => r.path !== file.path), severity: 'low' });
          break;
        }
      }
    }
  },
});
