import { defineRule } from '../../../engine/rule.js';
import { JS_LANGUAGES } from '../../../project/lifetime.js';

type MessageId = 'executor';

export default defineRule<MessageId>({
  meta: {
    code: 'BUG007',
    name: 'async-promise-executor',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: '`new Promise(async …)` loses the executor’s errors',
    description: 'An `async` function passed to `new Promise(…)` with an `await` or `throw` outside any `try`: a failure there rejects a promise nobody holds, and the constructed promise never settles.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      executor: 'The executor of `new Promise(…)` is `async` and can fail outside a `try` (line {{line}}): that failure rejects the executor’s own promise, which nobody holds — an unhandled rejection — while the `new Promise` never settles, so its caller waits forever.',
    },
    fix: 'Drop the `new Promise` wrapper and write an `async` function that awaits and returns directly; if a callback API must be wrapped, keep the executor synchronous (or wrap its whole body in `try { … } catch (e) { reject(e) }`).',
    acceptance: 'No `new Promise(…)` has an `async` executor whose awaits and throws are not all guarded by a `try` that rejects.',
    references: ['ESLint no-async-promise-executor', 'CWE-755: Improper Handling of Exceptional Conditions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: JS_LANGUAGES })) {
      file.functions.forEach((fn, index) => {
        if (!fn.isAsync || fn.passedTo !== 'Promise') return;
        const isNew = file.calls.some((c) => c.isNew && c.callee === 'Promise' && c.line <= fn.line && c.endLine >= fn.endLine);
        if (!isNew) return;
        const unguarded = [...(fn.throws ?? []), ...file.calls.filter((c) => c.fn === index && c.awaited && c.guardedBy.length === 0).map((c) => c.line)].sort((a, b) => a - b);
        const first = unguarded[0];
        if (first === undefined) return;
        report({ messageId: 'executor', data: { line: first }, path: file.path, line: fn.line, endLine: fn.endLine, related: [{ path: file.path, line: first }] });
      });
    }
  },
});
