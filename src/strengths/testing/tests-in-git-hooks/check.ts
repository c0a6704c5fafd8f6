import { defineStrength } from '../../../engine/strength.js';
import type { TestInvocation } from '../../../project/inventory/ci.js';
import { isUnder } from '../../../project/inventory/test-runs.js';
import type { TestFile } from '../../../project/inventory/tests.js';

const PY = new Set(['pytest', 'unittest', 'tox', 'django']);

/** The test files a hook's runner could run: same language family, under the directory it runs in. */
function kin(inv: TestInvocation, f: TestFile): boolean {
  if (PY.has(inv.runner)) return f.language === 'python';
  if (inv.runner === 'playwright' || inv.runner === 'cypress') return f.framework === inv.runner;
  return f.language !== 'python' && f.framework !== 'playwright' && f.framework !== 'cypress';
}

export default defineStrength({
  meta: {
    code: 'STR022',
    name: 'tests-in-git-hooks',
    category: 'testing',
    title: 'Tests run before each commit or push',
    description: 'Credits a pre-commit or husky hook that runs the whole suite of its kind (not only staged files, not a subset).',
    condition:
      'A pre-commit hook (with `pass_filenames: false`) or a husky pre-commit/pre-push command runs a test runner, and it selects every test file of its kind under the folder it runs in. A hook that runs only part of them is not credited.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'pre-commit-runs-subset', scope: 'file' }],
    references: ['pre-commit.com: pass_filenames', 'husky docs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const { ci, tests } = project.inventory;
    const hooks = [
      ...ci.preCommit.filter((h) => !h.passFilenames).flatMap((h) => h.tests.map((inv) => ({ path: h.path, line: h.line, inv }))),
      ...ci.gitHooks.filter((h) => /^pre-(commit|push)$/.test(h.hook)).flatMap((h) => h.commands.flatMap((c) => c.tests.map((inv) => ({ path: h.path, line: c.line, inv })))),
    ];
    const files = tests.files.filter((f) => project.file(f.path)?.role === 'test' && f.tests > 0);
    for (const hook of hooks) {
      const candidates = files.filter((f) => kin(hook.inv, f) && isUnder(f.path, hook.inv.cwd));
      const ran = candidates.filter((f) => f.runs.some((r) => r.kind === 'hook' && r.path === hook.path && r.line === hook.line));
      if (ran.length === 0) continue;
      const command = hook.inv.command.length > 80 ? `${hook.inv.command.slice(0, 79)}…` : hook.inv.command;
      const tool = hook.path.startsWith('.husky/') ? `husky \`${hook.path.slice('.husky/'.length)}\`` : 'pre-commit';
      credit({
        message: ran.length === candidates.length ? `The ${tool} hook runs all ${ran.length} test file${ran.length === 1 ? '' : 's'} of its kind (\`${command}\`).` : `The ${tool} hook runs ${ran.length} of ${candidates.length} test files (\`${command}\`).`,
        path: hook.path,
        line: hook.line,
        partial: ran.length < candidates.length,
      });
    }
  },
});
