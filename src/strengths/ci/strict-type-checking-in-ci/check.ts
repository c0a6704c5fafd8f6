import { defineStrength } from '../../../engine/strength.js';
import { at, str } from '../../../facts/located.js';
import { baseName } from '../../../discover/classify.js';
import type { Project } from '../../../project/project.js';
import { gatesTheRun } from '../../../project/knowledge/ci-gating.js';
import { jobNeverRuns, runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';

type Checker = 'mypy' | 'pyright' | 'tsc';

interface StrictConfig {
  checker: Checker;
  path: string;
  line: number;
}

const truthy = (value: string | undefined): boolean => value !== undefined && /^(true|True|1)$/.test(value);

/** Strict settings of the type checkers: mypy `strict`, pyright `typeCheckingMode = "strict"`, TypeScript `compilerOptions.strict`. */
function strictConfigs(project: Project): StrictConfig[] {
  const out: StrictConfig[] = [];
  for (const file of project.data()) {
    const name = baseName(file.path);
    const doc = file.documents[0];
    if (name === 'pyproject.toml') {
      const mypy = at(doc, 'tool', 'mypy', 'strict');
      if (mypy && truthy(str(mypy))) out.push({ checker: 'mypy', path: file.path, line: mypy.line });
      for (const key of ['pyright', 'basedpyright']) {
        const mode = at(doc, 'tool', key, 'typeCheckingMode');
        if (mode && /^(strict|all)$/.test(str(mode) ?? '')) out.push({ checker: 'pyright', path: file.path, line: mode.line });
      }
    } else if (name === 'pyrightconfig.json') {
      const mode = at(doc, 'typeCheckingMode');
      if (mode && /^(strict|all)$/.test(str(mode) ?? '')) out.push({ checker: 'pyright', path: file.path, line: mode.line });
    } else if (/^tsconfig[\w.-]*\.json$/.test(name)) {
      const strict = at(doc, 'compilerOptions', 'strict');
      if (strict && truthy(str(strict))) out.push({ checker: 'tsc', path: file.path, line: strict.line });
    }
  }
  for (const path of project.paths().filter((p) => /^(\.?mypy\.ini|setup\.cfg)$/.test(baseName(p)))) {
    const lines = (project.readText(path) ?? '').split('\n');
    const section = lines.findIndex((l) => /^\[mypy\]\s*$/.test(l));
    if (section === -1) continue;
    const strict = lines.findIndex((l, i) => i > section && /^\s*strict\s*=\s*(true|True|1)\s*$/.test(l) && !lines.slice(section + 1, i).some((s) => /^\[/.test(s)));
    if (strict !== -1) out.push({ checker: 'mypy', path, line: strict + 1 });
  }
  return out;
}

const INSTALL = /\b(pip3?|uv\s+pip|uv|poetry|pipx|npm|pnpm|yarn|bun)\s+(install|add|i|ci|sync)\b/;
const NODE_SCRIPT = /\b(npm|pnpm|yarn|bun)\b/;
const PYTHON_TASK = /\b(make|just|tox|nox|hatch|poetry\s+run|uv\s+run|pdm\s+run|invoke)\b/;
const CHECKER_COMMAND: Record<Checker, RegExp> = { mypy: /\bmypy\b/, pyright: /\b(based)?pyright\b/, tsc: /\b(vue-)?tsc\b/ };

export default defineStrength({
  meta: {
    code: 'STR063',
    name: 'strict-type-checking-in-ci',
    category: 'ci',
    title: 'Strict type checking enforced in CI',
    description: 'Credits a type checker configured in strict mode (mypy strict, pyright strict, TypeScript strict) that a CI step runs and that fails the run.',
    condition:
      'mypy `strict = true` (pyproject.toml, mypy.ini, setup.cfg) or `--strict` on the command, pyright `typeCheckingMode = "strict"`, or a tsconfig with `compilerOptions.strict: true`; and a gating step of an automatic CI workflow runs that checker (directly or through a package script).',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['mypy docs: --strict', 'pyright docs: typeCheckingMode', 'TypeScript docs: strict'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const configs = strictConfigs(project);
    const credited = new Set<Checker>();
    for (const { workflow, job, step } of steps(project.inventory.ci)) {
      if (!runsAutomatically(workflow) || jobNeverRuns(job) || !gatesTheRun(job, step) || !step.kinds.includes('typecheck') || !step.run) continue;
      // Installing a checker does not run it.
      const run = step.run.split('\n').filter((l) => !INSTALL.test(l)).join('\n');
      for (const checker of ['mypy', 'pyright', 'tsc'] as const) {
        if (credited.has(checker)) continue;
        const config = configs.find((c) => c.checker === checker);
        const strictFlag = checker === 'mypy' && /\bmypy\b[^\n]*--strict\b/.test(run);
        // The step runs the checker itself, or a package script that does (the CI inventory resolved it to a type check):
        // a Node package script for tsc, a Python task runner for mypy and pyright.
        const viaScript = !Object.values(CHECKER_COMMAND).some((c) => c.test(run)) && (checker === 'tsc' ? NODE_SCRIPT : PYTHON_TASK).test(run);
        const runs = CHECKER_COMMAND[checker].test(run) || (config !== undefined && viaScript);
        if (!runs || !(config || strictFlag)) continue;
        credited.add(checker);
        credit({
          message: `CI runs ${checker} in strict mode (${config ? `${config.path}:${config.line}` : '`--strict`'}): a change that loses type safety fails the build.`,
          path: workflow.path,
          line: step.runLine ?? step.line,
          ...(config ? { related: [{ path: config.path, line: config.line }] } : {}),
        });
      }
    }
  },
});
