import type { CallFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { callsWithoutTimeout } from '../../../project/knowledge/http-timeouts.js';
import { remoteCalls } from '../../../project/knowledge/remote-calls.js';
import { byCodePoint } from '../../../util/order.js';

export default defineStrength({
  meta: {
    code: 'STR048',
    name: 'timeouts-on-every-outbound-call',
    category: 'timeouts',
    title: 'Every outbound HTTP call has a timeout',
    description: 'Credits a component whose every outbound HTTP call (three or more, counted) is bounded by a timeout, at the call or through the client that makes it.',
    condition:
      'The component\'s production code (browser code excluded) makes three or more outbound HTTP calls, and none of them can wait forever by the rules of `http-call-without-timeout` (a timeout at the call, a client or session built with one, axios defaults, a signal on fetch). With some calls unbounded, the count ("timeouts on 11 of 12 calls") is noted on that rule\'s finding instead.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'http-call-without-timeout', scope: 'component' }],
    references: ['ruff S113', 'CWE-400', 'Google SRE Book, ch. 22'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const code = project.code();
    const axiosDefaultsSet = code.some((f) => f.bindings.some((b) => /axios\.defaults\.timeout$|\.defaults\.timeout$/.test(b.name)));
    const byComponent = new Map<string, { calls: Array<{ path: string; call: CallFact }>; unbounded: number }>();
    for (const file of code) {
      if (project.contextOf(file.path).context === 'browser') continue;
      const component = project.componentOf(file.path)?.path ?? '.';
      const missing = new Set(callsWithoutTimeout(file, axiosDefaultsSet).map((h) => h.call));
      const calls = new Set([...remoteCalls(file).map((r) => r.call), ...missing]);
      const entry = byComponent.get(component) ?? { calls: [], unbounded: 0 };
      entry.calls.push(...[...calls].map((call) => ({ path: file.path, call })));
      entry.unbounded += missing.size;
      byComponent.set(component, entry);
    }
    for (const [, { calls, unbounded }] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      if (calls.length < 3) continue;
      const bounded = calls.length - unbounded;
      const first = calls.sort((a, b) => byCodePoint(a.path, b.path) || a.call.line - b.call.line)[0];
      if (!first || bounded === 0) continue;
      credit({
        message: unbounded === 0 ? `All ${calls.length} outbound HTTP calls are bounded by a timeout (at the call or through the client that makes them): a dependency that stops answering cannot hang this process.` : `Timeouts are set on ${bounded} of ${calls.length} outbound HTTP calls.`,
        path: first.path,
        line: first.call.line,
        partial: unbounded > 0,
      });
    }
  },
});
