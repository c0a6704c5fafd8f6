import { defineStrength } from '../../../engine/strength.js';
import { settingsApplying, sqliteSettings, sqliteUses } from '../../../project/data-access.js';

export default defineStrength({
  meta: {
    code: 'STR028',
    name: 'sqlite-wal-mode',
    category: 'database',
    title: 'SQLite in WAL mode with a busy timeout',
    description: 'Credits a component that opens SQLite and sets both `journal_mode=WAL` and a busy timeout for its connections.',
    condition: 'Production code of the component opens SQLite, and both a `journal_mode=WAL` setting and a busy timeout (PRAGMA, connect listener, driver option, `timeout=`) are applied in the component or in a shared library component.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [{ rule: 'sqlite-without-wal', scope: 'component' }],
    references: ['SQLite docs: Write-Ahead Logging', 'SQLite docs: busy_timeout'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const uses = sqliteUses(project);
    if (uses.length === 0) return;
    const settings = sqliteSettings(project);
    const credited = new Set<string>();
    for (const use of uses) {
      const component = project.componentOf(use.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const wal = settingsApplying(project, settings.wal, component)[0];
      const busy = settingsApplying(project, settings.busyTimeout, component)[0];
      if (!wal || !busy) continue;
      credited.add(component);
      credit({ message: `SQLite runs with \`journal_mode=WAL\` and a busy timeout (${busy.path}:${busy.line}): readers keep reading while one writer writes, and a locked database waits instead of failing.`, path: wal.path, line: wal.line, related: [{ path: busy.path, line: busy.line }, { path: use.path, line: use.line }] });
    }
  },
});
