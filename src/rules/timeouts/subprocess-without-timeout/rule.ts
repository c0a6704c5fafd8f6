import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { callsFrom, importedNames, moduleAliases, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'runNoTimeout' | 'popenWaitNoTimeout' | 'asyncioNoTimeout' | 'nodeSyncNoTimeout';

interface Hit {
  call: CallFact;
  messageId: MessageId;
  data: Record<string, string>;
  related?: CallFact;
}

const RUN_FUNCTIONS = ['run', 'call', 'check_call', 'check_output'];
const NODE_SYNC = ['execSync', 'execFileSync', 'spawnSync'];
/** Commands run by an operator, not by the long-lived process: bounded by the person who started them. */
const OPERATOR_PATH = /(^|\/)management\/commands\//;
/** A module with a `__main__` guard is a script someone runs by hand. */
const MAIN_GUARD = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m;

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const isRun = callsFrom(file, 'subprocess', RUN_FUNCTIONS);
  const isPopen = callsFrom(file, 'subprocess', ['Popen']);
  const isAsyncSpawn = callsFrom(file, 'asyncio', ['create_subprocess_exec', 'create_subprocess_shell']);
  const popens = new Map<string, CallFact>();
  const asyncProcs = new Map<string, CallFact>();
  for (const call of file.calls) {
    if (call.assignedTo && isPopen(call)) popens.set(`${call.fn}:${call.assignedTo}`, call);
    if (call.assignedTo && isAsyncSpawn(call)) asyncProcs.set(`${call.fn}:${call.assignedTo}`, call);
  }
  const boundedFunctions = new Set(file.calls.filter((c) => /(^|\.)(wait_for|timeout|timeout_at|move_on_after|fail_after)$/.test(c.callee)).map((c) => c.fn));
  for (const call of file.calls) {
    if (isRun(call)) {
      if (!('timeout' in call.kwargs) && !call.hasSpread) hits.push({ call, messageId: 'runNoTimeout', data: { call: call.callee } });
      continue;
    }
    const [owner, method] = splitCallee(call.callee);
    if (method !== 'communicate' && method !== 'wait') continue;
    const key = `${call.fn}:${owner}`;
    const positionalTimeout = method === 'communicate' ? call.args.length >= 2 : call.args.length >= 1;
    if ('timeout' in call.kwargs || positionalTimeout || call.hasSpread) continue;
    const popen = popens.get(key);
    if (popen) {
      hits.push({ call, messageId: 'popenWaitNoTimeout', data: { call: call.callee, spawn: popen.callee }, related: popen });
      continue;
    }
    const spawn = asyncProcs.get(key);
    if (spawn && call.awaited && !boundedFunctions.has(call.fn)) hits.push({ call, messageId: 'asyncioNoTimeout', data: { call: call.callee, spawn: spawn.callee }, related: spawn });
  }
  return hits;
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const aliases = new Set([...moduleAliases(file, 'child_process'), ...moduleAliases(file, 'node:child_process')]);
  const imported = new Set([...importedNames(file, 'child_process'), ...importedNames(file, 'node:child_process')]);
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (!NODE_SYNC.includes(method) || (owner === '' ? !imported.has(method) : !aliases.has(owner))) continue;
    if (call.hasSpread) continue;
    const options = call.args.slice(1).find((a) => a.kind === 'object');
    if (options) {
      if (options.spread || 'timeout' in (options.props ?? {})) continue;
    } else if (call.args.slice(1).some((a) => a.kind !== 'array' && a.kind !== 'string')) continue;
    hits.push({ call, messageId: 'nodeSyncNoTimeout', data: { call: call.callee } });
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'TMO003',
    name: 'subprocess-without-timeout',
    category: 'timeouts',
    severity: 'medium',
    confidence: 'high',
    title: 'Subprocess without a timeout',
    description: 'A long-lived process waits for a child process with no time limit: a hung child blocks the worker, thread or event loop for good.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A user-started command in a one-shot CLI is bounded by the user\'s Ctrl-C; an arbitrary timeout would break slow but legitimate runs.',
    nonGoalFor: { library: 'A library runs a command for its caller, who knows how long it may take and bounds the call (or passes a timeout through).' },
    messages: {
      runNoTimeout: '`{{call}}(…)` has no `timeout=`: if the child hangs, this call waits forever.',
      popenWaitNoTimeout: '`{{call}}()` on the process from `{{spawn}}(…)` has no timeout: if the child hangs, this call waits forever.',
      asyncioNoTimeout: '`await {{call}}()` on the process from `{{spawn}}(…)` is not bounded by `asyncio.wait_for`/`asyncio.timeout`: a hung child keeps this task waiting forever.',
      nodeSyncNoTimeout: '`{{call}}(…)` has no `timeout` option: it blocks the whole event loop until the child exits, forever if it hangs.',
    },
    fix: 'Pass a timeout sized for the command (`subprocess.run(cmd, timeout=60)`, `proc.communicate(timeout=60)`, `await asyncio.wait_for(proc.communicate(), 60)`, `execFileSync(cmd, args, { timeout: 60_000 })`) and handle the timeout error by killing the child and failing the job.',
    fixFor: {
      python: 'Pass a timeout sized for the command (`subprocess.run(cmd, timeout=60)`, `proc.communicate(timeout=60)`, `await asyncio.wait_for(proc.communicate(), 60)`) and handle `TimeoutExpired` by killing the child and failing the job.',
      javascript: 'Pass a timeout sized for the command (`execFile(cmd, args, { timeout: 60_000 })`, `spawn(cmd, args, { signal: AbortSignal.timeout(60_000) })`) and handle the timeout by killing the child and failing the job.',
    },
    acceptance: 'Every wait for a child process in a service or worker has a finite timeout, and the timeout path kills the child.',
    references: ['CWE-400', 'CWE-1088', 'Python docs: subprocess.run(timeout=…)', 'Node.js docs: child_process.execSync options.timeout'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const commandFiles = new Set(project.inventory.runtime.cliFrameworks.map((c) => c.path));
    for (const file of project.code({ roles: ['source'] })) {
      if (OPERATOR_PATH.test(file.path) || commandFiles.has(file.path)) continue;
      const hits = file.language === 'python' ? pythonHits(file) : jsHits(file);
      // The script test reads the whole text: only for the few files with a hit.
      if (hits.length === 0 || MAIN_GUARD.test(project.readText(file.path) ?? '')) continue;
      for (const hit of hits) {
        report({
          messageId: hit.messageId,
          data: hit.data,
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          ...(hit.related ? { related: [{ path: file.path, line: hit.related.line, endLine: hit.related.endLine }] } : {}),
        });
      }
    }
  },
});
