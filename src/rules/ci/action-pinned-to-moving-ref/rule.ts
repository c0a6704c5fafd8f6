import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiWorkflow } from '../../../project/inventory/ci.js';
import { actionUses, COMMIT_SHA, type ActionUse } from '../../../project/knowledge/actions.js';

type MessageId = 'branch' | 'tags';

const TAG = /^v?\d+(\.\d+)*([-+.][\w.-]+)?$/;
/** GitHub's own actions: maintained by the platform that runs them. */
const FIRST_PARTY = /^(actions|github)\//;
/** Secrets that publish or deploy: a registry token, cloud credentials, a deploy key. GITHUB_TOKEN is judged by its permissions. */
const PUBLISHING_SECRET = /PYPI|NPM|TOKEN|PUBLISH|DEPLOY|PASSWORD|REGISTRY|DOCKER|AWS|GCP|GOOGLE|AZURE|KEY|CREDENTIALS|SNAP|CHOCO|CARGO|GEM|NUGET/i;

/** What the job can do with a hijacked action: publish with a secret, deploy, or write with the token. */
function stakes(job: CiJob, workflow: CiWorkflow): string | null {
  const secret = job.secrets.find((s) => s !== 'GITHUB_TOKEN' && PUBLISHING_SECRET.test(s));
  if (secret) return `the job holds \`secrets.${secret}\``;
  const kinds = new Set(job.steps.flatMap((s) => s.kinds));
  if (kinds.has('publish') || kinds.has('deploy') || kinds.has('image-push')) return 'the job publishes or deploys';
  const permissions = JSON.stringify(job.permissions?.value ?? workflow.permissions?.value ?? '');
  if (/id-token"?:"?write|contents"?:"?write|packages"?:"?write|write-all/.test(permissions)) return 'the job\'s token can write';
  return null;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI006',
    name: 'action-pinned-to-moving-ref',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    title: 'Third-party action pinned to a branch or tag',
    description: 'A workflow `uses:` a third-party action (or reusable workflow) by branch or tag instead of a full commit SHA, so whoever controls that repository controls what runs — with the job\'s secrets.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      branch: '`uses: {{value}}` follows the branch `{{ref}}`: every push to {{repo}} changes the code this job runs{{stakes}}.',
      tags: '{{what}} in {{where}} {{are}} can move to other code: {{examples}}.',
    },
    fix: 'Pin each action to the full 40-character commit SHA of a reviewed release, with the version in a comment (`uses: owner/action@<sha> # v1.2.3`), and let Dependabot or Renovate propose updates; for PyPI, prefer trusted publishing (`id-token: write`) to a long-lived token.',
    acceptance: 'Every third-party `uses:` ends in `@<40 hex>`; a workflow linter (zizmor, actionlint) runs in CI.',
    references: ['OpenSSF Scorecard Pinned-Dependencies', 'zizmor unpinned-uses', 'GitHub: security hardening for GitHub Actions (using third-party actions)', 'CWE-829'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    const workflows = project.inventory.ci.workflows.filter((w) => w.system === 'github');
    const reportTags = (shown: readonly ActionUse[], kind: string, severity: 'low' | 'medium'): void => {
      const first = shown[0];
      if (!first) return;
      const examples = [...new Set(shown.map((u) => u.value))];
      const files = new Set(shown.map((u) => u.workflow.path));
      report({
        messageId: 'tags',
        data: {
          what: `${shown.length} ${kind} action reference${shown.length === 1 ? '' : 's'}`,
          where: files.size === 1 ? 'this workflow' : `${files.size} workflows`,
          are: shown.length === 1 ? 'is pinned to a tag, which its owner' : 'are pinned to tags, which their owners',
          examples: examples.length > 3 ? `${examples.slice(0, 3).join(', ')}, …` : examples.join(', '),
        },
        path: first.workflow.path,
        line: first.line,
        related: shown.slice(1, 4).map((u) => ({ path: u.workflow.path, line: u.line })),
        severity,
      });
    };
    for (const workflow of workflows) {
      // GitHub's own actions are maintained by the platform that runs them: a tag is the pin GitHub documents.
      const uses = actionUses(workflow).filter((u) => !COMMIT_SHA.test(u.ref) && !FIRST_PARTY.test(u.action));
      // One finding per action and branch in a workflow, with every place it is used.
      const branches = new Map<string, ActionUse[]>();
      for (const use of uses.filter((u) => !TAG.test(u.ref))) branches.set(use.value, [...(branches.get(use.value) ?? []), use]);
      for (const [value, places] of branches) {
        const use = places[0] as ActionUse;
        const why = places.map((u) => stakes(u.job, workflow)).find((s) => s !== null) ?? null;
        report({
          messageId: 'branch',
          data: { value, ref: use.ref, repo: use.action.split('/').slice(0, 2).join('/'), stakes: why ? `, and ${why}` : '' },
          path: workflow.path,
          line: use.line,
          related: places.slice(1).map((u) => ({ path: workflow.path, line: u.line })),
          severity: why ? 'high' : 'medium',
        });
      }
      // A tag moves only when its owner moves it: worth a line where a hijacked action could publish or write.
      const tagged = uses.filter((u) => TAG.test(u.ref) && stakes(u.job, workflow) !== null);
      if (tagged.length > 0) reportTags(tagged, 'third-party', 'low');
    }
  },
});
