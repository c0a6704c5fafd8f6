import { defineRule } from '../../../engine/rule.js';

const ENUM_BASE = /(^|\.)(IntEnum|Enum|IntFlag)$/;
const EXIT_NAME = /exit|status|returncode|return_code/i;

export default defineRule({
  meta: {
    code: 'ERR040',
    name: 'cli-exit-codes',
    category: 'error-handling',
    severity: 'info',
    confidence: 'high',
    title: 'Distinct exit codes',
    description: 'Credits a CLI that gives each kind of failure its own exit status, from one table, so that scripts can tell them apart.',
    archetypes: ['cli'],
    messages: {
      unused: 'This rule only credits good practice.',
    },
    fix: 'Define the exit statuses in one enum and map each error class to one of them at the top-level handler.',
    acceptance: 'Each kind of failure exits with its own documented status.',
    references: ['sysexits.h', 'POSIX exit status conventions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, strength }) {
    for (const file of project.code()) {
      for (const cls of file.classes) {
        const numeric = cls.fields.filter((f) => f.value?.kind === 'number');
        if (!cls.bases.some((b) => ENUM_BASE.test(b))) continue;
        if (!EXIT_NAME.test(cls.name) || numeric.length < 3) continue;
        const uses = project.code().filter((f) => f.calls.some((c) => /(^|\.)exit$/.test(c.callee)) && (f.path === file.path || f.imports.some((i) => i.names.includes(cls.name)))).length;
        if (uses === 0) continue;
        strength({
          title: 'Distinct exit codes',
          message: `\`${cls.name}\` defines ${numeric.length} exit statuses (${numeric.map((f) => `${f.name}=${String(f.value?.value)}`).join(', ')}), used by ${uses} module${uses === 1 ? '' : 's'} that exit: scripts can tell the failures apart.`,
          path: file.path,
          line: cls.line,
          endLine: cls.endLine,
        });
      }
    }
  },
});
