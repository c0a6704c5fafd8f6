import { defineStrength } from '../../../engine/strength.js';
import { migrationApplies, migrationSets } from '../../../project/knowledge/migrations.js';

export default defineStrength({
  meta: {
    code: 'STR039',
    name: 'versioned-migrations',
    category: 'database',
    title: 'Schema changes are versioned migrations applied on deploy',
    description: 'Credits a schema kept as committed, versioned migrations that the deploy or start-up path applies before the service runs.',
    condition:
      'The repository commits two or more versioned migrations (Django, Alembic, Prisma, SQL up/down files, JS migration folders, an in-code registry of migration functions), and a deploy or start-up path applies them: an entrypoint or release script, a Dockerfile CMD/ENTRYPOINT, a compose service (a migrator image or a migrate command), a start npm script, or code that runs the migrator when the service or CLI starts. Build-time RUN steps, Makefiles and documentation do not count.',
    archetypes: ['service', 'worker', 'cli', 'library', 'infra'],
    opposes: [{ rule: 'schema-created-at-runtime', scope: 'component' }],
    references: ['Martin Fowler: Evolutionary Database Design', 'The Twelve-Factor App: XII. Admin processes'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const sets = migrationSets(project).filter((s) => s.count >= 2);
    if (sets.length === 0) return;
    const applies = migrationApplies(project);
    const credited = new Set<string>();
    for (const set of sets) {
      const component = project.componentOf(set.first)?.path ?? '.';
      if (credited.has(component)) continue;
      const apply = applies.find((a) => (project.componentOf(a.path)?.path ?? '.') === component) ?? applies[0];
      if (!apply) continue;
      credited.add(component);
      credit({
        message: `${set.count} ${set.tool} migrations (\`${set.dir}\`) version the schema, and \`${apply.command}\` applies them ${apply.local ? 'when the stack starts' : 'on deploy or start-up'} (${apply.path}:${apply.line}).`,
        path: apply.path,
        line: apply.line,
        related: [{ path: set.first, line: 1 }],
      });
    }
  },
});
