import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiWorkflow } from '../../../project/inventory/ci.js';
import { editDistance } from '../../../util/text.js';

type MessageId = 'unknownContext' | 'unknownProperty' | 'unknownStep' | 'unknownNeed';

/** Contexts of GitHub Actions expressions. */
const CONTEXTS = new Set(['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs']);
const FUNCTIONS = new Set(['contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'hashFiles', 'success', 'always', 'cancelled', 'failure', 'case']);
const LITERALS = new Set(['true', 'false', 'null', 'NaN', 'Infinity']);

/** Documented properties of the contexts whose shape is fixed. */
const PROPERTIES: Record<string, ReadonlySet<string>> = {
  github: new Set([
    'action', 'action_path', 'action_ref', 'action_repository', 'action_status', 'actor', 'actor_id', 'api_url', 'base_ref', 'env', 'event', 'event_name',
    'event_path', 'graphql_url', 'head_ref', 'job', 'output', 'path', 'ref', 'ref_name', 'ref_protected', 'ref_type', 'repository', 'repository_id',
    'repository_owner', 'repository_owner_id', 'repositoryUrl', 'retention_days', 'run_id', 'run_number', 'run_attempt', 'secret_source', 'server_url',
    'sha', 'state', 'step_summary', 'token', 'triggering_actor', 'workflow', 'workflow_ref', 'workflow_sha', 'workspace',
  ]),
  runner: new Set(['name', 'os', 'arch', 'temp', 'tool_cache', 'debug', 'environment', 'workspace']),
  job: new Set(['container', 'services', 'status', 'check_run_id', 'workflow_ref', 'workflow_sha', 'workflow_repository', 'workflow_file_path']),
  strategy: new Set(['fail-fast', 'job-index', 'job-total', 'max-parallel']),
};
const STEP_PROPERTIES = new Set(['outputs', 'outcome', 'conclusion']);
const NEED_PROPERTIES = new Set(['outputs', 'result']);

function suggestion(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let distance = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < distance) {
      best = k;
      distance = d;
    }
  }
  return best ? ` (did you mean \`${best}\`?)` : '';
}

/** Property chains in an expression, with string literals removed: `github.event.inputs.x`, `steps.build.outputs.y`. */
function chains(expression: string): string[][] {
  const text = expression.replace(/'(?:[^']|'')*'/g, "''");
  const out: string[][] = [];
  for (const m of text.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)((?:\s*\.\s*(?:[A-Za-z_][\w-]*|\*)|\s*\[[^\]]*\])*)(\s*\()?/g)) {
    const root = m[1] ?? '';
    if (m[3] || LITERALS.has(root) || /^\d/.test(root)) continue;
    const parts = [root, ...[...(m[2] ?? '').matchAll(/\.\s*([A-Za-z_][\w-]*|\*)|\[\s*'([^']*)'\s*\]|\[[^\]]*\]/g)].map((p) => p[1] ?? p[2] ?? '[]')];
    out.push(parts);
  }
  return out;
}

interface Expression {
  text: string;
  line: number;
}

/** `${{ … }}` on each line, and the bare expressions of `if:` keys; YAML comment lines skipped. */
function expressionsOf(text: string): Expression[] {
  const out: Expression[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim().startsWith('#')) return;
    for (const m of raw.matchAll(/\$\{\{(.*?)\}\}/g)) out.push({ text: m[1] ?? '', line: i + 1 });
    const condition = /^\s*(?:-\s*)?if:\s*(.+?)\s*$/.exec(raw)?.[1];
    if (condition && !condition.includes('${{') && !/^[|>]/.test(condition)) out.push({ text: condition.replace(/^(["'])(.*)\1$/, '$2').replace(/\s+#.*$/, ''), line: i + 1 });
  });
  return out;
}

function jobAt(workflow: CiWorkflow, line: number): CiJob | undefined {
  let found: CiJob | undefined;
  for (const job of workflow.jobs) if (job.line <= line) found = job;
  return found;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG051',
    name: 'unknown-expression-context',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: 'Workflow expression reads something that does not exist',
    description: 'A GitHub Actions expression names an unknown context (`${{ secret.X }}`), an unknown property of a fixed context (`${{ github.events.x }}`), a step id the job does not have, or a job it does not need: the run fails, or the value is silently empty.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      unknownContext: '`{{expression}}` reads the context `{{name}}`, which does not exist{{hint}}: GitHub rejects the expression ("Unrecognized named-value") and the job fails when it reaches it.',
      unknownProperty: '`{{expression}}` reads `{{context}}.{{name}}`, which is not a property of the `{{context}}` context{{hint}}: it evaluates to an empty value.',
      unknownStep: '`{{expression}}` reads step `{{name}}`, but job `{{job}}` has no step with that `id`{{hint}}: it evaluates to an empty value.',
      unknownNeed: '`{{expression}}` reads `needs.{{name}}`, but job `{{job}}` does not list `{{name}}` in `needs:`{{hint}}: it evaluates to an empty value.',
    },
    fix: 'Correct the name (`github.event.inputs.branch`, the step\'s `id`, a job listed under `needs:`); run actionlint in CI to catch these before they merge.',
    acceptance: 'actionlint reports no unknown context, property, step or job in the workflows.',
    references: ['actionlint: expression syntax and context type checks', 'GitHub Docs: contexts reference'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const workflow of project.inventory.ci.workflows) {
      if (workflow.system !== 'github') continue;
      const text = project.readText(workflow.path);
      if (text === null) continue;
      const firstJob = workflow.jobs[0]?.line ?? Number.MAX_SAFE_INTEGER;
      for (const expression of expressionsOf(text)) {
        const job = expression.line >= firstJob ? jobAt(workflow, expression.line) : undefined;
        for (const chain of chains(expression.text)) {
          const [root = '', first, second] = chain;
          const shown = chain.join('.').replace(/\.\[\]/g, '[…]');
          const finding = (messageId: MessageId, data: Record<string, string>, confidence: 'high' | 'medium' = 'high'): void => {
            report({ messageId, data: { expression: shown, ...data }, path: workflow.path, line: expression.line, confidence });
          };
          if (!CONTEXTS.has(root)) {
            if (FUNCTIONS.has(root)) continue;
            finding('unknownContext', { name: root, hint: suggestion(root, CONTEXTS) });
            continue;
          }
          const known = PROPERTIES[root];
          if (known && first && first !== '[]' && first !== '*' && !known.has(first)) {
            finding('unknownProperty', { context: root, name: first, hint: suggestion(first, known) });
            continue;
          }
          if (!job || !first || first === '[]' || first === '*') continue;
          if (root === 'steps') {
            const ids = job.steps.map((s) => s.id).filter((id): id is string => id !== undefined);
            if (!ids.includes(first)) finding('unknownStep', { name: first, job: job.id, hint: suggestion(first, ids) }, 'medium');
            else if (second && !STEP_PROPERTIES.has(second)) finding('unknownProperty', { context: `steps.${first}`, name: second, hint: suggestion(second, STEP_PROPERTIES) });
          } else if (root === 'needs') {
            if (!job.needs.includes(first)) finding('unknownNeed', { name: first, job: job.id, hint: suggestion(first, job.needs) }, 'medium');
            else if (second && !NEED_PROPERTIES.has(second)) finding('unknownProperty', { context: `needs.${first}`, name: second, hint: suggestion(second, NEED_PROPERTIES) });
          }
        }
      }
    }
  },
});
