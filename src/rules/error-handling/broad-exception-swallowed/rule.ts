import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { enclosingLoop } from '../../../project/knowledge/retries.js';
import { callsInTry, isWriteCall } from '../../../project/knowledge/writes.js';
import { remoteCalls } from '../../../project/knowledge/remote-calls.js';
import { enclosingEntryPoint } from '../../../project/entry-points.js';
import { deliberateReason } from './deliberate.js';

type MessageId = 'request' | 'requestLogged' | 'job' | 'jobLogged' | 'write' | 'loop' | 'failOpen' | 'interrupts';
type Language = 'python' | 'javascript';

/** Optional modules probed with `require`/`import()`. */
const MODULE_PROBE = /^(require|require\.resolve|import|importlib\.import_module|__import__|PlatformTools\.load|\w*\.?(tryRequire|optionalRequire|requireOptional|importOptional))$/;
/** The handler answers the request itself: an error status, an error page, a redirect, a message to the user. */
const RESPONDS = /(^|\.)(status|code|sendStatus|send|json|end|render|redirect|abort|flash|error|warning|HTTPException|HttpException|JsonResponse|JSONResponse|HttpResponse\w*|Response|jsonify|make_response|render_template|html)$|Exception$|Error$/;
/** The handler tells the queue the job failed: the message goes back, to a dead-letter queue, or is retried. */
const FAILS_JOB = /(^|\.)(nack|nackAll|reject|retry|moveToFailed|discard|requeue|fail\w*|dead_?letter\w*|update_state|set_status|setStatus)$/i;
/** The handler records the failure somewhere someone will look: an error tracker, a status, a counter. */
const RECORDS = /(^|\.)(capture_?exception|captureException|capture_?message|captureMessage|record_?exception|recordException|notify\w*|alert\w*|report\w*|increment|incr|inc|mark_?failed|markFailed|add_?error|addError)$/i;

const FIX: Record<'request' | 'job' | 'write' | 'loop' | 'failOpen' | 'interrupts', Record<Language, string>> = {
  failOpen: {
    python: 'Fail closed: let any exception of the check propagate (or refuse in the handler), so that a check that could not run never counts as passed.',
    javascript: 'Fail closed: let any error of the check propagate (or refuse in the catch), so that a check that could not run never counts as passed.',
  },
  request: {
    python: 'Let the exception propagate (or `raise` after cleanup) so the request fails with a 5xx the client can see; where the request can still succeed without this step, log it with `logger.exception(...)` and say so in the response.',
    javascript: 'Rethrow (or pass the error to `next(err)` / the framework) so the request answers with a 5xx the client can see; where the request can still succeed without this step, log the error object (`logger.error({ err }, ...)`) and say so in the response.',
  },
  job: {
    python: "Let the exception propagate so the queue records the job as failed and retries it (Celery `autoretry_for`, RQ `Retry`, Dramatiq's retries); where the job must complete anyway, log it with `logger.exception(...)` and record the failed item.",
    javascript: 'Rethrow so the queue marks the job failed and retries it (BullMQ `attempts`, `nack` for AMQP, letting kafkajs retry the batch); where the job must complete anyway, log the error object and record the failed item.',
  },
  write: {
    python: 'Let the exception propagate to a caller that can report it, or catch only the exception you expect and tell the caller the write failed; log with `logger.exception(...)` where you decide to carry on.',
    javascript: 'Let the error propagate to a caller that can report it, or catch only the failure you expect and tell the caller the write failed; log the error object where you decide to carry on.',
  },
  loop: {
    python: 'Log each failed item with `logger.exception(...)` (or collect the failures) and report how many failed at the end; let unexpected exceptions stop the batch.',
    javascript: 'Log each failed item with the error object (or collect the failures) and report how many failed at the end; let unexpected errors stop the batch.',
  },
  interrupts: {
    python: 'Catch `Exception` rather than everything (`except:` and `except BaseException` also catch Ctrl-C and `sys.exit()`), or re-raise `KeyboardInterrupt` and `SystemExit`.',
    javascript: '',
  },
};

function caught(h: HandlerFact): string {
  if (h.form === 'promise') return 'A promise `.catch()` callback';
  if (h.types.length === 0) return h.header.startsWith('catch') ? 'A catch clause' : 'A bare `except:`';
  return `\`except ${h.types.join(', ')}\``;
}

/** Messages written for the user or operator: `sys.stderr.write`, `self.stderr.write`, `click.echo`, `console.warn`. */
const TELLS = /(^|\.)(stderr\.write|echo|secho|warn|warning|error|critical|fatal)$/;
/** Names that record a failure when assigned: `item.is_in_error = True`, `status = 'failed'`, `errors += 1`. */
const FAILURE_NAME = /error|fail|status|state/i;

/** The failure leaves a trace: a log at info or above, a message to stderr, an error tracker, a recorded failure. */
function traced(file: CodeFacts, h: HandlerFact): string | undefined {
  const log = h.logs.find((l) => l.level !== 'debug');
  if (log) return log.callee;
  const call = h.calls.find((c) => RECORDS.test(c) || TELLS.test(c));
  if (call) return call;
  return file.bindings.find((b) => b.via === 'assign' && b.fn === h.fn && b.line > h.line && b.line <= h.endLine && FAILURE_NAME.test(b.name))?.name;
}

/** Functions that answer a question (`is_valid`, `fts5_installed`, `hasAccess`): a failure means "no". */
const PREDICATE = /^_*(is|has|can|should|supports?|check|exists?|looks_like)(_|[A-Z]|$)|_?(installed|available|supported|enabled|exists)$|(Installed|Available|Supported|Enabled|Exists)$/;

/** Another handler of the same function encloses this one: a failure while handling a failure is best effort. */
function insideHandler(file: CodeFacts, h: HandlerFact): boolean {
  return file.handlers.some((outer) => outer !== h && outer.fn === h.fn && outer.line < h.line && outer.endLine >= h.endLine);
}

/** A sibling handler of the same `try` re-raises a narrower exception: the block is a check that refuses by raising, and this handler lets every other failure through. */
function guardFailsOpen(file: CodeFacts, h: HandlerFact): boolean {
  return h.tryLine !== undefined && file.handlers.some((o) => o !== h && o.tryLine === h.tryLine && !o.broad && o.reraisesSame);
}

/** The first call of the `try` body that does real work: a write if there is one, else a remote call, else any non-probe call. */
function workOf(file: CodeFacts, h: HandlerFact): { callee: string; write: boolean; remote: boolean } | undefined {
  if (h.tryLine === undefined) return undefined;
  const calls = callsInTry(file, h.fn, h.tryLine, h.line).filter((c) => h.tryCalls.includes(c.callee));
  const write = calls.find((c) => isWriteCall(file, c));
  if (write) return { callee: write.callee, write: true, remote: false };
  const remote = new Set(remoteCalls(file).map((r) => r.call));
  const call = calls.find((c) => remote.has(c));
  if (call) return { callee: call.callee, write: false, remote: true };
  return undefined;
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR001',
    name: 'broad-exception-swallowed',
    category: 'error-handling',
    severity: 'high',
    confidence: 'high',
    title: 'Catch-all handler loses work or misreports it',
    description:
      'A catch-all exception handler that swallows a failure where the code shows what is lost: a request answered as a success, a job acknowledged while its work failed, a write that fails silently, a batch whose failed items leave no trace.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      request: '{{caught}} in the request handler of {{entry}} discards the failure of `{{work}}` without a trace, and the handler goes on to answer as if it had worked: the client is told it succeeded and nobody can see that it did not.',
      requestLogged: '{{caught}} in the request handler of {{entry}} logs the failure of `{{work}}` (`{{trace}}`) but the handler goes on to answer as if it had worked: the client is told it succeeded.',
      job: '{{caught}} in the {{entry}} discards the failure of `{{work}}` without a trace: the job ends normally, so the queue counts it as done and never retries it.',
      jobLogged: '{{caught}} in the {{entry}} logs the failure of `{{work}}` (`{{trace}}`) and ends the job normally: the queue counts it as done and never retries it.',
      write: '{{caught}} discards a failed write (`{{work}}`) without a trace, and the code goes on as if it had been saved.',
      failOpen: '{{caught}} lets every failure of the check (`{{guard}}`) through while a narrower handler re-raises its refusal: when the check cannot run, the guarded operation goes ahead as if it had passed.',
      loop: '{{caught}} skips an item of the loop at line {{loop}} when `{{work}}` fails, without a trace: failed items are lost and nothing counts or names them.',
      interrupts: '{{caught}} swallows everything, Ctrl-C and `sys.exit()` included, and carries on.',
    },
    fix: 'Let the failure propagate to where it is reported (a 5xx answer, a failed job, the caller of a write), or catch only what you expect; where carrying on is right, log the error with its traceback and record what was lost.',
    acceptance: 'The failure reaches someone: the request answers an error, the job is marked failed or retried, the write failure reaches the caller, or the failed item is logged with its traceback and counted.',
    references: ['ruff BLE001', 'ruff S110', 'ruff E722', 'pylint W0718 broad-exception-caught', 'pylint W0702 bare-except', 'ESLint no-empty', 'CWE-396', 'CWE-390'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      const language: Language = file.language === 'python' ? 'python' : 'javascript';
      // In the browser a swallowed error costs one user one click; what it loses is judged by the server.
      if (project.contextOf(file.path).context === 'browser') continue;
      for (const h of file.handlers) {
        if (!h.broad || h.raises || h.exits.length > 0 || h.passesError || h.delegatesTo || h.guardsImportOnly) continue;
        if (h.tryCalls.length > 0 && h.tryCalls.every((c) => MODULE_PROBE.test(c))) continue;
        const fnName = file.functions[h.fn]?.name ?? '';
        if (PREDICATE.test(fnName) || insideHandler(file, h)) continue;
        const carriesOn = h.returns.every((r) => r === '');
        if (guardFailsOpen(file, h) && carriesOn) {
          const trace = traced(file, h);
          report({ messageId: 'failOpen', data: { caught: caught(h), trace: trace ?? '', guard: h.tryCalls[0] ?? 'the check' }, path: file.path, line: h.line, endLine: h.endLine, severity: trace ? 'medium' : 'high', fix: FIX.failOpen[language] });
          continue;
        }
        if (deliberateReason(file, h) !== null) continue;
        const trace = traced(file, h);
        const work = workOf(file, h);
        const entry = enclosingEntryPoint(project, file, h.fn);
        const base = { caught: caught(h), trace: trace ?? '' };
        const at = { path: file.path, line: h.line, endLine: h.endLine };

        const responds = h.calls.some((c) => RESPONDS.test(c) && !h.logs.some((l) => l.callee === c));
        if (entry?.kind === 'route' && work && !responds && h.returns.length === 0) {
          report({ messageId: trace ? 'requestLogged' : 'request', data: { ...base, entry: entry.label, work: work.callee }, ...at, severity: trace ? 'medium' : 'high', fix: FIX.request[language] });
          continue;
        }
        if (entry?.kind === 'job' && work && !h.calls.some((c) => FAILS_JOB.test(c))) {
          report({ messageId: trace ? 'jobLogged' : 'job', data: { ...base, entry: entry.label, work: work.callee }, ...at, severity: trace ? 'medium' : 'high', fix: FIX.job[language] });
          continue;
        }
        if (trace) continue;
        // Returning a value (`return False`) tells the caller; another rule judges whether the caller looks.
        if (work?.write && carriesOn) {
          report({ messageId: 'write', data: { ...base, work: work.callee }, ...at, severity: 'high', fix: FIX.write[language] });
          continue;
        }
        const loop = h.inLoop && h.tryLine !== undefined ? enclosingLoop(file.loops ?? [], h.fn, h.tryLine, h.endLine) : undefined;
        const leavesLoop = loop !== undefined && h.tryLine !== undefined && loop.exits.some((x) => x > (h.tryLine ?? 0) && x <= h.endLine + 2);
        if (work?.remote && loop?.kind === 'for' && !leavesLoop && carriesOn) {
          report({ messageId: 'loop', data: { ...base, work: work.callee, loop: loop.line }, ...at, severity: 'medium', fix: FIX.loop[language] });
          continue;
        }
        const catchesInterrupts = language === 'python' && (h.types.length === 0 || h.types.some((t) => /(^|\.)BaseException$/.test(t)));
        if (catchesInterrupts) report({ messageId: 'interrupts', data: base, ...at, severity: 'medium', preview: true, fix: FIX.interrupts.python });
      }
    }
  },
});
