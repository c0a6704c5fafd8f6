import { defineStrength } from '../../../engine/strength.js';
import { foreignKeyDeclarations, settingsApplying, sqliteSettings, sqliteUses } from '../../../project/data-access.js';

export default defineStrength({
  meta: {
    code: 'STR029',
    name: 'sqlite-foreign-keys-enforced',
    category: 'database',
    title: 'SQLite enforces foreign keys',
    description: 'Credits a component whose SQLite schema declares foreign keys and whose connections turn enforcement on with `PRAGMA foreign_keys=ON`.',
    condition: 'Production code of the component opens SQLite, its schema declares foreign keys, and `PRAGMA foreign_keys=ON` is applied in the component or in a shared library component.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [{ rule: 'sqlite-foreign-keys-off', scope: 'component' }],
    references: ['SQLite docs: Foreign Key Support'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const uses = sqliteUses(project);
    if (uses.length === 0) return;
    const settings = sqliteSettings(project);
    const keys = foreignKeyDeclarations(project);
    const credited = new Set<string>();
    for (const use of uses) {
      const component = project.componentOf(use.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const declared = settingsApplying(project, keys, component);
      const on = settingsApplying(project, settings.foreignKeysOn, component)[0];
      if (declared.length === 0 || !on) continue;
      credited.add(component);
      credit({ message: `The schema declares foreign keys (${declared.length}) and connections turn enforcement on: SQLite rejects orphaned rows and applies ON DELETE rules.`, path: on.path, line: on.line, related: declared.slice(0, 2).map((k) => ({ path: k.path, line: k.line })) });
    }
  },
});
