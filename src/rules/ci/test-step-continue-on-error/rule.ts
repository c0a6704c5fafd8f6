import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiStep, CiWorkflow } from '../../../project/inventory/ci.js';
import type { TestRun } from '../../../project/inventory/tests.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'stepContinues' | 'jobContinues' | 'orTrue' | 'allowFailure';

const GATES = ['test', 'lint', 'typecheck'] as const;
const IGNORED_FAILURE = /\|\|\s*(true|:|exit\s+0|echo\b)/;

function gateOf(step: CiStep): (typeof GATES)[number] | undefined {
  return GATES.find((k) => step.kinds.includes(k));
}

/** A later step (or job) reads this step's outcome — e.g. pushes auto-fixes first, then fails the job itself. */
function outcomeChecked(step: CiStep, job: CiJob): boolean {
  if (!step.id) return false;
  const ref = new RegExp(`steps\\.${step.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(outcome|conclusion)`);
  const later = job.steps.slice(job.steps.indexOf(step) + 1);
  return later.some((s) => ref.test(s.if ?? '') || ref.test(s.run ?? '') || Object.values(s.with).some((v) => ref.test(v)) || s.env.some((e) => ref.test(e.value)));
}

/** Another job reads this job's result (`needs.<id>.result`, an alls-green check over `needs`). */
function resultChecked(job: CiJob, workflow: CiWorkflow): boolean {
  return workflow.jobs.some(
    (j) => j !== job && j.needs.includes(job.id) && (new RegExp(`needs\\.${job.id}\\.result`).test(`${j.if ?? ''} ${j.steps.map((s) => `${s.if ?? ''} ${s.run ?? ''}`).join(' ')}`) || j.steps.some((s) => /toJSON\(needs\)/i.test(Object.values(s.with).join(' ')))),
  );
}

/** A CI run of a test file that fails the build when the tests fail: automatic, not continue-on-error at job or step level. */
function blocking(project: Project, run: TestRun): boolean {
  if (run.kind !== 'ci' || run.manual) return false;
  const job = project.inventory.ci.workflows.find((w) => w.path === run.path)?.jobs.find((j) => j.id === run.job);
  if (!job || job.continueOnError || job.allowFailure) return false;
  return !job.steps.some((s) => s.line === run.line && s.continueOnError);
}

/**
 * The tests a non-blocking job (or step) runs also run in a blocking job: a failure still fails the build there
 * (an optional compatibility matrix beside the main test job).
 */
function runBlockingElsewhere(project: Project, workflow: CiWorkflow, job: CiJob, step?: CiStep): boolean {
  const mine = (r: TestRun): boolean => r.kind === 'ci' && r.path === workflow.path && r.job === job.id && (step === undefined || r.line === step.line);
  const files = project.inventory.tests.files.filter((f) => f.runs.some(mine));
  return files.length > 0 && files.every((f) => f.runs.some((r) => !mine(r) && blocking(project, r)));
}

function describeGate(gate: string): string {
  return gate === 'test' ? 'tests' : gate === 'lint' ? 'the linter' : 'the type checker';
}

function failing(gate: string): string {
  return gate === 'test' ? 'tests fail' : `${describeGate(gate)} fails`;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI003',
    name: 'test-step-continue-on-error',
    category: 'ci',
    severity: 'high',
    confidence: 'high',
    title: 'Failing tests do not fail the build',
    description: 'A CI test step or job marked `continue-on-error: true` (GitLab: `allow_failure: true`), or a test command followed by `|| true`, with nothing later that fails the job on its outcome and no blocking job that runs the same tests.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      stepContinues: 'Step "{{step}}" runs {{gate}} with `continue-on-error: true` and no later step checks its outcome: when {{fails}}, job `{{job}}` still succeeds.',
      jobContinues: 'Job `{{job}}` runs {{gate}} with `continue-on-error: true` and no other job checks its result: when {{fails}}, the workflow still succeeds.',
      orTrue: '`{{command}}` ends in `{{suffix}}`: whatever {{gate}} report, the step succeeds.',
      allowFailure: 'GitLab job `{{job}}` runs {{gate}} with `allow_failure: true`: when {{fails}}, the pipeline still passes.',
    },
    fix: 'Remove `continue-on-error` / `allow_failure` / `|| true` from the test step; if the step must finish first (to upload reports or push auto-fixes), give it an `id` and add a final step `if: steps.<id>.outcome == \'failure\'` that runs `exit 1`. For tests that are allowed to fail (an experimental Python), scope it with a matrix flag.',
    acceptance: 'A failing test makes the job, and the workflow, fail.',
    references: ['GitHub Actions: jobs.<job_id>.steps[*].continue-on-error', 'GitLab CI: allow_failure'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const workflow of project.inventory.ci.workflows) {
      for (const job of workflow.jobs) {
        const gated = job.steps.map((s) => ({ step: s, gate: gateOf(s) })).filter((g): g is { step: CiStep; gate: (typeof GATES)[number] } => g.gate !== undefined);
        const worst = gated.find((g) => g.gate === 'test') ?? gated[0];
        if (workflow.system === 'gitlab' && job.allowFailure && worst) {
          report({ messageId: 'allowFailure', data: { job: job.id, gate: describeGate(worst.gate), fails: failing(worst.gate) }, path: workflow.path, line: job.line, severity: worst.gate === 'test' ? 'high' : 'low' });
          continue;
        }
        if (job.continueOnError && worst && !resultChecked(job, workflow)) {
          if (worst.gate === 'test' && runBlockingElsewhere(project, workflow, job)) continue;
          report({ messageId: 'jobContinues', data: { job: job.id, gate: describeGate(worst.gate), fails: failing(worst.gate) }, path: workflow.path, line: job.line, severity: worst.gate === 'test' ? 'high' : 'low' });
          continue;
        }
        for (const { step, gate } of gated) {
          const severity = gate === 'test' ? 'high' : 'low';
          if (step.continueOnError && !outcomeChecked(step, job)) {
            if (gate === 'test' && runBlockingElsewhere(project, workflow, job, step)) continue;
            report({ messageId: 'stepContinues', data: { step: step.name ?? step.run?.split('\n')[0] ?? step.uses ?? '', gate: describeGate(gate), fails: failing(gate), job: job.id }, path: workflow.path, line: step.line, severity });
            continue;
          }
          if (gate !== 'test' || !step.run) continue;
          const lines = step.run.split('\n');
          const index = lines.findIndex((l) => IGNORED_FAILURE.test(l) && step.tests.some((t) => l.includes(t.command.split(/\s+/)[0] ?? '\u0000') || /\b(pytest|jest|vitest|npm\s+(run\s+)?test|pnpm\s+(run\s+)?test|yarn\s+test|make\s+test|tox|playwright)\b/.test(l)));
          const line = lines[index];
          if (index === -1 || line === undefined) continue;
          const suffix = IGNORED_FAILURE.exec(line)?.[0] ?? '|| true';
          report({ messageId: 'orTrue', data: { command: line.trim().slice(0, 80), suffix, gate: 'the tests' }, path: workflow.path, line: (step.runLine ?? step.line) + index, severity });
        }
      }
    }
  },
});
