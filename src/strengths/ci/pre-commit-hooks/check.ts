import { defineStrength } from '../../../engine/strength.js';
import { steps } from '../../../project/inventory/ci-queries.js';

/** What a hook checks: linters, formatters, type checkers, secret scanners, tests. */
const CHECKS = /\b(ruff|black|isort|flake8|pylint|mypy|pyright|bandit|eslint|prettier|biome|tsc|stylelint|lint-staged|lint|format|typecheck|type-check|gitleaks|detect-secrets|trufflehog|shellcheck|hadolint|yamllint|actionlint|codespell|test|pytest|vitest|jest)\b/i;

export default defineStrength({
  meta: {
    code: 'STR021',
    name: 'pre-commit-hooks',
    category: 'ci',
    title: 'Checks run in git hooks before code leaves the machine',
    description: 'Credits a pre-commit configuration or husky hooks that run linters, formatters, type checkers, secret scanners or tests.',
    condition:
      '`.pre-commit-config.yaml` declares at least one hook that lints, formats, type-checks, scans for secrets or tests; or a husky hook (`.husky/pre-commit`, `.husky/pre-push`) runs such a command. One credit per configuration; CI running `pre-commit run --all-files` is named when present.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['pre-commit.com', 'husky docs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const { preCommit, gitHooks } = project.inventory.ci;
    const inCi = steps(project.inventory.ci).find((s) => /\bpre-commit\s+run\b|pre-commit\/action|pre-commit-ci/.test(`${s.step.run ?? ''} ${s.step.uses ?? ''}`));
    const related = inCi ? [{ path: inCi.workflow.path, line: inCi.step.runLine ?? inCi.step.usesLine ?? inCi.step.line }] : [];
    const hooks = preCommit.filter((h) => CHECKS.test(`${h.id} ${h.repo} ${h.entry ?? ''}`));
    const first = hooks[0];
    if (first) {
      const ids = [...new Set(hooks.map((h) => h.id))];
      credit({
        message: `\`${first.path}\` runs ${ids.length} check${ids.length === 1 ? '' : 's'} before each commit (${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', …' : ''})${inCi ? ', and CI runs the same hooks on every change' : ''}.`,
        path: first.path,
        line: first.line,
        related,
      });
    }
    for (const hook of gitHooks) {
      const command = hook.commands.find((c) => CHECKS.test(c.command));
      if (!command || !/^pre-(commit|push)$/.test(hook.hook)) continue;
      credit({ message: `The husky \`${hook.hook}\` hook runs \`${command.command.slice(0, 80)}\` before code leaves the developer's machine.`, path: hook.path, line: command.line });
    }
  },
});
