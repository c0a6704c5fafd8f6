import { defineStrength } from '../../../engine/strength.js';

const ENUM_BASE = /(^|\.)(IntEnum|Enum|IntFlag)$/;
const EXIT_NAME = /exit|status|returncode|return_code/i;

export default defineStrength({
  meta: {
    code: 'STR037',
    name: 'distinct-exit-codes',
    category: 'error-handling',
    title: 'Distinct exit codes',
    description: 'Credits a CLI that gives each kind of failure its own exit status from one table, used by the code that exits.',
    condition: 'A CLI defines an enum (IntEnum/Enum/IntFlag) named for exit statuses with three or more numeric members, and at least one module that calls exit imports it (or defines it).',
    archetypes: ['cli'],
    opposes: [],
    references: ['sysexits.h', 'POSIX exit status conventions'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      for (const cls of file.classes) {
        const numeric = cls.fields.filter((f) => f.value?.kind === 'number');
        if (!cls.bases.some((b) => ENUM_BASE.test(b)) || !EXIT_NAME.test(cls.name) || numeric.length < 3) continue;
        const uses = project.code().filter((f) => f.calls.some((c) => /(^|\.)exit$/.test(c.callee)) && (f.path === file.path || f.imports.some((i) => i.names.includes(cls.name))));
        const first = uses[0];
        if (!first) continue;
        credit({
          message: `\`${cls.name}\` defines ${numeric.length} exit statuses (${numeric.map((f) => `${f.name}=${String(f.value?.value)}`).join(', ')}), used by ${uses.length} module${uses.length === 1 ? '' : 's'} that exit: scripts can tell the failures apart.`,
          path: file.path,
          line: cls.line,
          endLine: cls.endLine,
          related: [{ path: first.path, line: first.calls.find((c) => /(^|\.)exit$/.test(c.callee))?.line ?? 1 }],
        });
      }
    }
  },
});
