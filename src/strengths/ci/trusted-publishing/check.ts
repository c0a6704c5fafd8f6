import { defineStrength } from '../../../engine/strength.js';
import type { CiJob, CiStep, CiWorkflow } from '../../../project/inventory/ci.js';

/** The PyPI publishing action, which exchanges the job's OIDC token for a short-lived upload token. */
const PYPI_ACTION = /^pypa\/gh-action-pypi-publish@/i;
/** Long-lived registry tokens handed to a publish step: with such a token the step does not rely on OIDC. */
const TOKEN_NAME = /^(NODE_AUTH_TOKEN|NPM_TOKEN|TWINE_PASSWORD|TWINE_USERNAME|POETRY_PYPI_TOKEN_\w+|POETRY_HTTP_BASIC_\w+|UV_PUBLISH_TOKEN|UV_PUBLISH_PASSWORD|FLIT_PASSWORD|HATCH_INDEX_AUTH|PDM_PUBLISH_PASSWORD)$/;

function grantsIdToken(permissions: { value: unknown } | undefined): boolean {
  const value = permissions?.value;
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)['id-token'] === 'write';
}

/** The step publishes a package with no long-lived token: the PyPI action without a password, or a publish command with no token in its environment or arguments. */
function tokenlessPublish(workflow: CiWorkflow, job: CiJob, step: CiStep): boolean {
  const env = [...workflow.env, ...job.env, ...step.env];
  if (env.some((e) => TOKEN_NAME.test(e.name) && /secrets\./.test(e.value))) return false;
  if (step.uses && PYPI_ACTION.test(step.uses)) return !step.with['password'];
  if (!step.kinds.includes('publish') || !step.run) return false;
  return !/secrets\.|--token\b|--password\b|\s-p\s|--(username|user)\b|_authToken/.test(step.run) && !/\bsemantic-release\b|\bchangeset\b/.test(step.run);
}

export default defineStrength({
  meta: {
    code: 'STR061',
    name: 'trusted-publishing',
    category: 'ci',
    title: 'Releases published with trusted publishing (OIDC)',
    description: 'Credits a release job that publishes to PyPI or npm with a short-lived OIDC token instead of a long-lived registry token stored as a secret.',
    condition:
      'A GitHub workflow job has `permissions: id-token: write` (on the job or the workflow) and a step that publishes a package (the `pypa/gh-action-pypi-publish` action without `password`, or `npm publish`, `uv publish`, `twine upload`, `poetry publish` …) with no registry token from a secret in its environment or arguments.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['PyPI docs: Trusted Publishers', 'npm docs: Trusted publishing for npm packages', 'OpenSSF Scorecard Token-Permissions'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const workflow of project.inventory.ci.workflows) {
      if (workflow.system !== 'github' || workflow.neverRuns !== undefined) continue;
      for (const job of workflow.jobs) {
        if (!grantsIdToken(job.permissions ?? workflow.permissions)) continue;
        const step = job.steps.find((s) => tokenlessPublish(workflow, job, s));
        if (!step) continue;
        const what = step.uses && PYPI_ACTION.test(step.uses) ? 'publishes to PyPI through `pypa/gh-action-pypi-publish`' : `runs \`${(step.run ?? '').trim().split('\n')[0] ?? ''}\``;
        const permissions = job.permissions ?? workflow.permissions;
        credit({
          message: `Job \`${job.id}\` ${what} with a short-lived OIDC token (\`id-token: write\`), not a long-lived registry token: there is no publishing secret to leak.`,
          path: workflow.path,
          line: step.usesLine ?? step.runLine ?? step.line,
          ...(permissions ? { related: [{ path: workflow.path, line: permissions.line }] } : {}),
        });
        return;
      }
    }
  },
});
