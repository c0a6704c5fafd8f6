import { defineStrength } from '../../../engine/strength.js';
import { actionUses, COMMIT_SHA, workflowLinterStep } from '../../../project/knowledge/actions.js';

export default defineStrength({
  meta: {
    code: 'STR010',
    name: 'actions-pinned-by-sha',
    category: 'ci',
    title: 'Actions pinned to commit SHAs',
    description: 'Credits a repository whose every GitHub Actions reference (steps and reusable workflows) is pinned to a full commit SHA.',
    condition: 'The repository has GitHub workflows with at least one remote `uses:` reference, and every one of them ends in `@<40 hex digits>`; a workflow linter (zizmor, actionlint, Scorecard) in CI is named when present.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'action-pinned-to-moving-ref', scope: 'component' }],
    references: ['OpenSSF Scorecard Pinned-Dependencies', 'zizmor unpinned-uses', 'GitHub: security hardening for GitHub Actions'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const workflows = project.inventory.ci.workflows.filter((w) => w.system === 'github');
    const uses = workflows.flatMap(actionUses);
    const first = uses[0];
    if (!first || !uses.every((u) => COMMIT_SHA.test(u.ref))) return;
    const linter = workflowLinterStep(workflows);
    const files = new Set(uses.map((u) => u.workflow.path)).size;
    credit({
      message: `All ${uses.length} action references in ${files} workflow${files === 1 ? '' : 's'} are pinned to full commit SHAs${linter ? `, and ${linter.tool} audits the workflows in CI` : ''}: a moved tag cannot change what runs with the jobs' secrets.`,
      path: linter?.path ?? first.workflow.path,
      line: linter?.line ?? first.line,
      related: linter ? [{ path: first.workflow.path, line: first.line }] : [],
    });
  },
});
