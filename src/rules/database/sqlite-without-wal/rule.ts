import { defineRule } from '../../../engine/rule.js';
import { sqliteSettings, sqliteUses, type Site } from '../../../project/data-access.js';
import type { Project } from '../../../project/project.js';
import { pushTo } from '../../../util/group.js';

/** Settings that apply to a component: set in the component itself or in a shared library component. */
function applying(project: Project, sites: readonly Site[], component: string): Site[] {
  return sites.filter((s) => {
    const owner = project.componentOf(s.path);
    return (owner?.path ?? '.') === component || owner?.archetype === 'library';
  });
}

export default defineRule({
  meta: {
    code: 'DB001',
    name: 'sqlite-without-wal',
    category: 'database',
    severity: 'medium',
    confidence: 'high',
    title: 'SQLite without WAL or a busy timeout in a concurrent process',
    description: 'A service or worker opens SQLite with neither WAL journal mode nor an explicit busy timeout set anywhere in the component.',
    archetypes: ['service', 'worker'],
    messages: {
      noWal:
        '{{detail}} {{opens}} in a {{archetype}}, and no `PRAGMA journal_mode=WAL` nor busy timeout is set anywhere in `{{component}}` ({{searched}} searched, connect listeners included): concurrent writers block readers and fail with "database is locked".',
    },
    fix: 'Enable WAL once per database (`PRAGMA journal_mode=WAL`, e.g. in a SQLAlchemy `@event.listens_for(engine, "connect")` listener or right after `sqlite3.connect`) and set a busy timeout (`PRAGMA busy_timeout=5000`, `sqlite3.connect(path, timeout=…)`), or move to a client/server database if many processes write.',
    acceptance: 'Every connection the service opens runs in WAL mode with a busy timeout, or the service uses a server database.',
    references: ['https://www.sqlite.org/wal.html', 'https://www.sqlite.org/pragma.html#pragma_busy_timeout', 'https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#database-locking-behavior-concurrency'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const uses = sqliteUses(project);
    if (uses.length === 0) return;
    const settings = sqliteSettings(project);
    const byComponent = new Map<string, typeof uses>();
    for (const use of uses) {
      const component = project.componentOf(use.path)?.path ?? '.';
      pushTo(byComponent, component, use);
    }
    for (const [component, list] of byComponent) {
      const wal = applying(project, settings.wal, component);
      const busy = applying(project, settings.busyTimeout, component);
      const first = list[0];
      if (!first) continue;
      if (wal.length > 0 && busy.length > 0) {
        const w = wal[0] as Site;
        strength({
          title: 'SQLite in WAL mode with a busy timeout',
          message: `SQLite connections run with \`journal_mode=WAL\` (${w.path}:${w.line}) and a busy timeout, so readers and a writer work concurrently.`,
          path: w.path,
          line: w.line,
          related: [{ path: first.path, line: first.line }],
        });
        continue;
      }
      if (wal.length > 0 || busy.length > 0) continue;
      const archetype = project.components.find((c) => c.path === component)?.archetype ?? 'service';
      const count = project.codeOfComponent(component).length;
      const searched = `${count} production file${count === 1 ? '' : 's'}`;
      for (const use of list) {
        report({
          messageId: 'noWal',
          data: { detail: `\`${use.detail}\``, opens: use.conditional ? 'opens SQLite whenever the configured URL is SQLite (it prepares `check_same_thread` for that case)' : 'opens SQLite', archetype, component: component === '.' ? '(root)' : component, searched },
          path: use.path,
          line: use.line,
          confidence: use.conditional ? 'medium' : 'high',
        });
      }
    }
  },
});
