/**
 * Opt-in tests: tests skipped unless an environment variable is set, with where (if anywhere) CI sets it.
 * Shared by env-gated-tests-never-enabled and ci-env-name-mismatch.
 */
import { isEnvFileName } from '../../discover/classify.js';
import type { Project } from '../project.js';
import { ALWAYS_SET, envSetByCi, type EnvSetting, runsAutomatically } from './ci-queries.js';
import { skippedWhen, type SkipCondition, type TestFile } from './tests.js';
import { editDistance } from '../../util/text.js';

export interface EnvGate {
  skip: SkipCondition;
  file: TestFile;
  /** Variables the condition reads. */
  names: string[];
}

/** `if not os.getenv("X"):` before `pytest.skip(...)`: the condition, read from the line of the env read. */
function conditionBefore(project: Project, skip: SkipCondition): 'unset' | 'set' | undefined {
  const text = project.readText(skip.path);
  if (text === null) return undefined;
  const lines = text.split('\n');
  for (let i = skip.line - 2; i >= Math.max(0, skip.line - 3); i--) {
    const condition = /^\s*(?:if|elif)\s+(.+?):\s*(#.*)?$/.exec(lines[i] ?? '')?.[1];
    if (condition) return skippedWhen(condition, 'skip');
  }
  return undefined;
}

/**
 * Skips that leave tests off unless a variable is set, in test files that automatic CI jobs run (a file CI never
 * runs is test-tier-never-run-in-ci's business). Variables every CI runner sets (CI, GITHUB_*) are left out.
 */
export function optInGates(project: Project): EnvGate[] {
  const { tests, ci } = project.inventory;
  if (ci.workflows.length === 0 || ci.otherSystems.length > 0) return [];
  const out: EnvGate[] = [];
  for (const skip of tests.skips) {
    if (skip.envVars.length === 0 || skip.kind !== 'conditional') continue;
    const when = skip.skippedWhen ?? (skip.text.startsWith('pytest.skip') ? conditionBefore(project, skip) : undefined);
    if (when !== 'unset') continue;
    const file = tests.files.find((f) => f.path === skip.path);
    if (!file || !file.runs.some((r) => r.kind === 'ci' && !r.manual)) continue;
    const names = skip.envVars.filter((n) => !ALWAYS_SET.test(n));
    if (names.length === skip.envVars.length) out.push({ skip, file, names });
  }
  return out;
}

function escape(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

/** Files whose settings reach CI jobs or the test run itself: scripts, Makefiles, compose, Dockerfiles, test configs. */
function reachesCi(project: Project, path: string, workflowText: string): boolean {
  const file = project.file(path);
  if (!file || file.language === 'markdown' || path.startsWith('.github/workflows/')) return false;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (isEnvFileName(name)) return workflowText.includes(name) || project.inventory.infra.compose.some((c) => c.services.some((s) => s.envFiles.some((e) => e.endsWith(name))));
  if (file.kind === 'code') return file.role === 'config' || name === 'conftest.py' || /^(setup[-_.]?tests?|jest\.setup|vitest\.setup|global[-_.]?setup)\b/i.test(name);
  return file.kind === 'text' || file.kind === 'dockerfile' || file.kind === 'data';
}

/**
 * Where a variable is set for CI: in a workflow (`env:`, `export`, `>> $GITHUB_ENV`), or — counted generously —
 * assigned in any script, Makefile, compose file, Dockerfile, env file CI loads, or test configuration.
 */
export function whereSet(project: Project, name: string): { automatic?: EnvSetting | { path: string; line: number }; manual?: EnvSetting } {
  const settings = envSetByCi(project.inventory.ci).filter((s) => s.name === name);
  const automatic = settings.find((s) => !s.manual);
  if (automatic) return { automatic };
  const manual = settings.find((s) => s.manual);
  const workflowText = project.inventory.ci.workflows
    .filter(runsAutomatically)
    .map((w) => project.readText(w.path) ?? '')
    .join('\n');
  const n = escape(name);
  // Settings files: `X=1`, `X: 1`, `ENV X`, `-e X` (a shell `${X:-default}` is a read).
  const setting = new RegExp(`(?<![\\w.$])${n}["']?\\s*(=(?!=)|:(?![:\\-=?+]))|\\bENV\\s+${n}\\b|(?:--env|-e)[=\\s]+["']?${n}\\b`);
  // Code: only writes to the environment, never a read or a same-named constant.
  const write = new RegExp(`environ\\[\\s*["']${n}["']\\s*\\]\\s*=(?!=)|(?:setenv|setdefault|putenv)\\(\\s*["']${n}["']|process\\.env(?:\\.${n}|\\[\\s*["']${n}["']\\s*\\])\\s*=(?!=)`);
  for (const file of project.files) {
    if (!reachesCi(project, file.path, workflowText)) continue;
    const text = project.readText(file.path);
    if (text === null || !text.includes(name)) continue;
    const pattern = file.kind === 'code' ? write : setting;
    const index = text.split('\n').findIndex((l) => pattern.test(l));
    if (index !== -1) return manual ? { automatic: { path: file.path, line: index + 1 }, manual } : { automatic: { path: file.path, line: index + 1 } };
  }
  return manual ? { manual } : {};
}

/** RUN_DB_TEST vs RUN_DB_TESTS, RUNDBTESTS vs RUN_DB_TESTS, RUN_DB_TSETS: one name mistyped for the other. */
export function similarNames(a: string, b: string): boolean {
  if (a === b || a.length < 4 || b.length < 4) return false;
  const squash = (s: string): string => s.toUpperCase().replace(/_/g, '').replace(/S$/, '');
  if (squash(a) === squash(b)) return true;
  return editDistance(a.toUpperCase(), b.toUpperCase()) <= (Math.min(a.length, b.length) >= 8 ? 2 : 1);
}

/**
 * A variable CI sets whose name is a near miss of `name`, and that no code reads under its own name: the
 * likely typo. Settings in workflows that run on their own come first.
 */
export function nearMiss(project: Project, name: string): EnvSetting | undefined {
  const read = new Set(project.inventory.env.read.map((r) => r.name));
  const candidates = envSetByCi(project.inventory.ci).filter((s) => similarNames(s.name, name) && !read.has(s.name) && !ALWAYS_SET.test(s.name) && !usedOutsideWorkflows(project, s.name));
  return candidates.find((s) => !s.manual) ?? candidates[0];
}

/** The name appears in some file other than a workflow (a compose file, a config, a script that reads it). */
function usedOutsideWorkflows(project: Project, name: string): boolean {
  const word = new RegExp(`(?<![\\w])${escape(name)}(?![\\w])`);
  return project.files.some((f) => !f.path.startsWith('.github/workflows/') && f.language !== 'markdown' && f.kind !== 'code' && word.test(project.readText(f.path) ?? ''));
}
