import { defineStrength } from '../../../engine/strength.js';
import { baseName } from '../../../discover/classify.js';
import { jobNeverRuns, runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';

/** Install or check commands that fail when the lock file and the manifest disagree, by the lock file they enforce. */
const ENFORCING: ReadonlyArray<{ lock: RegExp; command: RegExp; tool: string }> = [
  { lock: /^(package-lock\.json|npm-shrinkwrap\.json)$/, command: /\bnpm\s+(ci|clean-install|install-ci-test|cit)\b/, tool: 'npm ci' },
  // pnpm installs with --frozen-lockfile by default when CI is set (GitHub Actions and GitLab CI set it).
  { lock: /^pnpm-lock\.yaml$/, command: /\bpnpm\s+(install|i)\b(?!.*--no-frozen-lockfile)/, tool: 'pnpm install (frozen lock file in CI)' },
  { lock: /^yarn\.lock$/, command: /\byarn\s+(install\s+)?.*--(frozen-lockfile|immutable)\b/, tool: 'yarn --frozen-lockfile/--immutable' },
  { lock: /^bun\.lockb?$/, command: /\bbun\s+(install|i)\b.*--frozen-lockfile\b|\bbun\s+ci\b/, tool: 'bun install --frozen-lockfile' },
  { lock: /^poetry\.lock$/, command: /\bpoetry\s+(check\s+--lock|lock\s+--check)\b/, tool: 'poetry check --lock' },
  { lock: /^uv\.lock$/, command: /\buv\s+(lock|sync|run|export)\b[^\n]*--(locked|check)\b/, tool: 'uv --locked' },
  { lock: /^Pipfile\.lock$/, command: /\bpipenv\s+(install\b[^\n]*--deploy|verify)\b/, tool: 'pipenv install --deploy' },
  { lock: /^pdm\.lock$/, command: /\bpdm\s+lock\s+--check\b|\bpdm\s+install\b[^\n]*--check\b/, tool: 'pdm lock --check' },
];

export default defineStrength({
  meta: {
    code: 'STR062',
    name: 'lockfile-enforced-in-ci',
    category: 'dependencies',
    title: 'Lock file committed and kept in sync by CI',
    description: 'Credits a committed lock file that CI installs from (or checks) in a mode that fails when it no longer matches the manifest.',
    condition:
      'A lock file is committed (package-lock.json, pnpm-lock.yaml, yarn.lock, bun.lock, poetry.lock, uv.lock, Pipfile.lock, pdm.lock) and a step of an automatic CI workflow runs the command that fails on a stale lock for it: `npm ci`, `pnpm install` (frozen in CI), `yarn --frozen-lockfile`/`--immutable`, `bun install --frozen-lockfile`, `poetry check --lock`, `uv sync --locked`/`uv lock --check`, `pipenv install --deploy`, `pdm lock --check`.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'missing-lockfile', scope: 'component' }],
    references: ['npm docs: npm ci', 'pnpm docs: --frozen-lockfile', 'uv docs: Locking and syncing (--locked)', 'Poetry docs: check --lock'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const locks = new Set(project.lockfiles.map(baseName));
    const credited = new Set<string>();
    for (const { workflow, job, step } of steps(project.inventory.ci)) {
      if (!runsAutomatically(workflow) || jobNeverRuns(job) || !step.run) continue;
      for (const rule of ENFORCING) {
        if (credited.has(rule.tool) || ![...locks].some((l) => rule.lock.test(l)) || !rule.command.test(step.run)) continue;
        credited.add(rule.tool);
        const lock = project.lockfiles.find((l) => rule.lock.test(baseName(l)));
        credit({
          message: `CI installs with \`${rule.tool}\`, which fails when \`${lock ?? ''}\` no longer matches the manifest: what was tested is what ships.`,
          path: workflow.path,
          line: step.runLine ?? step.line,
          ...(lock ? { related: [{ path: lock, line: 1 }] } : {}),
        });
      }
    }
  },
});
