import { defineRule } from '../../../engine/rule.js';
import { delegates, isConstantDelay, retryLoops, retryPolicies } from '../../../project/knowledge/retries.js';

type MessageId = 'policyNoWait' | 'policyConstantWait' | 'loopNoWait' | 'loopConstantWait';

const NO_WAIT_DETAIL: Record<string, string> = {
  tenacity: 'tenacity waits 0 s between attempts unless `wait=` is given',
  retrying: 'retrying waits 0 s between attempts unless a `wait_*` option is given',
  urllib3: 'urllib3 `Retry` waits 0 s between attempts unless `backoff_factor` is set (only a `Retry-After` header slows it down)',
  'axios-retry': 'axios-retry retries at once unless `retryDelay` is given (e.g. `axiosRetry.exponentialDelay`)',
};

export default defineRule<MessageId>({
  meta: {
    code: 'RTY002',
    name: 'retry-without-backoff',
    category: 'retries',
    severity: 'medium',
    confidence: 'high',
    title: 'Retry without backoff',
    description: 'Retries that fire again immediately (or after a fixed pause), hammering a dependency that is already failing.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      policyNoWait: '`{{text}}` retries with no pause between attempts: {{detail}}.',
      policyConstantWait: '`{{text}}` waits a fixed time between attempts: every client retries in lock-step, with no backoff and no jitter.',
      loopNoWait: 'The retry loop at line {{loop}} calls `{{call}}` again right after a failure, with no sleep: a failing dependency gets a burst of requests.',
      loopConstantWait: 'The retry loop at line {{loop}} around `{{call}}` sleeps a constant `{{sleep}}` between attempts: no backoff and no jitter.',
    },
    fix: 'Wait longer after each failure, with jitter: tenacity `wait=wait_random_exponential(multiplier=0.5, max=30)`, urllib3 `Retry(backoff_factor=0.5)`, axios-retry `retryDelay: axiosRetry.exponentialDelay`, or `sleep(min(cap, base * 2 ** attempt) * random.random())` in a hand-written loop.',
    acceptance: 'Every retry waits between attempts, and the wait grows (exponentially, with jitter) up to a cap.',
    references: ['AWS Architecture Blog: Exponential Backoff and Jitter', 'Google SRE Book, ch. 22 (Addressing Cascading Failures): retries', 'CWE-400'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      for (const p of retryPolicies(file)) {
        if (p.wait === 'none') {
          const severity = p.library === 'urllib3' || p.library === 'axios-retry' ? 'low' : 'medium';
          report({ messageId: 'policyNoWait', data: { text: p.text, detail: NO_WAIT_DETAIL[p.library] ?? `${p.library} does not wait between attempts` }, path: file.path, line: p.line, endLine: p.endLine, severity });
        } else if (p.wait === 'constant') {
          report({ messageId: 'policyConstantWait', data: { text: p.text }, path: file.path, line: p.line, endLine: p.endLine, severity: 'low', confidence: 'low' });
        }
      }
      for (const r of retryLoops(file, () => project.readText(file.path))) {
        if (!r.exitsOnSuccess || (r.sleeps.length === 0 && delegates(r.handler))) continue;
        const call = r.remote[0]?.callee ?? '';
        const data = { loop: r.loop.line, call };
        if (r.sleeps.length === 0) {
          report({ messageId: 'loopNoWait', data, path: file.path, line: r.handler.line, endLine: r.handler.endLine, related: [{ path: file.path, line: r.loop.line }] });
        } else if (r.sleeps.every(isConstantDelay)) {
          const sleep = r.sleeps[0];
          report({ messageId: 'loopConstantWait', data: { ...data, sleep: sleep ? `${sleep.callee}(${sleep.args.map((a) => a.text).join(', ')})` : '' }, path: file.path, line: sleep?.line ?? r.handler.line, related: [{ path: file.path, line: r.loop.line }], severity: 'low', confidence: 'low' });
        }
      }
    }
  },
});
