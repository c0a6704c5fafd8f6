import { defineRule } from '../../../engine/rule.js';
import { foreignKeyDeclarations, settingsApplying, sqliteSettings, sqliteUses } from '../../../project/data-access.js';

export default defineRule({
  meta: {
    code: 'DB002',
    name: 'sqlite-foreign-keys-off',
    category: 'database',
    severity: 'medium',
    confidence: 'high',
    title: 'SQLite foreign keys declared but not enforced',
    description: 'The schema declares foreign keys, but SQLite only enforces them after `PRAGMA foreign_keys=ON`, which nothing sets.',
    archetypes: ['service', 'worker', 'cli'],
    messages: {
      notEnforced:
        '{{detail}} {{opens}}, and the schema declares foreign keys ({{example}}), but `PRAGMA foreign_keys=ON` is set nowhere in `{{component}}`: SQLite accepts orphaned rows and ignores ON DELETE rules.',
    },
    fix: 'Run `PRAGMA foreign_keys=ON` on every new connection (SQLAlchemy: an `@event.listens_for(engine, "connect")` listener; sqlite3: right after `connect`; better-sqlite3: `db.pragma("foreign_keys = ON")`).',
    acceptance: 'Every SQLite connection the application opens has `foreign_keys` on; inserting a row with a dangling reference fails.',
    references: ['https://www.sqlite.org/foreignkeys.html#fk_enable', 'https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#foreign-key-support'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const uses = sqliteUses(project).filter((u) => !u.foreignKeysByDefault);
    if (uses.length === 0) return;
    const settings = sqliteSettings(project);
    const keys = foreignKeyDeclarations(project);
    const reported = new Set<string>();
    for (const use of uses) {
      const component = project.componentOf(use.path)?.path ?? '.';
      if (reported.has(component) || settingsApplying(project, settings.foreignKeysOn, component).length > 0) continue;
      // Models say it best; migration files repeat the same keys.
      const migration = (path: string): number => (/(^|\/)(migrations|versions)\//.test(path) ? 1 : 0);
      const declared = settingsApplying(project, keys, component).sort((a, b) => migration(a.path) - migration(b.path));
      const first = declared[0];
      if (!first) continue;
      // One finding per component, at the connection that sits with a declaration when there is one.
      const at = uses.find((u) => (project.componentOf(u.path)?.path ?? '.') === component && declared.some((k) => k.path === u.path)) ?? use;
      reported.add(component);
      report({
        messageId: 'notEnforced',
        data: {
          detail: `\`${at.detail}\``,
          opens: at.conditional ? 'opens SQLite whenever the configured URL is SQLite (it prepares `check_same_thread` for that case)' : 'opens SQLite',
          example: `${first.detail} at ${first.path}:${first.line}${declared.length > 1 ? ` and ${declared.length - 1} more` : ''}`,
          component: component === '.' ? '(root)' : component,
        },
        path: at.path,
        line: at.line,
        related: declared.slice(0, 3).map((k) => ({ path: k.path, line: k.line })),
        confidence: at.conditional ? 'medium' : 'high',
      });
    }
  },
});
