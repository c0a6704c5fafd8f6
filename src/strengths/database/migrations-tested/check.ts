import { defineStrength } from '../../../engine/strength.js';

/** Calls that run migrations in a test: a project migrator, Alembic's command API, Django's migrate command, pytest-alembic. */
const RUNS_MIGRATIONS = /(^|\.)(migrate|upgrade|downgrade|run_migrations|apply_migrations|migrate_to|migrateLatest|migrate_up|migrate_down)$|(^|\.)command\.(upgrade|downgrade)$/;

export default defineStrength({
  meta: {
    code: 'STR040',
    name: 'migrations-tested',
    category: 'database',
    title: 'Migrations are tested',
    description: 'Credits tests that run the schema migrations (upgrade, and downgrade where there is one) and check the resulting schema.',
    condition:
      'A test file runs the migrations: it calls a migrator (`migrate(db)`, Alembic `command.upgrade/downgrade`, `call_command("migrate")`, a migration step such as `migrate_to`) and is about migrations (its path says migrat, or it uses pytest-alembic / django-test-migrations); or tests use the pytest-alembic fixtures.',
    archetypes: ['service', 'worker', 'cli', 'library', 'infra'],
    opposes: [],
    references: ['pytest-alembic', 'django-test-migrations'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code({ roles: ['test'] })) {
      const about = /migrat/i.test(file.path) || file.imports.some((i) => /^(pytest_alembic|django_test_migrations)/.test(i.module));
      if (!about) continue;
      const runs = file.calls.filter((c) => RUNS_MIGRATIONS.test(c.callee) || (/(^|\.)call_command$/.test(c.callee) && c.args[0]?.value === 'migrate'));
      const first = runs[0];
      if (!first) continue;
      const tests = file.functions.filter((f) => /^test/i.test(f.name) && runs.some((c) => c.line >= f.line && c.line <= f.endLine)).length;
      credit({ message: `\`${file.path}\` runs the migrations (\`${first.callee}\`)${tests > 0 ? ` in ${tests} test${tests === 1 ? '' : 's'}` : ''} and checks the schema they produce: a migration that breaks an existing database fails in CI, not in production.`, path: file.path, line: first.line });
    }
  },
});
