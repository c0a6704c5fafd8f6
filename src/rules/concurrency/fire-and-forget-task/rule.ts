import type { CallFact, CodeFacts, FunctionFact, LoopFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { callsFrom, importedNames, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'taskDiscarded' | 'threadLoopUnguarded';

const LOOP_OWNER = /^(asyncio|asyncio\.get_(running_|event_)loop\(\)|(self\.)?_?(event_)?loop)$/;

function discardedTasks(file: CodeFacts): CallFact[] {
  const imported = importedNames(file, 'asyncio');
  return file.calls.filter((call) => {
    if (call.awaited || (!call.isStatement && call.assignedTo !== '_')) return false;
    const [owner, method] = splitCallee(call.callee);
    if (method !== 'create_task' && method !== 'ensure_future') return false;
    return owner === '' ? imported.has(method) : LOOP_OWNER.test(owner);
  });
}

interface ThreadHit {
  start: CallFact;
  target: FunctionFact;
  loop: LoopFact;
}

/** `threading.Thread(target=f).start()` where `f` loops forever with no exception handling inside the loop. */
function unguardedThreadLoops(file: CodeFacts): ThreadHit[] {
  const out: ThreadHit[] = [];
  const isThread = callsFrom(file, 'threading', ['Thread']);
  const started = new Set(file.calls.filter((c) => c.callee.endsWith('.start')).map((c) => `${c.fn}:${c.callee.slice(0, -'.start'.length)}`));
  for (const call of file.calls) {
    if (!isThread(call)) continue;
    const isStarted = call.chainedWith?.includes('start') || (call.assignedTo !== undefined && started.has(`${call.fn}:${call.assignedTo}`));
    const target = call.kwargs['target'];
    if (!isStarted || !target || (target.kind !== 'identifier' && target.kind !== 'attribute')) continue;
    const name = target.text.slice(target.text.lastIndexOf('.') + 1);
    const fnIndex = file.functions.findIndex((f) => f.name === name);
    const fn = file.functions[fnIndex];
    if (!fn) continue;
    const loop = (file.loops ?? []).find((l) => l.fn === fnIndex && l.infinite);
    if (!loop) continue;
    const guarded = file.handlers.some((h) => h.fn === fnIndex && h.line >= loop.line && h.line <= loop.endLine);
    if (!guarded) out.push({ start: call, target: fn, loop });
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CON003',
    name: 'fire-and-forget-task',
    category: 'concurrency',
    severity: 'medium',
    confidence: 'high',
    title: 'Background task whose failure vanishes',
    description: 'An asyncio task whose reference is dropped (it can be garbage-collected and its exception is never seen), or a background thread whose endless loop dies silently on the first exception.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      taskDiscarded: 'The task from `{{call}}(…)` is not kept: the event loop holds only a weak reference, so it can be garbage-collected before it finishes, and an exception in it is never seen.',
      threadLoopUnguarded: 'The background thread running `{{target}}` loops forever (line {{loop}}) with no exception handling inside the loop: the first error ends the thread (Python only prints the traceback to stderr) and the process carries on without it.',
    },
    fix: 'Keep a reference to every task (a set that removes it in `add_done_callback`, or an `asyncio.TaskGroup`) and log its exception in the callback; inside a background thread\'s loop, catch and log exceptions per iteration so one failure does not end the loop.',
    acceptance: 'Every created task is stored and its result or exception is observed; every endless background loop survives and reports a failing iteration.',
    references: ['ruff RUF006 (asyncio-dangling-task)', 'Python docs: asyncio.create_task ("Save a reference to the result of this function")', 'CWE-703'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'], languages: ['python'] })) {
      for (const call of discardedTasks(file)) {
        report({ messageId: 'taskDiscarded', data: { call: call.callee }, path: file.path, line: call.line, endLine: call.endLine });
      }
      const archetype = project.componentOf(file.path)?.archetype;
      if (archetype !== 'service' && archetype !== 'worker') continue;
      for (const hit of unguardedThreadLoops(file)) {
        report({
          messageId: 'threadLoopUnguarded',
          data: { target: hit.target.qualifiedName, loop: hit.loop.line },
          path: file.path,
          line: hit.start.line,
          endLine: hit.start.endLine,
          related: [{ path: file.path, line: hit.loop.line, endLine: hit.loop.endLine }],
          confidence: 'medium',
        });
      }
    }
  },
});
