import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';

type MessageId = 'errorObject' | 'errorString' | 'routeErrorObject';

const ERROR_KEY = /(^|[{,]\s*)(['"]?)(error|err|errors|error_message|errorMessage|error_msg|errmsg|exception)\2\s*:/;
const FAILURE_FLAG = /(['"]?)(success|ok|succeeded)\1\s*:\s*(False|false)\b/;
/** An HTTP response with a status: `{…}, 500` (Flask), `JSONResponse(…)`, `res.status(500).json(…)`. */
const HTTP_RESPONSE = /\}\s*,\s*\d{3}\s*$|^\(\s*\{[\s\S]*\}\s*,\s*\d{3}\s*\)$/;
/** An error response that carries a status or code: a protocol, not a sentinel. */
const STATUS_KEY = /(^|[{,]\s*)(['"]?)(status|status_code|statusCode|code|http_status)\2\s*:/;
/** Functions whose job is to turn a value into display text: the error's text is their output. */
const PRESENTATION = /^(render|display|format|describe|__str__|__repr__|to_string|toString|get_\w+_display)/;

function errorString(text: string, binding: string): boolean {
  const b = escapeRegExp(binding);
  return [
    new RegExp(`^(str|repr|String)\\(\\s*${b}\\s*\\)$`),
    new RegExp(`^${b}\\.(message|toString\\(\\)|args\\[0\\])$`),
    new RegExp(`^[fF](['"]).*\\{${b}(!r|!s)?\\}.*\\1$`),
    new RegExp(`^\`[^\`]*\\$\\{\\s*${b}(\\.message)?\\s*\\}[^\`]*\`$`),
  ].some((re) => re.test(text.trim()));
}

/** The value holds the error's text (`str(e)`, `e.message`, `f"{e}"`), not the error object with its traceback. */
function stringified(text: string, binding: string): boolean {
  const b = escapeRegExp(binding);
  return new RegExp(`(\\b(str|repr|String|format)|[Tt]o[Ss]tring)\\(\\s*${b}\\b|\\b${b}\\.(message|args|msg|toString)\\b|\\{${b}\\b|\\$\\{\\s*${b}\\b`).test(text);
}

/** The handler keeps the error somewhere a person will see it: a log call that names it or carries the traceback. */
function recorded(h: HandlerFact): boolean {
  return h.logs.some((l) => l.withTraceback || (l.mentionsError && l.level !== 'debug'));
}

function isRouteHandler(file: CodeFacts, fnIndex: number, routes: ReadonlySet<string>): boolean {
  const fn = file.functions[fnIndex];
  return fn !== undefined && routes.has(`${file.path}:${fn.qualifiedName}`);
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR005',
    name: 'error-replaced-by-sentinel',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'medium',
    title: 'Exception turned into an error value',
    description: 'An exception handler that returns `{"error": str(e)}` or a bare `str(e)` instead of raising, without logging the error.',
    archetypes: ['service', 'worker', 'library'],
    nonGoal: 'A CLI prints the error text to its user, and a front-end shows it: the error value is their output.',
    messages: {
      routeErrorObject: '`{{caught}}` in the route handler `{{fn}}` returns `{{value}}`: the client receives the exception text with a 200 OK status, and the traceback is never logged.',
      errorObject: '`{{caught}}` returns `{{value}}` instead of raising: the exception becomes an ordinary return value that callers must remember to check, and its traceback is never logged.',
      errorString: '`{{caught}}` returns the exception text `{{value}}` as if it were a result: callers cannot tell failure from success, and the traceback is never logged.',
    },
    fix: 'Let the exception propagate (or raise a domain error `from e`); at an HTTP boundary return a real error status (`HTTPException(status_code=…)`, `res.status(500)`) and log with the traceback (`logger.exception`, the error object in JS).',
    fixFor: {
      python: 'Let the exception propagate (or raise a domain error `from e`); at an HTTP boundary return a real error status (`HTTPException(status_code=…)`, `abort(500)`) and log with the traceback (`logger.exception`).',
      javascript: 'Rethrow the error (or throw a domain error with `{ cause: err }`); at an HTTP boundary answer a real error status (`res.status(500)`, `next(err)`) and log the error object itself, which carries the stack.',
    },
    impactFor: {
      javascript: "The error's type and stack are gone the moment it becomes a string or a default value, and nothing logged them: when the error is a bug (a `TypeError`, a lost database connection) rather than the expected failure, nobody can find out what happened. Every caller must now remember to check for the error value — and callers that forget pass the message on as if it were data. A route handler that answers `{ error: … }` does so with **200 OK**, so clients, retries, monitoring and load balancers all see success; and the raw error text may leak internal details (CWE-209).",
    },
    acceptance: 'No handler converts an exception into a plain return value without logging it; HTTP handlers answer errors with a 4xx/5xx status.',
    references: ['CWE-209: Generation of Error Message Containing Sensitive Information', 'CWE-253: Incorrect Check of Function Return Value', 'CWE-390: Detection of Error Condition Without Action'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const routes = new Set(project.inventory.runtime.routes.map((r) => `${r.path}:${r.handler}`));
    for (const file of project.code()) {
      for (const h of file.handlers) {
        if (h.raises || h.exits.length > 0 || h.delegatesTo || h.binding === null || recorded(h)) continue;
        const fn = file.functions[h.fn];
        if (fn && PRESENTATION.test(fn.name)) continue;
        const binding = h.binding;
        const caught = h.form === 'promise' ? '.catch()' : h.header.replace(/:\s*$/, '').replace(/\s*\{\s*$/, '');
        for (const value of h.returns) {
          if (HTTP_RESPONSE.test(value) || !stringified(value, binding)) continue;
          const isObject = value.startsWith('{') && (ERROR_KEY.test(value) || FAILURE_FLAG.test(value)) && !STATUS_KEY.test(value);
          if (!isObject && !errorString(value, binding)) continue;
          const route = isObject && isRouteHandler(file, h.fn, routes);
          report({
            messageId: route ? 'routeErrorObject' : isObject ? 'errorObject' : 'errorString',
            data: { caught, value, fn: fn?.name ?? '' },
            path: file.path,
            line: h.line,
            endLine: h.endLine,
            severity: route ? 'medium' : 'low',
            confidence: route ? 'high' : 'medium',
          });
          break;
        }
      }
    }
  },
});
