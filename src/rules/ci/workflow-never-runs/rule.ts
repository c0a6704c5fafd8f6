import { at, isMap } from '../../../facts/located.js';
import { defineRule } from '../../../engine/rule.js';
import type { CiWorkflow } from '../../../project/inventory/ci.js';

type MessageId = 'noTriggers' | 'allJobsDisabled' | 'danglingWorkflowRun' | 'notInWorkflowsFolder' | 'testsOnlyByHand';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The names by which `workflow_run` can refer to a workflow: its `name:`, or its file path when it has none. */
function names(workflow: CiWorkflow): string[] {
  return [workflow.name ?? workflow.path, workflow.path, workflow.path.slice(workflow.path.lastIndexOf('/') + 1)];
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI002',
    name: 'workflow-never-runs',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    title: 'Workflow that never runs',
    description: 'A CI workflow that can never start (no triggers, every job `if: false`, a `workflow_run` on a workflow that does not exist, a file GitHub does not read), or a test workflow that only runs when started by hand while its tests run nowhere else.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      noTriggers: 'Workflow "{{name}}" has no `on:` triggers: GitHub never starts it.',
      allJobsDisabled: 'Every job of workflow "{{name}}" has `if: false`: whenever it is triggered, nothing runs.',
      danglingWorkflowRun: '`on: workflow_run` waits for {{workflows}}, and no workflow in the repository has that name: it never starts.',
      notInWorkflowsFolder: '`{{path}}` is a workflow in {{where}}: GitHub only reads workflow files directly in the root `.github/workflows/`, so it never runs.',
      testsOnlyByHand: 'Workflow "{{name}}" runs {{tests}} ({{files}}) but only when started by hand ({{triggers}}), and no workflow triggered by push, pull request or schedule runs {{them}}.',
    },
    fix: 'Give the workflow a trigger that fires (push, pull_request, schedule), remove the `if: false`, fix the `workflow_run` name, move the file to `.github/workflows/` — or delete it. For a manual test workflow, add `pull_request`/`push` or a `schedule`.',
    acceptance: 'Every workflow file starts on some event, and every test suite runs in a workflow that starts on its own.',
    references: ['actionlint (events and workflow syntax)', 'GitHub Docs: events that trigger workflows'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { ci, tests } = project.inventory;
    const github = ci.workflows.filter((w) => w.system === 'github');
    for (const workflow of github) {
      const name = workflow.name ?? workflow.path;
      if (workflow.neverRuns === 'no `on:` triggers') {
        report({ messageId: 'noTriggers', data: { name }, path: workflow.path, line: workflow.line });
        continue;
      }
      if (workflow.neverRuns) {
        const first = workflow.jobs[0];
        report({ messageId: 'allJobsDisabled', data: { name }, path: workflow.path, line: first?.line ?? workflow.line, related: workflow.onLine ? [{ path: workflow.path, line: workflow.onLine }] : [] });
        continue;
      }
      const waited = workflow.workflowRun;
      if (waited && waited.workflows.length > 0 && waited.workflows.every((w) => !github.some((other) => other !== workflow && names(other).includes(w)))) {
        report({ messageId: 'danglingWorkflowRun', data: { workflows: waited.workflows.map((w) => `"${w}"`).join(', ') }, path: workflow.path, line: waited.line });
        continue;
      }
      if (!workflow.manualOnly) continue;
      const ranHere = tests.files.filter((f) => f.runs.some((r) => r.path === workflow.path));
      const elsewhere = ranHere.filter((f) => f.runs.some((r) => r.kind === 'ci' && !r.manual));
      const only = ranHere.filter((f) => !elsewhere.includes(f));
      if (only.length === 0) continue;
      const count = only.reduce((n, f) => n + f.tests, 0);
      const dirs = [...new Set(only.map((f) => f.path.slice(0, Math.max(0, f.path.lastIndexOf('/'))) || '.'))];
      report({
        messageId: 'testsOnlyByHand',
        data: { name, tests: plural(count, 'test'), files: dirs.length === 1 ? `${plural(only.length, 'file')} in \`${dirs[0]}/\`` : plural(only.length, 'file'), triggers: workflow.triggers.join(', '), them: count === 1 ? 'it' : 'them' },
        path: workflow.path,
        line: workflow.onLine ?? workflow.line,
        related: only.slice(0, 3).map((f) => ({ path: f.path, line: f.line })),
      });
    }
    // Workflow files GitHub never reads: in a subfolder of .github/workflows, or under a nested project's .github/.
    for (const file of project.data('yaml')) {
      if (file.role === 'fixture' || file.role === 'example' || file.role === 'docs') continue;
      const nested = /^(.+\/)\.github\/workflows\/[^/]+\.ya?ml$/.exec(file.path);
      const subfolder = /^\.github\/workflows\/.+\/[^/]+\.ya?ml$/.test(file.path);
      if ((!nested && !subfolder) || /\{\{|cookiecutter|template|skeleton|scaffold/i.test(file.path)) continue;
      const doc = file.documents[0];
      if (!isMap(doc) || !at(doc, 'jobs') || !(at(doc, 'on') ?? at(doc, 'true'))) continue;
      report({
        messageId: 'notInWorkflowsFolder',
        data: { path: file.path, where: subfolder ? 'a subfolder of `.github/workflows/`' : `\`${nested?.[1] ?? ''}.github/workflows/\`` },
        path: file.path,
        line: doc.line,
        // A nested project's workflows may be meant for when it is split out again.
        severity: subfolder ? 'medium' : 'low',
        confidence: subfolder ? 'high' : 'medium',
      });
    }
  },
});
