import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { isBrowserCode } from '../../../project/knowledge/browser.js';
import { enclosingLoop } from '../../../project/knowledge/retries.js';
import { deliberateReason } from './deliberate.js';

/** Optional modules probed with `require`/`import()`. */
const MODULE_PROBE = /^(require|require\.resolve|import|importlib\.import_module|__import__|PlatformTools\.load|\w*\.?(tryRequire|optionalRequire|requireOptional|importOptional))$/;
const PREDICATE = /^(_*(is|has|can|should|supports?|check|exists?|available|looks_like|is_available))|(exists|available|Available|Exists)$|^(is|has|can|should)[A-Z]/;

type Shape = { messageId: 'silent' | 'defaulted' | 'fallback' | 'replaced' | 'continued' | 'debugOnly' | 'loggedNoTraceback' | 'loggedWithTraceback'; detail: string };

function caught(h: HandlerFact): string {
  if (h.form === 'promise') return 'promise .catch() callback';
  if (h.types.length === 0) return h.header.startsWith('catch') ? 'catch clause' : 'bare `except:`';
  return `\`except ${h.types.join(', ')}\``;
}

/** What the handler does with the error, when it neither raises, exits nor passes the error on. */
function shapeOf(h: HandlerFact, language: CodeFacts['language']): Shape {
  const logs = h.logs.filter((l) => l.level !== 'debug');
  if (logs.length > 0) {
    return logs.some((l) => l.withTraceback)
      ? { messageId: 'loggedWithTraceback', detail: logs[0]?.callee ?? '' }
      : { messageId: 'loggedNoTraceback', detail: logs[0]?.callee ?? '' };
  }
  if (h.logs.length > 0) return { messageId: 'debugOnly', detail: h.logs[0]?.callee ?? '' };
  if (h.returns.length > 0) return { messageId: 'replaced', detail: h.returns[0] || (language === 'python' ? 'None' : 'undefined') };
  // A body that records the failed item (`invalid_ids.append(graphql_id)`) before skipping it is a fallback.
  if (h.continues && h.calls.length === 0) return { messageId: 'continued', detail: '' };
  if (h.empty) return { messageId: 'silent', detail: '' };
  // A body that only assigns (`user = None`) replaces the error with a default value.
  if (h.calls.length === 0) return { messageId: 'defaulted', detail: '' };
  // A body that acts (reconnects, computes another path, tells the user) handles the failure, but not its cause.
  return { messageId: 'fallback', detail: h.calls[0] ?? '' };
}

/**
 * A loop that tries candidates (sources, paths, repositories) until one works: the loop is left by a `break`
 * or `return` in the `try` or right after the handler (`else: break`), so a failure only moves on to the next one.
 */
function triesCandidates(file: CodeFacts, h: HandlerFact): boolean {
  if (!h.inLoop || h.tryLine === undefined) return false;
  const tryLine = h.tryLine;
  const loop = enclosingLoop(file.loops ?? [], h.fn, tryLine, h.endLine);
  const leaves = (line: number): boolean => (line > tryLine && line < h.line) || (line > h.endLine && line <= h.endLine + 2);
  // `while True:` retries the same thing; a `for` or a bounded `while` (walking up folders) moves to the next candidate.
  return loop !== undefined && (loop.kind === 'for' || (loop.kind === 'while' && !loop.infinite)) && loop.exits.some(leaves);
}

export default defineRule({
  meta: {
    code: 'ERR001',
    name: 'broad-exception-swallowed',
    category: 'error-handling',
    severity: 'high',
    confidence: 'high',
    title: 'Broad exception handler hides the error',
    description: 'A catch-all exception handler that neither re-raises nor exits hides the error it caught.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      silent: '{{caught}} discards every error silently{{base}}.{{note}}',
      defaulted: '{{caught}} replaces every error with a default value and carries on, without a trace{{base}}: bugs and outages look like the expected failure.{{note}}',
      fallback: '{{caught}} answers every error with the same fallback (`{{detail}}`) without recording the error{{base}}: bugs and outages look like the expected failure.{{note}}',
      replaced: '{{caught}} replaces every error with `{{detail}}`{{base}}: callers cannot tell failure from a real result.{{note}}',
      continued: '{{caught}} skips to the next iteration on any error, without a trace{{base}}.{{note}}',
      debugOnly: '{{caught}} records the error only at debug level (`{{detail}}`), invisible in production{{base}}.{{note}}',
      loggedNoTraceback: '{{caught}} logs the message without the traceback (`{{detail}}`) and carries on{{base}}.{{note}}',
      loggedWithTraceback: '{{caught}} logs the traceback (`{{detail}}`) and carries on with a degraded result{{base}}.{{note}}',
    },
    fix: 'Catch the specific exceptions you expect and let the rest propagate; where a catch-all is the right boundary (a worker loop, a request handler), log with the traceback (`logger.exception`, `exc_info=True`, the error object in JS) and say what the degraded result is.',
    acceptance: 'The handler names the exceptions it expects, or re-raises, or logs the traceback at warning level or above.',
    references: ['ruff BLE001', 'ruff S110', 'ruff E722', 'pylint W0718 broad-exception-caught', 'pylint W0702 bare-except', 'ESLint no-empty', 'CWE-396', 'CWE-390'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      for (const h of file.handlers) {
        if (!h.broad || h.raises || h.exits.length > 0 || h.passesError || h.delegatesTo || h.guardsImportOnly) continue;
        const catchesInterrupts = file.language === 'python' && (h.types.length === 0 || h.types.some((t) => /(^|\.)BaseException$|^SystemExit$|^KeyboardInterrupt$/.test(t)));
        const base = catchesInterrupts ? ', and it also catches KeyboardInterrupt and SystemExit' : '';
        const shape = shapeOf(h, file.language);
        const fn = file.functions[h.fn];
        const archetype = project.componentOf(file.path)?.archetype;
        let severity: 'high' | 'medium' | 'low';
        let confidence: 'high' | 'medium' = 'high';
        switch (shape.messageId) {
          case 'loggedWithTraceback':
            severity = 'low';
            confidence = 'medium';
            break;
          case 'loggedNoTraceback':
            // A CLI that prints a one-line message and carries on is behaving as a CLI should.
            if (archetype === 'cli' && !catchesInterrupts) continue;
            severity = 'medium';
            break;
          case 'replaced':
          case 'defaulted':
            // A substitute value is a design choice that is often right; it hides outages only where the value is
            // taken for a real answer.
            severity = 'medium';
            confidence = 'medium';
            break;
          case 'fallback':
            severity = 'low';
            confidence = 'medium';
            break;
          case 'debugOnly':
            // Someone can still see it by turning on debug logging.
            severity = 'medium';
            break;
          default:
            // In the browser a swallowed error costs one user a broken click, not the service.
            severity = isBrowserCode(file, archetype) ? 'medium' : 'high';
        }
        if (h.tryCalls.length > 0 && h.tryCalls.every((c) => MODULE_PROBE.test(c))) continue;
        const predicate = fn !== undefined && PREDICATE.test(fn.name) && shape.messageId === 'replaced' && /^(False|false|None|null|undefined|)$/.test(shape.detail);
        const reason = deliberateReason(file, h) ?? (predicate ? 'a predicate answering no on failure' : null);
        const lowered = reason !== null && (severity === 'high' || severity === 'medium');
        if (lowered) severity = 'low';
        const search = !lowered && severity === 'high' && triesCandidates(file, h);
        if (search) severity = 'medium';
        const note = lowered ? ` Low: ${reason}.` : search ? ' Medium: the loop tries the next candidate and stops at the first that works; if none does, nothing says why.' : '';
        if (catchesInterrupts && severity === 'low') severity = 'medium';
        report({
          messageId: shape.messageId,
          data: { caught: caught(h), detail: shape.detail, base, note },
          path: file.path,
          line: h.line,
          endLine: h.endLine,
          severity,
          confidence,
        });
      }
    }
  },
});
