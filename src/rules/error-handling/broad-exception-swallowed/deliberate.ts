/**
 * Signs that a swallowed error is swallowed on purpose, and usually rightly: cleanup whose failure must not mask
 * the outcome, probes that fall back, stored promises marked as handled, and handlers whose author wrote down why.
 */
import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { inDevOnlyBranch } from '../../../project/knowledge/dev-only.js';

const CLEANUP = /(^|\.)((close|aclose|shutdown|cleanup|clean_up|cleanUp|unlink|rmtree|rmdir|kill|terminate|disconnect|release|cancel|stop|destroy|dispose|unsubscribe|rollback|abort|quit)\w*|remove|flush|delete_file)$/i;
/**
 * Probes: parsing (`try { JSON.parse(x) } catch {}`, `int(x)`, `new URL(x)`, `new Range(x)`, `Version(s)`,
 * `new RegExp(s)`, `parseISO(s)`) keeps the input when it is not parseable; reading a file that may not exist
 * (`.env`, an optional config) falls back to nothing; formatting with a locale (`Intl.NumberFormat`) falls back to
 * a plain rendering; a stat (`fs.statSync(p)`, `os.stat(p)`) asks whether a file exists; `JSON.stringify` fails on
 * cycles; `response.json()` reads a body that may not be JSON; a predicate or validator (`isUrl(x)`,
 * `validate(x)`) answers no.
 */
const PROBE = /(^|\.)(parse\w*|json|loads|fromisoformat|strptime|decodeURIComponent|decodeURI|atob|b64decode|urlsafe_b64decode|URL|literal_eval|int|float|hash|Decimal|UUID|Range|SemVer|Version|RegExp|re\.compile|statSync|stat|lstat|accessSync|access|stringify|\w*Format|format|toLocale\w*|toISOString|is[A-Z]\w*|is_\w+|isValid\w*|validate\w*)$/;
/** Pure helpers that may sit next to a probe without changing what the `try` is about: paths, strings, arrays. */
const PURE = /^(os\.)?path\.\w+$|^(String|Number|Boolean|str|len|bool)$|\.(split|pop|shift|slice|substring|substr|trim\w*|toLowerCase|toUpperCase|replace\w*|join|startsWith|endsWith|includes|indexOf|test|match|lower|upper|strip|lstrip|rstrip|startswith|endswith|encode|decode|keys|values|entries|toString|get)$/;
/** A cache read (`cache.get(key)`): the cache is an optimisation, and a miss or an outage falls back to the source. */
const CACHE_READ = /(^|\.)\w*cache\w*\.(get|get_many|get_or_set|mget)$/i;

/** Reading a file: a probe for an optional file, unless the handler reports the failure as an error. */
const FILE_READ = /(^|\.)(readFile|readFileSync|read_text|read_bytes)$/;

/** A probe, or a method called on a probe's result: `Intl.DateTimeFormat().resolvedOptions`. */
function isProbe(callee: string, h: HandlerFact): boolean {
  const open = callee.indexOf('(');
  if (PROBE.test(callee) || (open > 0 && PROBE.test(callee.slice(0, open))) || CACHE_READ.test(callee)) return true;
  // A file named by configuration (`X_FILE`) that cannot be read is an error the handler says out loud.
  return FILE_READ.test(callee) && !h.logs.some((l) => l.level === 'error' || l.level === 'critical' || l.level === 'exception');
}

/** A comment that silences a linter is not an explanation. */
/** Nor is a semgrep-style test annotation (`ruleid: …`, `ok: …`). */
const LINT_DIRECTIVE = /noqa|pylint:|type:\s*ignore|eslint-disable|nosec|istanbul|c8 ignore|pragma|seaworthy:|\b(todo)?(ruleid|ok):\s*[\w-]+\s*$/i;
/** A lint suppression for exactly this pattern: the author accepted the empty or broad handler knowingly. */
const ACCEPTED = /eslint-disable[\w-]*\s+[^*]*\bno-empty\b|noqa:\s*[\w, ]*\b(BLE001|S110|E722|SIM105)\b|pylint:\s*disable=[\w,-]*\b(broad-except|bare-except|broad-exception-caught)\b/;

/** A comment right above the `try` that says the failure is ignored on purpose. */
const INTENT = /ignor|swallow|silen|best[- ]effort|does ?n[o']t break|must ?n[o']t|should ?n[o']t|never fail|harmless|not critical|optional|on purpose|intentional|original error|(may|might|will|can|could) throw|surfaced|(handled|reported) (elsewhere|by|via|through|in)/i;

/** `__repr__`, `__str__`, `generic_repr`, `toString`: showing an object must not fail because one attribute does. */
const REPRESENTATION_FUNCTION = /^(__repr__|__str__|__format__|__del__|toString|inspect)$|_?repr$/;

/** Functions that record telemetry: a failed metric must not fail the work it measures. */
const TELEMETRY_FUNCTION = /(^|_)(collect|record|track|emit|send|report|push|update)_?(metrics?|telemetry|analytics|stats|statistics|usage)$|^(collect|record|track|emit|send|report|push|update)(Metrics?|Telemetry|Analytics|Stats|Statistics|Usage)$/;

/** The handler sits inside another handler of the same function that re-raises: the original error still propagates. */
function insideReraisingHandler(file: CodeFacts, h: HandlerFact): boolean {
  return file.handlers.some((outer) => outer !== h && outer.fn === h.fn && outer.reraisesSame && outer.line < h.line && outer.endLine >= h.endLine);
}

/** Comment lines directly above `line` (a contiguous block), and on it. */
function commentsAbove(file: CodeFacts, line: number): string[] {
  const byLine = new Map(file.comments.map((c) => [c.line, c.text]));
  const out: string[] = [];
  for (let n = line - 1; byLine.has(n); n--) out.push(byLine.get(n) ?? '');
  return out;
}

/** What a `.catch()` is attached to: `this.raw.quit().catch` → `this.raw.quit()`; a stored promise has no call. */
function promiseReceiver(file: CodeFacts, h: HandlerFact): string | null {
  const call = file.calls.find((c) => c.line === h.line && /(^|\.)catch$/.test(c.callee));
  return call ? call.callee.replace(/\??\.catch$/, '') : null;
}

/** Why the swallow is deliberate, as a sentence for the finding; null when nothing says so. */
export function deliberateReason(file: CodeFacts, h: HandlerFact): string | null {
  const receiver = h.form === 'promise' ? promiseReceiver(file, h) : null;
  const protectedCalls = h.form === 'promise' ? (receiver?.endsWith(')') ? [receiver.replace(/\(\)$/, '')] : []) : h.tryCalls;
  if (protectedCalls.length > 0 && protectedCalls.every((c) => CLEANUP.test(c))) {
    return `it only guards cleanup (\`${protectedCalls[0] ?? ''}\`), whose failure should not mask the outcome`;
  }
  const meaningful = protectedCalls.filter((c) => !PURE.test(c) || CACHE_READ.test(c));
  if (meaningful.length > 0 && meaningful.every((c) => isProbe(c, h))) return `a probe (\`${meaningful[0] ?? ''}\`) that falls back on purpose`;
  if (insideReraisingHandler(file, h)) return 'it runs inside an error path that re-raises the original error';
  if (inDevOnlyBranch(file, h.line)) return 'it runs only in development (inside a debug or development condition)';
  if (h.form === 'promise' && receiver !== null && !receiver.endsWith(')') && h.empty) {
    return `it marks the stored promise \`${receiver}\` as handled; whoever awaits it still sees the error`;
  }
  if (!h.empty) return null;
  const fnName = file.functions[h.fn]?.name ?? '';
  if (TELEMETRY_FUNCTION.test(fnName)) return `it sits in \`${fnName}\`: a failed metric should not fail the work it measures`;
  if (REPRESENTATION_FUNCTION.test(fnName)) return `it sits in \`${fnName}\`, which builds a representation for display and must never raise`;
  const above = commentsAbove(file, h.tryLine ?? h.line);
  if (above.some((c) => INTENT.test(c) && !LINT_DIRECTIVE.test(c))) return `a comment above the ${h.tryLine !== undefined ? '`try`' : 'call'} says the failure is ignored on purpose`;
  const inside = file.comments.some((c) => c.line >= h.line && c.line <= h.endLine && !LINT_DIRECTIVE.test(c.text));
  if (inside) return 'a comment in the handler says why the error is ignored';
  const accepted = file.comments.some((c) => c.line >= h.line - 1 && c.line <= h.line && ACCEPTED.test(c.text));
  if (accepted) return 'a lint suppression for this very pattern marks it as deliberate';
  return null;
}
