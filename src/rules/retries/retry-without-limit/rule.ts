import { defineRule } from '../../../engine/rule.js';
import { delegates, retryLoops, retryPolicies } from '../../../project/knowledge/retries.js';

type MessageId = 'policyForever' | 'loopForever';

const FOREVER_DETAIL: Record<string, string> = {
  tenacity: 'tenacity\'s default `stop` is `stop_never`',
  backoff: 'backoff retries forever unless `max_tries` or `max_time` is given',
  retrying: 'retrying retries forever unless a `stop_*` option is given',
};

export default defineRule<MessageId>({
  meta: {
    code: 'RTY003',
    name: 'retry-without-limit',
    category: 'retries',
    severity: 'medium',
    confidence: 'high',
    title: 'Retry without a limit',
    description: 'A retry policy or loop that never gives up: a permanent failure turns into a hang and an endless stream of requests.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      policyForever: '`{{text}}` has no attempt or time limit ({{detail}}): a permanent failure is retried forever and the caller never gets an error.',
      loopForever: 'The `{{header}}` loop retries `{{call}}` until it succeeds: the handler at line {{handler}} never gives up, so a permanent failure hangs here forever.',
    },
    fix: 'Bound every retry by attempts and total time (tenacity `stop=stop_after_attempt(5) | stop_after_delay(30)`, backoff `max_time=30`, a `for attempt in range(5)` loop that re-raises after the last attempt) and let the final error surface.',
    acceptance: 'Every retry has an attempt or time limit, after which the last error is raised or reported.',
    references: ['Google SRE Book, ch. 22 (Addressing Cascading Failures): limit retries per request', 'CWE-835 (loop with unreachable exit condition)', 'CWE-400'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      for (const p of retryPolicies(file)) {
        if (p.bounded !== false) continue;
        report({
          messageId: 'policyForever',
          data: { text: p.text, detail: FOREVER_DETAIL[p.library] ?? `${p.library} has no limit here` },
          path: file.path,
          line: p.line,
          endLine: p.endLine,
          severity: p.wait === 'none' ? 'high' : 'medium',
        });
      }
      const reported = new Set<number>();
      for (const r of retryLoops(file, () => project.readText(file.path))) {
        const h = r.handler;
        const exitsInHandler = r.loop.exits.some((l) => l >= h.line && l <= h.endLine);
        if (!r.loop.infinite || !r.exitsOnSuccess || delegates(h) || h.raises || h.returns.length > 0 || h.exits.length > 0 || exitsInHandler || reported.has(r.loop.line)) continue;
        reported.add(r.loop.line);
        report({
          messageId: 'loopForever',
          data: { header: r.loop.header.replace(/[:{]\s*$/, '').trim(), call: r.remote[0]?.callee ?? '', handler: h.line },
          path: file.path,
          line: r.loop.line,
          related: [{ path: file.path, line: h.line, endLine: h.endLine }],
          severity: r.sleeps.length === 0 ? 'high' : 'medium',
        });
      }
    }
  },
});
