import type { LogCallFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

type MessageId = 'errorLevel';

/** Failures whose message says it all (a refused connection, a missing object, bad input): the traceback adds little. */
const EXPECTED = /(Timeout|Connect|Network|HTTP|Http|Request|Socket|SSL|DoesNotExist|NotFound|Invalid|Validation|Permission|Denied|Import|Decode|Parse|Unauthori[sz]ed|Forbidden)\w*$/;

export default defineRule<MessageId>({
  meta: {
    code: 'ERR006',
    name: 'exception-logged-without-traceback',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: 'Exception logged without its traceback',
    description: 'A handler of a specific exception logs `… {e}` at error level without `exc_info`, then carries on: the log shows the message but not where it came from.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A CLI reports errors to a person: a one-line message is the right output, and the traceback belongs behind a --debug flag.',
    nonGoalFor: { library: 'A library logs on behalf of the application that embeds it, which chooses the log format and whether tracebacks are kept.' },
    messages: {
      errorLevel: '`{{caught}}` logs the error with `{{callee}}(…)` but without its traceback (no `exc_info`), then carries on: the log says what failed, not where.',
    },
    fix: 'Use `logger.exception(…)` (or `exc_info=True`) in the handler, so the traceback — with the line that failed and the calls that led there — goes into the log.',
    acceptance: 'Error-level logs inside exception handlers carry the traceback, or the handler re-raises.',
    references: ['ruff TRY400 (error-instead-of-exception)', 'CWE-778: Insufficient Logging'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: ['python'] })) {
      for (const h of file.handlers) {
        // Broad handlers are ERR001's; re-raising or exiting handlers hand the traceback on.
        if (h.broad || h.raises || h.exits.length > 0 || h.binding === null) continue;
        if (h.logs.some((l) => l.withTraceback)) continue;
        const log: LogCallFact | undefined = h.logs.find((l) => l.mentionsError && (l.level === 'error' || l.level === 'critical'));
        if (!log) continue;
        const expected = h.types.every((t) => EXPECTED.test(t));
        report({
          messageId: 'errorLevel',
          severity: expected ? 'low' : 'medium',
          data: { caught: h.header.replace(/:\s*$/, ''), callee: log.callee },
          path: file.path,
          line: log.line,
          related: [{ path: file.path, line: h.line, endLine: h.endLine }],
        });
      }
    }
  },
});
