import { defineRule } from '../../../engine/rule.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';

const DATA_MODULES = /^(sqlalchemy|sqlmodel|django\.db|peewee|tortoise|psycopg2?|asyncpg|pymysql|MySQLdb|aiomysql|pymongo|motor|redis|aioredis|typeorm|@nestjs\/typeorm|mongoose|@nestjs\/mongoose|@prisma\/client|sequelize|knex|drizzle-orm|pg|mysql2?|mongodb|ioredis)(\.|\/|$)/;

/** The handler does nothing: no call, at most a return of a constant. */
function isConstant(project: Project, route: Route): boolean {
  const file = project.file(route.path);
  if (file?.kind !== 'code') return false;
  const index = file.functions.findIndex((f) => f.qualifiedName === route.handler && f.line >= route.line);
  const fn = file.functions[index];
  if (!fn || fn.statements > 2) return false;
  return !file.calls.some((c) => c.fn === index || (c.line > fn.line && c.line <= fn.endLine));
}

export default defineRule({
  meta: {
    code: 'OBS003',
    name: 'shallow-health-check',
    category: 'observability',
    severity: 'low',
    confidence: 'medium',
    title: 'Health check that checks nothing',
    description: 'The only health route of a service that depends on a database returns a constant without touching any dependency.',
    archetypes: ['service'],
    messages: {
      constant:
        '`{{handler}}` ({{route}}) returns a constant without touching {{dependency}}{{probe}}: an instance that has lost its database still reports healthy and keeps receiving traffic.',
    },
    fix: 'Keep the cheap liveness route, and add a readiness route (or deepen this one) that runs a trivial query (`SELECT 1`) with a short timeout and answers 503 when it fails; point the readiness probe or compose healthcheck at it.',
    acceptance: 'Stopping the database makes the readiness/health route answer 503 within its timeout.',
    references: ['https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/', 'https://docs.nestjs.com/recipes/terminus#typeorm-health-indicator'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const health = project.inventory.runtime.health;
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const mine = health.filter((r) => (project.componentOf(r.path)?.path ?? '.') === component.path);
      const first = mine[0];
      if (!first || !mine.every((r) => isConstant(project, r))) continue;
      const dependency = project.codeOfComponent(component.path)
        .flatMap((f) => f.imports)
        .find((i) => !i.relative && DATA_MODULES.test(i.module));
      if (!dependency) continue;
      const segment = first.route.split('/').filter(Boolean).pop() ?? '';
      const probes = project.inventory.infra.compose.flatMap((c) => c.services.filter((s) => s.healthcheck && segment && s.healthcheck.test.includes(segment)).map((s) => ({ path: c.path, line: s.healthcheck?.line ?? s.line, name: s.name })));
      const probe = probes[0];
      report({
        messageId: 'constant',
        data: {
          handler: first.handler,
          route: `${first.method} ${first.route}`,
          dependency: `the database (\`${dependency.module}\` is used)`,
          probe: probe ? `, and the compose healthcheck of \`${probe.name}\` (${probe.path}:${probe.line}) relies on it` : '',
        },
        path: first.path,
        line: first.line,
        related: probes.map((p) => ({ path: p.path, line: p.line })),
      });
    }
  },
});
