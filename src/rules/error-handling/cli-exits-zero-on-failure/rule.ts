import type { CallFact, CodeFacts, FunctionFact, HandlerFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'exitZero' | 'commandReturns' | 'notFoundReturns' | 'batchGoesOn';

/** Exit codes that mean success: `sys.exit()`, `sys.exit(0)`, `raise typer.Exit()`, `process.exit()`. */
const ZERO = /^(|0|code\s*=\s*0|os\.EX_OK|EXIT_SUCCESS|ExitCode\.SUCCESS|ExitStatus\.SUCCESS)$/;
/** Interruptions and cancellations, not failures: Ctrl-C, a closed pipe, end of input at a prompt. */
const NOT_FAILURES = /^(KeyboardInterrupt|SystemExit|BrokenPipeError|GeneratorExit|EOFError|StopIteration|click\.Abort|Abort|asyncio\.CancelledError|CancelledError)$/;
const FAILURE_WORDS = /\b(error|errors|fail|failed|failure|cannot|can't|could not|couldn't|unable|invalid|not found|no such|missing|denied|refused)\b/i;
/** Decorators and registrations that make a function a CLI command whose return value the framework ignores. */
const COMMAND_DECORATOR = /(^|\.)(command|group|callback)$/;
const COMMAND_REGISTRATION = /(^|\.)action$/;

/** A condition that tests for absence: `if not user:`, `if row is None:`, `if (!item)`, `if (matches.length === 0)`. */
const ABSENCE = /^\s*(not\s|!)|\bis\s+None\b|==\s*None\b|===?\s*(null|undefined)\b|\blen\([^)]*\)\s*==\s*0\b|\.length\s*===?\s*0\b/;
/** What a not-found branch says: the thing asked for does not exist. */
const NOT_FOUND_WORDS = /\b(not found|no such|does not exist|doesn't exist|do not exist|unknown|could not find|couldn't find|cannot find|can't find|not recogni[sz]ed)\b/i;
/** Output calls a command tells its user with. */
const OUTPUT_CALL = /^(print|pprint|(click|typer|console|rich)\.(echo|secho|print|log|error|warn|info)|console\.print|\w*(log|logger|LOG|LOGGER)\.(error|warning|warn|info|critical))$/;
/** A way out that is not success: a non-zero exit, an exception, a status to return. */
const NOT_SUCCESS = /\bsys\.exit\(\s*(?!0\s*\)|\))|\bexit\(\s*[1-9]|\bExit\(\s*(code\s*=\s*)?[1-9]|\bctx\.(exit\(\s*[1-9]|fail\()|exitCode\s*=\s*[1-9]|process\.exit\(\s*[1-9]|\braise\b|\bthrow\b|\bAbort\(|SystemExit\(\s*[1-9]|\breturn\s+(?!None\b|0\b|;|$)\S/m;
/** A success exit or a plain return: `return`, `return None`, `sys.exit(0)`, `raise typer.Exit()`, `process.exit(0)`. */
const SUCCESS_END = /\breturn\s*(None|0)?\s*;?\s*$|\bsys\.exit\(\s*0?\s*\)|\bExit\(\s*\)|\bprocess\.exit\(\s*0?\s*\)/m;

function callAt(file: CodeFacts, line: number, callee: string): CallFact | undefined {
  return file.calls.find((c) => c.line === line && c.callee === callee);
}

/** The handler tells the user that something failed: an error-level log, output to stderr, or failure words. */
function reportsFailure(file: CodeFacts, h: HandlerFact): boolean {
  return h.logs.some((log) => {
    if (['error', 'critical', 'exception', 'warning'].includes(log.level)) return true;
    const call = callAt(file, log.line, log.callee);
    if (!call) return false;
    if (call.kwargs['err']?.value === true || /sys\.stderr/.test(call.kwargs['file']?.text ?? '') || /stderr/.test(log.callee)) return true;
    return log.mentionsError || call.args.some((a) => FAILURE_WORDS.test(a.text));
  });
}

/** Index of the innermost function spanning a line, or -1. */
function innermost(file: CodeFacts, line: number): number {
  let best = -1;
  file.functions.forEach((fn, i) => {
    if (fn.line <= line && line <= fn.endLine && (best === -1 || fn.line >= (file.functions[best]?.line ?? 0))) best = i;
  });
  return best;
}

function isCommandFunction(fn: FunctionFact): boolean {
  return fn.decorators.some((d) => COMMAND_DECORATOR.test(d.name)) || COMMAND_REGISTRATION.test(fn.passedTo ?? '');
}

/** `path:function` of every console-script target (`http → httpie.__main__:main`) whose module is a project file. */
function entryTargets(project: Project): Set<string> {
  const out = new Set<string>();
  for (const component of project.components) {
    for (const entry of component.entryPoints) {
      const match = /→\s*([\w.]+):(\w+)\s*$/.exec(entry.detail);
      if (!match?.[1] || !match[2]) continue;
      const module = match[1].split('.').join('/');
      const file = project.code({ languages: ['python'] }).find((f) => f.path.endsWith(`${module}.py`) || f.path.endsWith(`${module}/__init__.py`));
      if (file) out.add(`${file.path}:${match[2]}`);
    }
  }
  return out;
}

/** Names of decorators applied to commands (`@handle_errors` under `@app.command()`): their wrappers run the command. */
function commandWrappers(project: Project): Set<string> {
  const out = new Set<string>();
  for (const file of project.code()) {
    for (const fn of file.functions) {
      if (!fn.decorators.some((d) => COMMAND_DECORATOR.test(d.name))) continue;
      for (const d of fn.decorators) if (!COMMAND_DECORATOR.test(d.name)) out.add(d.name.split('.').pop() ?? d.name);
    }
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR007',
    name: 'cli-exits-zero-on-failure',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: 'CLI reports a failure but exits with status 0',
    description: 'A CLI error path that prints an error and then exits with status 0 (or returns normally from a command): a caught exception, a "not found" branch, a batch whose failed items are only printed. Scripts and CI see success.',
    archetypes: ['cli'],
    nonGoal: 'Only commands have exit statuses: services, workers and libraries signal failure by other means.',
    messages: {
      exitZero: '`{{caught}}` reports the failure and then exits with status 0 (`{{exit}}`): shell scripts, `&&` chains and CI jobs treat the failed command as a success.',
      commandReturns: '`{{caught}}` in {{command}} reports the failure and returns normally, so the command exits with status 0: shell scripts, `&&` chains and CI jobs treat it as a success.',
      notFoundReturns: 'When `{{condition}}`, {{command}} says that what was asked for does not exist and exits with status 0: a script cannot tell "not found" from success.',
      batchGoesOn: '`{{caught}}` in {{command}} reports the failure of one item and the loop goes on; nothing after the loop turns failures into a non-zero status, so the command exits 0 however many items failed.',
    },
    fix: 'Exit with a non-zero status on failure: `sys.exit(1)`, `raise typer.Exit(code=1)`, `raise click.ClickException(msg)`, `process.exitCode = 1` (or `process.exit(1)`). In a batch, count the failed items, print a summary at the end and exit non-zero when any failed.',
    acceptance: 'Every error path of every command ends with a non-zero exit status; only `--help`, `--version`, Ctrl-C handling and genuine "nothing to do" cases exit 0.',
    references: ['POSIX exit status conventions (sysexits.h)', 'Click documentation: exception handling and exit codes', 'CWE-390: Detection of Error Condition Without Action'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const entries = entryTargets(project);
    const wrappers = commandWrappers(project);
    /** What runs as a command: a decorated/registered command, a console-script target, or the wrapper of a command decorator. */
    const commandOf = (file: CodeFacts, fn: FunctionFact): { label: string; returnIsStatus: boolean } | null => {
      if (isCommandFunction(fn)) return { label: fn.name ? `the command \`${fn.name}\`` : `the \`.${(fn.passedTo ?? '').split('.').pop() ?? ''}()\` callback`, returnIsStatus: false };
      // A console script runs `sys.exit(main())`: its return value is the exit status.
      if (fn.parent === -1 && entries.has(`${file.path}:${fn.name}`)) return { label: `the entry point \`${fn.name}()\``, returnIsStatus: true };
      const outer = file.functions[fn.parent];
      if (outer && wrappers.has(outer.name)) return { label: `the wrapper of the \`@${outer.name}\` command decorator`, returnIsStatus: false };
      return null;
    };
    for (const file of project.code()) {
      for (const h of file.handlers) {
        if (h.raises && h.exits.length === 0) continue;
        if (h.types.length > 0 && h.types.every((t) => NOT_FAILURES.test(t))) continue;
        if (!reportsFailure(file, h)) continue;
        const text = project.readText(file.path)?.split('\n').slice(h.line - 1, h.endLine).join('\n') ?? '';
        // `process.exitCode = 1` (also before a bare `process.exit()`) or `ctx.exit(1)` makes the exit non-zero.
        if (/exitCode\s*=\s*[1-9]|\bctx\.exit\(\s*[1-9]/.test(text)) continue;
        const caught = h.form === 'promise' ? '.catch()' : h.header.replace(/:\s*$/, '').replace(/\s*\{\s*$/, '');
        const zero = h.exits.find((e) => ZERO.test(e.trim()));
        if (zero !== undefined && h.exits.every((e) => ZERO.test(e.trim()))) {
          const exitCall = h.calls.find((c) => /(^|\.)(exit|_exit|Exit|quit)$|^SystemExit$/.test(c)) ?? 'exit';
          report({ messageId: 'exitZero', data: { caught, exit: `${exitCall}(${zero})` }, path: file.path, line: h.line, endLine: h.endLine });
          continue;
        }
        const fn = file.functions[h.fn];
        const command = fn && h.exits.length === 0 && !h.raises ? commandOf(file, fn) : null;
        if (!fn || command === null) continue;
        // The handler ends the command: it returns (click and commander ignore the value), or nothing follows it.
        const returnsSuccess = h.returns.length > 0 && (!command.returnIsStatus || h.returns.every((r) => r === '' || r === 'None' || r === '0'));
        // A handler inside a loop that does not return lets the loop go on: judged as a batch below.
        const endsCommand = returnsSuccess || (h.returns.length === 0 && !h.inLoop && h.endLine >= fn.endLine - 1);
        if (!endsCommand) continue;
        report({ messageId: 'commandReturns', data: { caught, command: command.label }, path: file.path, line: h.line, endLine: h.endLine });
      }
      const lines = project.readText(file.path)?.split('\n') ?? [];
      const textOf = (from: number, to: number): string => lines.slice(from - 1, to).join('\n');
      // One item of a batch fails: the failure is reported, the loop goes on, and nothing after it turns the
      // failures into a non-zero status: the command exits 0 however many items failed.
      for (const h of file.handlers) {
        if (!h.inLoop || h.raises || h.exits.length > 0 || h.returns.length > 0) continue;
        if (h.types.length > 0 && h.types.every((t) => NOT_FAILURES.test(t))) continue;
        const fn = file.functions[h.fn];
        if (!fn || !commandOf(file, fn) || !reportsFailure(file, h)) continue;
        if (/exitCode\s*=\s*[1-9]/.test(textOf(h.line, h.endLine)) || NOT_SUCCESS.test(textOf(h.endLine + 1, fn.endLine))) continue;
        const caught = h.form === 'promise' ? '.catch()' : h.header.replace(/:\s*$/, '').replace(/\s*\{\s*$/, '');
        report({ messageId: 'batchGoesOn', data: { caught, command: commandOf(file, fn)?.label ?? '' }, path: file.path, line: h.line, endLine: h.endLine });
      }
      // `if not user: print("No such user"); return`: the thing asked for does not exist, the command says so and
      // exits 0.
      for (const b of file.branches ?? []) {
        if (!ABSENCE.test(b.condition)) continue;
        const fn = file.functions[innermost(file, b.line)];
        if (!fn || !commandOf(file, fn)) continue;
        const body = textOf(b.line, b.endLine);
        const said = file.calls.find((c) => c.line >= b.line && c.line <= b.endLine && OUTPUT_CALL.test(c.callee) && c.args.some((a) => NOT_FOUND_WORDS.test(a.text)));
        if (!said || NOT_SUCCESS.test(body) || /exitCode\s*=\s*[1-9]/.test(body)) continue;
        if (!SUCCESS_END.test(body) && b.endLine < fn.endLine - 1) continue;
        report({ messageId: 'notFoundReturns', data: { command: commandOf(file, fn)?.label ?? '', condition: b.condition.slice(0, 60) }, path: file.path, line: said.line });
      }
    }
  },
});
