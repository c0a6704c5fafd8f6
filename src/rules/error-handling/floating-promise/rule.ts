import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { lifetimeOf } from '../../../project/lifetime.js';
import { AsyncCallables, handlesOwnErrors } from './async-callables.js';

type MessageId = 'jsFloating' | 'jsWellKnown' | 'pyNeverAwaited';

const FS_PROMISES = new Set(['fs/promises', 'node:fs/promises', 'timers/promises', 'node:timers/promises', 'dns/promises', 'node:dns/promises', 'stream/promises', 'node:stream/promises']);
/** Decorators that leave an `async def` a coroutine function; any other may wrap it into a plain function. */
const PY_PLAIN_DECORATORS = /^(staticmethod|classmethod|abstractmethod|abc\.abstractmethod|override|typing\.override|functools\.wraps|wraps)$/;
const PY_COROUTINES = /^asyncio\.(sleep|wait_for|wait|open_connection|start_server|to_thread)$/;

/** A promise API the file imports or calls by its well-known name: `fs/promises` functions, `fs.promises.*`, `fetch`. */
function wellKnownPromise(file: CodeFacts, call: CallFact): boolean {
  const callee = call.callee;
  if (/^(fs|fsp?)\.promises\.\w+$/.test(callee)) return true;
  if (callee === 'fetch') return !file.imports.some((i) => i.names.includes('fetch') || i.alias === 'fetch');
  for (const imp of file.imports) {
    if (!FS_PROMISES.has(imp.module)) continue;
    if (imp.names.includes(callee)) return true;
    if (imp.alias && callee.startsWith(`${imp.alias}.`) && !callee.slice(imp.alias.length + 1).includes('.')) return true;
  }
  return false;
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR004',
    name: 'floating-promise',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: 'Promise or coroutine neither awaited nor handled',
    description: 'A call to an async function whose promise (JS) or coroutine (Python) is dropped: not awaited, returned, assigned, chained or passed on.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end event handlers routinely start promises that the UI state tracks; judging them needs the framework’s conventions.',
    messages: {
      jsFloating: '`{{call}}(…)` starts the async `{{target}}` ({{where}}) and drops its promise: a failure becomes an unhandled rejection — it crashes {{what}} on Node ≥ 15, or vanishes where a handler swallows it — and nothing waits for it to finish.',
      jsWellKnown: '`{{call}}(…)` returns a promise that is dropped: its failure becomes an unhandled rejection — it crashes {{what}} on Node ≥ 15, or vanishes where a handler swallows it — and nothing waits for it to finish.',
      pyNeverAwaited: '`{{call}}(…)` calls the coroutine function `{{target}}` ({{where}}) without `await`: the coroutine is created and discarded, so its body never runs (Python only warns "coroutine was never awaited").',
    },
    fix: 'Await the call (`await x()`), return it, or hand it to something that owns it (`Promise.all`, a task queue, `asyncio.create_task` kept in a set); to fire and forget deliberately in JS, write `void x().catch(logError)`.',
    fixFor: {
      python: 'Await the coroutine, return it, or hand it to something that owns it (`asyncio.gather`, a `TaskGroup`, or `asyncio.create_task` with the task kept in a set and its exception logged).',
      javascript: 'Await the call (`await x()`), return it, or hand it to something that owns it (`Promise.all`, a task queue); to fire and forget deliberately, write `void x().catch(logError)`.',
    },
    acceptance: 'Every call to an async function is awaited, returned, stored, or explicitly detached with its errors handled.',
    references: ['typescript-eslint no-floating-promises', 'ruff RUF006 (asyncio-dangling-task)', 'pylint W0104 / Python RuntimeWarning "coroutine was never awaited"', 'CWE-252: Unchecked Return Value'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const callables = new AsyncCallables(project);
    for (const file of project.code()) {
      const component = project.componentOf(file.path);
      const python = file.language === 'python';
      // In JS a dropped promise is a hazard of long-lived processes; in a one-shot command the rejection ends it loudly.
      const lifetime = component ? lifetimeOf(project, component) : { longLived: false, reason: '' };
      if (!python && !lifetime.longLived) continue;
      const what = component?.archetype === 'cli' ? 'the server process' : `the ${component?.archetype ?? 'process'}`;
      for (const call of file.calls) {
        if (!call.isStatement || call.awaited || call.isNew) continue;
        // JS: a dropped promise at module level rejects at start-up, loudly; inside functions it is lost.
        if (!python && call.fn === -1) continue;
        const target = callables.targetOf(file, call);
        const where = target ? (target.path === file.path ? `line ${target.fn.line}` : `${target.path}:${target.fn.line}`) : '';
        if (python) {
          if (target && target.fn.decorators.every((d) => PY_PLAIN_DECORATORS.test(d.name))) report({ messageId: 'pyNeverAwaited', data: { call: call.callee, target: target.fn.qualifiedName, where }, path: file.path, line: call.line, endLine: call.endLine, severity: 'high', related: [{ path: target.path, line: target.fn.line }] });
          else if (PY_COROUTINES.test(call.callee)) report({ messageId: 'pyNeverAwaited', data: { call: call.callee, target: call.callee, where: 'the standard library' }, path: file.path, line: call.line, endLine: call.endLine, severity: 'high' });
          continue;
        }
        if (target) {
          const targetFile = project.file(target.path);
          // An async function that catches every error of its own only loses the waiting, not the error.
          if (targetFile?.kind === 'code' && handlesOwnErrors(targetFile, target.fn)) continue;
          report({ messageId: 'jsFloating', data: { call: call.callee, target: target.fn.qualifiedName, where, what }, path: file.path, line: call.line, endLine: call.endLine, related: [{ path: target.path, line: target.fn.line }] });
        } else if (wellKnownPromise(file, call)) {
          report({ messageId: 'jsWellKnown', data: { call: call.callee, what }, path: file.path, line: call.line, endLine: call.endLine });
        }
      }
    }
  },
});
