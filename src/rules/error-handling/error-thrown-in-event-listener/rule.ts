import { defineRule } from '../../../engine/rule.js';
import { JS_LANGUAGES } from '../../../project/lifetime.js';

type MessageId = 'cli' | 'longLived';

const REGISTER = /(^|\.)(on|once|addListener|prependListener|prependOnceListener)$/;

export default defineRule<MessageId>({
  meta: {
    code: 'ERR003',
    name: 'error-thrown-in-event-listener',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: "Error thrown from an 'error' event listener",
    description: "A `throw` inside an EventEmitter `'error'` listener: nothing calls the listener in a `try`, so the error becomes an uncaught exception.",
    archetypes: ['service', 'worker', 'cli'],
    nonGoal: 'A library cannot know how its host process should end; throwing from a listener there is the application’s call to make.',
    messages: {
      cli: "The `{{call}}('error', …)` listener throws (line {{throwLine}}): the error escapes as an uncaught exception, so the command dies with a stack trace instead of a one-line message and a chosen exit code.",
      longLived: "The `{{call}}('error', …)` listener throws (line {{throwLine}}): the error escapes as an uncaught exception and terminates the whole {{archetype}} process, not just the failing {{subject}}.",
    },
    fix: "Handle the error in the listener: in a CLI print a one-line message (`EADDRINUSE: port 3000 is taken`) and set `process.exitCode = 1` (or reject the promise that waits for `listen`); in a service log it and close only the affected socket or stream.",
    acceptance: "No `'error'` listener throws; each one reports the error and decides the exit code or cleanup explicitly.",
    references: ['Node.js docs: Error events (EventEmitter)', 'CWE-248: Uncaught Exception', 'CWE-755: Improper Handling of Exceptional Conditions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: JS_LANGUAGES })) {
      // In a browser tab a throwing listener is an error in the console, not the end of a process.
      if (project.contextOf(file.path).context === 'browser') continue;
      const archetype = project.archetypeAt(file.path) ?? 'library';
      for (const fn of file.functions) {
        if (fn.eventName !== 'error' || !REGISTER.test(fn.passedTo ?? '') || !fn.throws?.length) continue;
        const throwLine = fn.throws[0] ?? fn.line;
        const call = fn.passedTo ?? '';
        const receiver = call.replace(REGISTER, '');
        const serverLevel = /(server|app|listener)$/i.test(receiver);
        // A service that cannot listen should stop: a throw from a server's own 'error' listener fails fast at start.
        if (archetype !== 'cli' && serverLevel) continue;
        const subject = /socket|conn|client|req|res/i.test(receiver) ? 'connection' : 'stream or operation';
        report({
          messageId: archetype === 'cli' ? 'cli' : 'longLived',
          data: { call, throwLine, archetype, subject },
          path: file.path,
          line: fn.line,
          endLine: fn.endLine,
          severity: archetype === 'cli' ? 'medium' : 'high',
          // A listener that does more than throw may handle the expected errors first and throw only the rest.
          confidence: fn.statements === 1 ? 'high' : 'low',
          related: [{ path: file.path, line: throwLine }],
        });
      }
    }
  },
});
