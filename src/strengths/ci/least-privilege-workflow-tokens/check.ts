import { defineStrength } from '../../../engine/strength.js';

export default defineStrength({
  meta: {
    code: 'STR011',
    name: 'least-privilege-workflow-tokens',
    category: 'ci',
    title: 'Least-privilege workflow tokens',
    description: 'Credits a repository whose every GitHub workflow (two or more) declares explicit GITHUB_TOKEN permissions and none grants write-all.',
    condition: 'The repository has two or more GitHub workflows with jobs; each declares a top-level `permissions:` or one on every job; none is `write-all`.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'workflow-default-permissions', scope: 'component' }],
    references: ['OpenSSF Scorecard Token-Permissions', 'zizmor excessive-permissions'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const workflows = project.inventory.ci.workflows.filter((w) => w.system === 'github' && w.jobs.length > 0);
    if (workflows.length < 2) return;
    const writeAll = (value: unknown): boolean => value === 'write-all';
    const explicit = workflows.filter((w) => (w.permissions || w.jobs.every((j) => j.permissions)) && !writeAll(w.permissions?.value) && !w.jobs.some((j) => writeAll(j.permissions?.value)));
    const first = explicit[0];
    if (!first || explicit.length !== workflows.length) return;
    credit({
      message: `All ${workflows.length} workflows declare explicit GITHUB_TOKEN permissions: a compromised step gets only the scopes its job needs.`,
      path: first.path,
      line: first.permissions?.line ?? first.jobs[0]?.permissions?.line ?? first.line,
    });
  },
});
