import { defineRule } from '../../../engine/rule.js';
import type { TestInvocation } from '../../../project/inventory/ci.js';
import type { TestFile } from '../../../project/inventory/tests.js';
import { isUnder } from '../../../project/inventory/test-runs.js';

type MessageId = 'runsNothing' | 'subset' | 'stagedOnly';

const PY = new Set(['pytest', 'unittest', 'tox', 'django']);

interface Hook {
  path: string;
  line: number;
  inv: TestInvocation;
  /** pre-commit passes the staged files as arguments. */
  staged: boolean;
}

function kin(inv: TestInvocation, f: TestFile): boolean {
  if (PY.has(inv.runner)) return f.language === 'python';
  if (inv.runner === 'playwright' || inv.runner === 'cypress') return f.framework === inv.runner;
  return f.language !== 'python' && f.framework !== 'playwright' && f.framework !== 'cypress';
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST005',
    name: 'pre-commit-runs-subset',
    category: 'testing',
    severity: 'info',
    confidence: 'high',
    title: 'Pre-commit hook runs only part of the tests',
    description: 'A git hook (pre-commit framework or husky) runs a test command that selects only some of the test files of its kind, or none at all.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      runsNothing: '`{{command}}` in this hook selects no test file (there {{total}} here){{pass}}: the hook reports success without running a test.',
      subset: '`{{command}}` in this hook runs {{matched}} of the {{total}} {{kind}} test files (not, for example, `{{example}}`): a commit can pass the hook and fail CI.',
      stagedOnly: 'pre-commit passes the staged file names to `{{command}}` (`pass_filenames` is not false), so the hook runs only the test files in the commit, not the tests of the code that changed.',
    },
    fix: 'Either run the fast unit suite in the hook (`pass_filenames: false`, a command that selects the unit tests) and leave the slow tiers to CI deliberately, or drop the test command from the hook; never let it pass on an empty selection.',
    acceptance: 'What the hook runs is a deliberate, documented subset, and it fails if it selects no test.',
    references: ['pre-commit: pass_filenames', 'husky', 'jest --passWithNoTests'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { ci, tests } = project.inventory;
    const hooks: Hook[] = [
      ...ci.preCommit.flatMap((h) => h.tests.map((inv) => ({ path: h.path, line: h.line, inv, staged: h.passFilenames }))),
      ...ci.gitHooks.flatMap((h) => h.commands.flatMap((c) => c.tests.map((inv) => ({ path: h.path, line: c.line, inv, staged: false })))),
    ];
    const files = tests.files.filter((f) => project.file(f.path)?.role === 'test' && f.tests > 0);
    for (const hook of hooks) {
      const candidates = files.filter((f) => kin(hook.inv, f) && isUnder(f.path, hook.inv.cwd));
      if (candidates.length === 0) continue;
      const command = hook.inv.command.length > 80 ? `${hook.inv.command.slice(0, 79)}…` : hook.inv.command;
      const kind = PY.has(hook.inv.runner) ? 'Python' : hook.inv.runner === 'playwright' || hook.inv.runner === 'cypress' ? hook.inv.runner : 'JavaScript/TypeScript';
      if (hook.staged && PY.has(hook.inv.runner)) {
        report({ messageId: 'stagedOnly', data: { command }, path: hook.path, line: hook.line });
        continue;
      }
      const ran = candidates.filter((f) => f.runs.some((r) => r.kind === 'hook' && r.path === hook.path && r.line === hook.line && r.command === hook.inv.command));
      if (ran.length === 0) {
        const pass = /passWithNoTests|pass-with-no-tests/i.test(hook.inv.command) ? ' and passes anyway because of `--passWithNoTests`' : '';
        report({ messageId: 'runsNothing', data: { command, total: candidates.length === 1 ? `is 1 ${kind} test file` : `are ${candidates.length} ${kind} test files`, pass }, path: hook.path, line: hook.line, severity: 'low' });
        continue;
      }
      if (ran.length < candidates.length) {
        const left = candidates.find((f) => !ran.includes(f));
        report({ messageId: 'subset', data: { command, matched: ran.length, total: candidates.length, kind, example: left?.path ?? '' }, path: hook.path, line: hook.line });
      }
    }
  },
});
