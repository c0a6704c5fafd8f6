import { defineStrength } from '../../../engine/strength.js';
import { gatesTheRun } from '../../../project/knowledge/ci-gating.js';

export default defineStrength({
  meta: {
    code: 'STR020',
    name: 'e2e-tests-in-ci',
    category: 'testing',
    title: 'End-to-end tests in CI',
    description: 'Credits end-to-end test files that a CI job runs automatically, in a job whose failure fails the run.',
    condition: 'At least one end-to-end test file (by folder, name or runner: Playwright, Cypress, e2e suites) is run by an automatically triggered CI step, and neither that step nor its job is continue-on-error.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['Google Testing Blog: Just say no to more end-to-end tests (and keep the few you have running)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const gating = (path: string, line: number, jobId: string | undefined): boolean => {
      const workflow = project.inventory.ci.workflows.find((w) => w.path === path);
      const job = workflow?.jobs.find((j) => j.id === jobId);
      const step = job?.steps.find((s) => s.line === line || s.runLine === line);
      return job !== undefined && (step === undefined ? !job.continueOnError : gatesTheRun(job, step));
    };
    const runs = project.inventory.tests.files
      .filter((f) => f.tier === 'e2e')
      .flatMap((f) => f.runs.filter((r) => r.kind === 'ci' && !r.manual && gating(r.path, r.line, r.job)).map((r) => ({ file: f, run: r })));
    const first = runs[0];
    if (!first) return;
    const files = new Set(runs.filter((r) => r.run.path === first.run.path && r.run.line === first.run.line).map((r) => r.file.path));
    credit({
      message: `${files.size} end-to-end test file${files.size === 1 ? '' : 's'} run in CI (${first.run.runner}, job \`${first.run.job ?? ''}\`), and a failure fails the run.`,
      path: first.run.path,
      line: first.run.line,
      related: [{ path: first.file.path, line: 1 }],
    });
  },
});
