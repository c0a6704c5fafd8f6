import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiWorkflow } from '../../../project/inventory/ci.js';

type MessageId = 'defaultPermissions' | 'writeAll';

/** Secrets that publish or deploy; GITHUB_TOKEN is what the permissions block governs. */
const PUBLISHING_SECRET = /PYPI|NPM|TOKEN|PUBLISH|DEPLOY|PASSWORD|REGISTRY|DOCKER|AWS|GCP|GOOGLE|AZURE|KEY|CREDENTIALS|SNAP|CHOCO|CARGO|GEM|NUGET/i;
/** Triggers that run with a write token and secrets on behalf of code from forks. */
const PRIVILEGED_TRIGGERS = new Set(['pull_request_target', 'workflow_run', 'issue_comment']);

/**
 * Triggers whose token is read-only whatever the defaults say (a pull request from a fork) or comes from the caller
 * (a reusable workflow): a workflow started only by these gains nothing from a `permissions:` block.
 */
const READ_ONLY_TRIGGERS = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment', 'merge_group', 'workflow_call']);

function isWriteAll(value: unknown): boolean {
  return value === 'write-all';
}

function heldSecrets(jobs: readonly CiJob[]): string[] {
  return [...new Set(jobs.flatMap((j) => j.secrets).filter((s) => s !== 'GITHUB_TOKEN' && PUBLISHING_SECRET.test(s)))].sort();
}

function why(workflow: CiWorkflow, jobs: readonly CiJob[]): { text: string; raised: boolean } {
  const secrets = heldSecrets(jobs);
  const trigger = workflow.triggers.find((t) => PRIVILEGED_TRIGGERS.has(t));
  const publishes = jobs.some((j) => j.steps.some((s) => s.kinds.some((k) => k === 'publish' || k === 'deploy' || k === 'image-push')));
  const reasons = [
    ...(secrets.length > 0 ? [`it also holds ${secrets.map((s) => `\`${s}\``).join(', ')}`] : []),
    ...(trigger ? [`it runs on \`${trigger}\``] : []),
    ...(publishes && secrets.length === 0 ? ['it publishes or deploys'] : []),
  ];
  return { text: reasons.length > 0 ? `; ${reasons.join(' and ')}` : '', raised: reasons.length > 0 };
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI007',
    name: 'workflow-default-permissions',
    category: 'ci',
    severity: 'low',
    confidence: 'high',
    title: 'Workflow runs with default token permissions',
    description: 'A GitHub Actions workflow declares no `permissions:` (at the top or on each job), so its GITHUB_TOKEN gets the repository default — read/write on older repositories and organisations — or it grants `write-all`.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      defaultPermissions: 'Workflow "{{workflow}}" declares no `permissions:` for {{jobs}}, so the GITHUB_TOKEN gets the repository\'s default permissions (read/write on repositories created before 2023 and wherever the setting was never changed){{why}}.',
      writeAll: '`permissions: write-all` gives this token every write scope (contents, packages, deployments, id-token…){{why}}.',
    },
    fix: 'Add `permissions: {}` (or `contents: read`) at the top of the workflow and grant each job only the scopes it uses (`contents: write` for a release job, `id-token: write` for trusted publishing).',
    acceptance: 'Every workflow has a top-level `permissions:` block, or every job has its own, and none grants `write-all`.',
    references: ['OpenSSF Scorecard Token-Permissions', 'zizmor excessive-permissions', 'GitHub: automatic token authentication (permissions for the GITHUB_TOKEN)', 'CWE-250'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    const workflows = project.inventory.ci.workflows.filter((w) => w.system === 'github' && w.jobs.length > 0);
    for (const workflow of workflows) {
      const writeAll = isWriteAll(workflow.permissions?.value) ? workflow.permissions : workflow.jobs.find((j) => isWriteAll(j.permissions?.value))?.permissions;
      if (writeAll) {
        const reason = why(workflow, workflow.jobs);
        report({ messageId: 'writeAll', data: { why: reason.text }, path: workflow.path, line: writeAll.line, severity: reason.raised ? 'high' : 'medium' });
        continue;
      }
      if (workflow.permissions) continue;
      const reasonAll = why(workflow, workflow.jobs);
      if (!reasonAll.raised && workflow.triggers.length > 0 && workflow.triggers.every((t) => READ_ONLY_TRIGGERS.has(t))) continue;
      // Jobs that call a reusable workflow get their permissions from the caller's defaults as well.
      const open = workflow.jobs.filter((j) => !j.permissions);
      const first = open[0];
      if (!first) continue;
      const reason = why(workflow, open);
      const names = open.map((j) => `\`${j.id}\``);
      report({
        messageId: 'defaultPermissions',
        data: { workflow: workflow.name ?? workflow.path, jobs: `${names.length === 1 ? 'job' : 'jobs'} ${names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ')}`, why: reason.text },
        path: workflow.path,
        line: first.line,
        related: workflow.onLine ? [{ path: workflow.path, line: workflow.onLine }] : [],
        severity: reason.raised ? 'medium' : 'low',
      });
    }
  },
});
