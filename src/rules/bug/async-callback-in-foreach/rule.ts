import { defineRule } from '../../../engine/rule.js';
import { JS_LANGUAGES } from '../../../project/lifetime.js';

type MessageId = 'forEach';

export default defineRule<MessageId>({
  meta: {
    code: 'BUG008',
    name: 'async-callback-in-foreach',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: '`forEach` with an `async` callback does not wait',
    description: '`items.forEach(async (item) => { await … })`: `forEach` ignores the promises, so nothing waits for the work and its failures become unhandled rejections.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      forEach: '`{{call}}(async …)` ignores the promise each call returns: the code after the loop runs before the work is done, the calls run all at once, and a failure in any of them becomes an unhandled rejection that no `try` around the loop can catch.',
    },
    fix: 'Use `for (const item of items) { await … }` to run one after another, or `await Promise.all(items.map(async (item) => …))` to run them concurrently and collect failures.',
    acceptance: 'No `forEach` is given an `async` callback.',
    references: ['typescript-eslint no-misused-promises (checksVoidReturn)', 'CWE-755: Improper Handling of Exceptional Conditions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: JS_LANGUAGES })) {
      file.functions.forEach((fn, index) => {
        if (!fn.isAsync || !/(^|\.)forEach$/.test(fn.passedTo ?? '')) return;
        // Without an `await` or a `throw` the callback settles at once: nothing is left pending, nothing rejects.
        if (!file.calls.some((c) => c.fn === index && c.awaited) && !(fn.throws?.length ?? 0)) return;
        report({ messageId: 'forEach', data: { call: fn.passedTo ?? 'forEach' }, path: file.path, line: fn.line, endLine: fn.endLine });
      });
    }
  },
});
