/**
 * Questions several CI and testing rules ask of the CI inventory: which workflows run on their own, which steps
 * look like test steps seaworthy could not resolve, which environment variables CI provides, and where.
 */
import type { CiInventory, CiJob, CiStep, CiWorkflow } from './ci.js';

/** The workflow starts on its own (push, pull request, schedule, another workflow) and some job can run. */
export function runsAutomatically(workflow: CiWorkflow): boolean {
  return !workflow.manualOnly && workflow.neverRuns === undefined;
}

export function jobNeverRuns(job: CiJob): boolean {
  return /^\s*(false|\$\{\{\s*false\s*\}\})\s*$/.test(job.if ?? '');
}

export interface StepRef {
  workflow: CiWorkflow;
  job: CiJob;
  step: CiStep;
}

export function steps(ci: CiInventory): StepRef[] {
  const out: StepRef[] = [];
  for (const workflow of ci.workflows) for (const job of workflow.jobs) for (const step of job.steps) out.push({ workflow, job, step });
  return out;
}

/**
 * Steps of automatic workflows that look like they run tests (`make check`, `hatch run test`, `just test`, a
 * "Run tests" step using an action) but whose commands seaworthy could not follow to a test runner.
 */
export function opaqueTestSteps(ci: CiInventory): StepRef[] {
  return steps(ci).filter(({ workflow, job, step }) => {
    if (!runsAutomatically(workflow) || jobNeverRuns(job) || step.tests.length > 0) return false;
    if (step.kinds.includes('install') && !step.kinds.includes('test')) return false;
    const words = `${step.name ?? ''} ${step.run ?? ''} ${step.uses ?? ''} ${Object.values(step.with).join(' ')}`;
    return /\b(tests?|check|e2e|spec|ci)\b/i.test(words) && !/\b(lint|format|typecheck|type-check|mypy|eslint|prettier|ruff|upload|coverage report|codecov|artifact|cache|checkout|setup|docs?)\b/i.test(step.name ?? '');
  });
}

/** Variables every CI runner (or the test runner itself) sets: gates on them are always open in CI. */
export const ALWAYS_SET = /^(CI|CONTINUOUS_INTEGRATION|GITHUB_\w+|RUNNER_\w+|ACTIONS_\w+|GITLAB_CI|CI_\w+|HOME|PATH|USER|PWD|SHELL|LANG|TERM|TMPDIR|HOSTNAME|NODE_ENV|JEST_WORKER_ID|VITEST\w*|PYTEST_\w+|TOX_\w+|VIRTUAL_ENV|PYTHONPATH)$/;

export interface EnvSetting {
  name: string;
  path: string;
  line: number;
  /** Set by a workflow that only runs when started by hand. */
  manual: boolean;
}

/**
 * Every variable a workflow provides to its steps: `env:` at workflow, job and step level, and variables its
 * run scripts export. Lines point at the setting.
 */
export function envSetByCi(ci: CiInventory): EnvSetting[] {
  const out: EnvSetting[] = [];
  for (const workflow of ci.workflows) {
    const manual = !runsAutomatically(workflow);
    for (const e of workflow.env) out.push({ name: e.name, path: workflow.path, line: e.line, manual });
    for (const job of workflow.jobs) {
      const jobManual = manual || jobNeverRuns(job);
      for (const e of job.env) out.push({ name: e.name, path: workflow.path, line: e.line, manual: jobManual });
      for (const step of job.steps) {
        for (const e of step.env) out.push({ name: e.name, path: workflow.path, line: e.line, manual: jobManual });
        for (const s of step.sets ?? []) out.push({ name: s.name, path: workflow.path, line: (step.runLine ?? step.line) + s.offset, manual: jobManual });
      }
    }
  }
  return out;
}
