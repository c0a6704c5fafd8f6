import { defineRule } from '../../../engine/rule.js';
import { callsWithoutTimeout, type TimeoutMessageId } from '../../../project/knowledge/http-timeouts.js';

type MessageId = TimeoutMessageId;

export default defineRule<MessageId>({
  meta: {
    code: 'TMO001',
    name: 'http-call-without-timeout',
    category: 'timeouts',
    severity: 'high',
    confidence: 'high',
    title: 'HTTP call without a timeout',
    description: 'An outbound HTTP call that can wait forever (or for minutes) because no timeout bounds it.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code runs in a browser the user can reload; bounding its requests is a UX choice rather than a reliability gap.',
    messages: {
      requestsNoTimeout: '`{{call}}(…)` has no `timeout=`: requests waits forever on a server that stops answering.',
      timeoutNone: '`{{call}}(…, timeout=None)` turns off {{library}}\'s timeout: the call can wait forever.',
      urlopenNoTimeout: '`{{call}}(…)` has no timeout: it uses the global socket default, which is to wait forever.',
      httpConnectionNoTimeout: '`{{call}}(…)` has no timeout: the connection can block forever.',
      fetchNoSignal: '`fetch(…)` has no `signal` (e.g. `AbortSignal.timeout(ms)`): in Node it waits up to undici\'s 5-minute defaults, in a browser indefinitely.',
      axiosNoTimeout: '`{{call}}(…)` has no `timeout`: axios waits forever by default.',
      nodeHttpNoTimeout: '`{{call}}(…)` sets no timeout (`timeout` option or `req.setTimeout`): the socket can hang forever.',
      gotNoTimeout: '`{{call}}(…)` has no `timeout`: got sets none by default, so the request can wait forever.',
      libraryNoTimeout: '`{{call}}(…)` makes a network request that nothing bounds in time: {{detail}}.',
    },
    fix: 'Pass an explicit timeout sized for the call (requests/httpx `timeout=(connect, read)`, `fetch(url, { signal: AbortSignal.timeout(ms) })`, axios `timeout`), ideally from one shared client or configuration value.',
    fixFor: {
      python: 'Pass an explicit timeout sized for the call (requests/httpx `timeout=(connect, read)`, aiohttp `ClientTimeout(total=…)`), ideally from one shared client or configuration value.',
      javascript: 'Pass an explicit timeout sized for the call (`fetch(url, { signal: AbortSignal.timeout(ms) })`, axios `timeout`, got `timeout: { request: ms }`), ideally from one shared client or configuration value.',
    },
    acceptance: 'Every outbound HTTP call has a finite timeout, either at the call site or through a shared client that sets one.',
    references: ['ruff S113 (request-without-timeout)', 'bandit B113', 'CWE-400', 'CWE-1088'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code();
    const axiosDefaultsSet = code.some((f) => f.bindings.some((b) => /axios\.defaults\.timeout$|\.defaults\.timeout$/.test(b.name)));
    for (const file of code) {
      // Browser code inside a service component (React/Vue/Svelte views): the front-end non-goal applies.
      if (project.contextOf(file.path).context === 'browser') continue;
      const hits = callsWithoutTimeout(file, axiosDefaultsSet);
      const archetype = project.componentOf(file.path)?.archetype;
      // Scripts (deploy helpers, dev tooling) are run by a person who sees the hang.
      const longLived = (archetype === 'service' || archetype === 'worker') && file.role === 'source';
      for (const hit of hits) {
        const severity = hit.messageId === 'fetchNoSignal' ? 'medium' : longLived ? 'high' : 'medium';
        report({ messageId: hit.messageId, data: hit.data, path: file.path, line: hit.call.line, endLine: hit.call.endLine, severity });
      }
    }
  },
});
