import type { CodeFacts } from '../../../facts/types.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineRule, type ReportInput } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { importedNames, importsAny, remoteCalls, type RemoteCall } from '../../../project/knowledge/remote-calls.js';
import { retryLoops, retryPolicies, SEARCHED } from '../../../project/knowledge/retries.js';
import { JOB_CALLBACK, JOB_DECORATOR } from '../../../project/entry-points.js';

type MessageId = 'workerNoRetry' | 'jobsNoRetry' | 'batchReadsNoRetry';

/** Libraries that retry (or whose clients retry by default: got, ky, dramatiq actors). */
const RETRYING_MODULES = [
  'tenacity', 'backoff', 'stamina', 'retrying', 'retry', 'aiohttp_retry', 'google.api_core.retry', 'dramatiq',
  'axios-retry', 'p-retry', 'async-retry', 'promise-retry', 'exponential-backoff', 'cockatiel', 'ts-retry-promise', 'got', 'ky',
];

const RETRY_KWARGS = ['autoretry_for', 'max_retries', 'retry_backoff', 'retry_policy', 'retries', 'retry'];

function retriesIn(file: CodeFacts, project: Project): boolean {
  if (importsAny(file, RETRYING_MODULES) || retryPolicies(file).length > 0) return true;
  // rq and arq retry jobs with a `Retry` object; huey tasks take `retries=`.
  if (['rq', 'arq', 'arq.worker'].some((m) => importedNames(file, m).has('Retry'))) return true;
  if (retryLoops(file, () => project.readText(file.path)).some((r) => r.exitsOnSuccess)) return true;
  for (const call of file.calls) {
    if (/(^|\.)HTTPAdapter$/.test(call.callee) && 'max_retries' in call.kwargs) return true;
    if (/(^|\.)(Async)?HTTPTransport$/.test(call.callee) && 'retries' in call.kwargs) return true;
    if (/(^|\.)retry$/.test(call.callee) && call.fn >= 0) return true;
    if (/(^|\.)(enqueue|enqueue_call|enqueue_job|apply_async|send_with_options)$/.test(call.callee) && RETRY_KWARGS.some((k) => k in call.kwargs)) return true;
  }
  for (const fn of file.functions) {
    if (fn.decorators.some((d) => RETRY_KWARGS.some((k) => k in d.kwargs))) return true;
  }
  if (file.language !== 'python' && importsAny(file, ['bullmq', 'bull', '@nestjs/bull', '@nestjs/bullmq'])) return /\battempts\s*:/.test(project.readText(file.path) ?? '');
  return false;
}

/** Indexes of functions that run as background jobs, and the functions nested in them. */
function jobFunctions(file: CodeFacts): Map<number, string> {
  const out = new Map<number, string>();
  file.functions.forEach((fn, index) => {
    const parent = out.get(fn.parent);
    if (parent !== undefined) out.set(index, parent);
    else if (fn.decorators.some((d) => JOB_DECORATOR.test(d.name)) || (fn.passedTo !== undefined && JOB_CALLBACK.test(fn.passedTo))) out.set(index, fn.qualifiedName);
  });
  return out;
}

interface Background {
  file: CodeFacts;
  remote: RemoteCall;
  where: string;
}

function backgroundCalls(files: readonly CodeFacts[], component: ComponentProfile): Background[] {
  const out: Background[] = [];
  for (const file of files) {
    const jobs = component.archetype === 'worker' ? undefined : jobFunctions(file);
    for (const remote of remoteCalls(file)) {
      const fn = file.functions[remote.call.fn];
      const where = jobs ? jobs.get(remote.call.fn) : (fn?.qualifiedName ?? 'module level');
      if (where !== undefined) out.push({ file, remote, where });
    }
  }
  return out;
}

/** Idempotent reads: repeating one changes nothing on the other side. */
const READ_VERBS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A command line that works through a batch of remote reads (the `batch-remote` trait: quotes for fifty symbols,
 * pages of an API, files to download) with nothing that retries them. One-shot requests stay a non-goal.
 */
/** `code`: the component's source files. */
function batchReads(project: Project, component: ComponentProfile, code: readonly CodeFacts[], report: (input: ReportInput<MessageId>) => void): void {
  if (!component.traits?.some((t) => t.name === 'batch-remote')) return;
  const files = code.filter((f) => project.archetypeAt(f.path) === 'cli');
  const reads = files.flatMap((file) => remoteCalls(file).filter((r) => r.call.inLoop && READ_VERBS.has(r.verb)).map((remote) => ({ file, remote })));
  const first = reads[0];
  // One loop over a few URLs the user typed is the request they asked for; reads looped in several places are
  // what the command does.
  if (!first || reads.length < 2 || files.some((f) => retriesIn(f, project))) return;
  report({
    messageId: 'batchReadsNoRetry',
    data: { count: reads.length, call: first.remote.call.callee, where: first.file.functions[first.remote.call.fn]?.qualifiedName ?? 'module level', searched: SEARCHED },
    path: first.file.path,
    line: first.remote.call.line,
    endLine: first.remote.call.endLine,
    severity: 'medium',
  });
}

export default defineRule<MessageId>({
  meta: {
    code: 'RTY001',
    name: 'remote-calls-without-retry',
    category: 'retries',
    severity: 'medium',
    confidence: 'medium',
    title: 'Background remote calls with no retry anywhere',
    description: 'A worker or background job calls remote services, and nothing in the component retries a failed call: one transient error loses the work.',
    archetypes: ['service', 'worker', 'cli'],
    nonGoal: 'A library leaves retrying to its caller: the caller knows whether a request may be repeated. (A command line is judged only when it reads many remote resources in a loop.)',
    nonGoalFor: { library: "A library should not retry on its caller's behalf: the caller knows whether the request is idempotent and how long it can wait, and retries around the call." },
    messages: {
      workerNoRetry: 'This worker makes {{count}} remote call(s) (first: `{{call}}` in `{{where}}`) and nothing in it retries a failed call. Searched: {{searched}}.',
      batchReadsNoRetry:
        'This command reads remote resources in loops ({{count}} call site(s), first: `{{call}}` in `{{where}}`) and nothing in it retries a failed read: one timeout, 429 or 503 in the middle of a batch loses that item or the whole run. Retrying an idempotent read with backoff does not change its meaning. Searched: {{searched}}.',
      jobsNoRetry: 'Background jobs of this service make {{count}} remote call(s) (first: `{{call}}` in `{{where}}`) and nothing in the component retries a failed call. Searched: {{searched}}.',
    },
    fix: 'Retry transient failures (connection errors, timeouts, 429/5xx) with a bounded, backed-off policy: tenacity or backoff around the call, `HTTPAdapter(max_retries=Retry(...))`, Celery `autoretry_for=(...)`, `retry_backoff=True`, BullMQ `attempts` with `backoff`, p-retry; make writes idempotent first.',
    acceptance: 'Every remote call made by a worker or background job is retried on transient errors with a bounded, backed-off policy, or the job itself is retried by the queue.',
    references: ['Google SRE Book, ch. 22 (Addressing Cascading Failures)', 'AWS Builders\' Library: Timeouts, retries, and backoff with jitter', 'CWE-755'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype === 'cli') {
        batchReads(project, component, project.codeOfComponent(component.path, { roles: ['source'] }), report);
        continue;
      }
      if (component.archetype !== 'service' && component.archetype !== 'worker') continue;
      const files = project.codeOfComponent(component.path, { roles: ['source'] });
      const calls = backgroundCalls(files, component);
      const first = calls[0];
      if (!first || files.some((f) => retriesIn(f, project))) continue;
      const manifest = project.manifests.find((m) => component.manifests.includes(m.path)) ?? project.manifests.find((m) => m.dir === component.path);
      report({
        messageId: component.archetype === 'worker' ? 'workerNoRetry' : 'jobsNoRetry',
        data: { count: calls.length, call: first.remote.call.callee, where: first.where, searched: SEARCHED },
        path: first.file.path,
        line: first.remote.call.line,
        endLine: first.remote.call.endLine,
        ...(manifest ? { related: [{ path: manifest.path, line: manifest.line }] } : {}),
        severity: component.archetype === 'worker' ? 'medium' : 'low',
      });
    }
  },
});
