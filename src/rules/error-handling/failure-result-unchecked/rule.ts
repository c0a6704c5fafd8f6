import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';
import { classifyLogCall } from '../../../parse/code/log-calls.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'subprocess' | 'osSystem' | 'httpResponse' | 'fetchResponse';

const HTTP_METHODS = /^(get|post|put|patch|delete|head|options|request)$/;

interface Candidate {
  call: CallFact;
  messageId: MessageId;
  data: Record<string, string>;
}

function moduleNames(file: CodeFacts, module: string): Set<string> {
  const out = new Set<string>();
  for (const i of file.imports) if (i.module === module && i.names.length === 0) out.add(i.alias ?? module);
  return out;
}

/**
 * Python calls whose failure comes back as a value: `subprocess.run` without `check=True`, `os.system`,
 * requests/httpx. (Fail-silent mail sends are send-result-ignored's.)
 */
function pythonCandidates(file: CodeFacts): Candidate[] {
  const out: Candidate[] = [];
  const subprocess = moduleNames(file, 'subprocess');
  const fromSubprocess = new Set(file.imports.filter((i) => i.module === 'subprocess').flatMap((i) => i.names));
  const os = moduleNames(file, 'os');
  const http = new Set([...moduleNames(file, 'requests'), ...moduleNames(file, 'httpx')]);
  for (const c of file.calls) {
    const dot = c.callee.lastIndexOf('.');
    const owner = c.callee.slice(0, dot);
    const method = c.callee.slice(dot + 1);
    if ((subprocess.has(owner) && /^(run|call)$/.test(method)) || (dot === -1 && fromSubprocess.has(c.callee) && /^(run|call)$/.test(c.callee))) {
      const check = c.kwargs['check'];
      if (c.hasSpread || (check && !(check.kind === 'bool' && check.value === false))) continue;
      out.push({ call: c, messageId: 'subprocess', data: { call: c.callee } });
    } else if (os.has(owner) && method === 'system') {
      out.push({ call: c, messageId: 'osSystem', data: { call: c.callee } });
    } else if (http.has(owner) && HTTP_METHODS.test(method) && !(method === 'get' && c.isStatement)) {
      // A GET whose response is thrown away has no effect to lose; writes do.
      out.push({ call: c, messageId: 'httpResponse', data: { call: c.callee, library: owner } });
    }
  }
  return out;
}

function jsCandidates(file: CodeFacts): Candidate[] {
  const localFetch = file.imports.some((i) => i.names.includes('fetch') || i.alias === 'fetch');
  if (localFetch) return [];
  return file.calls.filter((c) => c.callee === 'fetch' && c.awaited).map((call) => ({ call, messageId: 'fetchResponse' as const, data: { call: 'fetch' } }));
}

/** The result is looked at: the variable appears outside its assignment and outside log calls. */
function resultChecked(project: Project, file: CodeFacts, call: CallFact): boolean {
  if (call.isStatement) return false;
  const name = call.assignedTo;
  // Returned, passed on, chained (`.raise_for_status()`, `.json()`), awaited in an expression: not ours to judge.
  if (!name || !/^[A-Za-z_$][\w$]*$/.test(name)) return true;
  const fn = file.functions[call.fn];
  const lines = (project.readText(file.path) ?? '').split('\n');
  const from = call.endLine + 1;
  const to = fn ? fn.endLine : lines.length;
  const logLines = new Set(file.calls.filter((c) => classifyLogCall(c.callee) !== null).flatMap((c) => Array.from({ length: c.endLine - c.line + 1 }, (_, i) => c.line + i)));
  const word = new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`);
  for (let n = from; n <= to; n++) {
    if (logLines.has(n)) continue;
    if (word.test(lines[n - 1] ?? '')) return true;
  }
  return false;
}

/**
 * A command whose error output reaches the user or the logs fails visibly, only its exit status is lost (low);
 * with its output captured or discarded, nothing shows the failure (medium).
 */
function severityOf(messageId: MessageId, call: CallFact): 'low' | 'medium' {
  if (messageId !== 'subprocess' && messageId !== 'osSystem') return 'medium';
  const stderr = call.kwargs['stderr']?.text ?? '';
  const captured = call.kwargs['capture_output']?.value === true || /DEVNULL|PIPE/.test(stderr);
  return captured ? 'medium' : 'low';
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR009',
    name: 'failure-result-unchecked',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: 'Failure reported in a return value that nobody checks',
    description: 'A call that reports failure through its result instead of raising (`subprocess.run` without `check=True`, `os.system`, requests/httpx and `fetch` responses), whose result is discarded or only logged.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end requests are often fire-and-forget (analytics, beacons); the UI decides what a failed response means.',
    messages: {
      subprocess: '`{{call}}(…)` without `check=True` does not raise when the command fails, and {{use}}: a non-zero exit status goes unnoticed.',
      osSystem: '`{{call}}(…)` returns the command\'s exit status instead of raising, and {{use}}: a failing command goes unnoticed.',
      httpResponse: '`{{call}}(…)` does not raise on an HTTP error status ({{library}} returns the 4xx/5xx response), and {{use}}: a rejected request looks like a successful one.',
      fetchResponse: '`fetch(…)` resolves normally on an HTTP error status (only network failures reject), and {{use}}: a 4xx/5xx answer looks like success.',
    },
    fix: 'Check the result where it is produced: `response.raise_for_status()` / `if (!response.ok) throw …`, `subprocess.run(…, check=True)`, and `if os.system(cmd) != 0: …`.',
    acceptance: 'Every call that reports failure through its result has that result checked, or is configured to raise.',
    references: ['pylint W1510 (subprocess-run-check)', 'ruff PLW1510', 'CWE-252: Unchecked Return Value', 'CWE-391: Unchecked Error Condition'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      const candidates = file.language === 'python' ? pythonCandidates(file) : jsCandidates(file);
      for (const { call, messageId, data } of candidates) {
        if (resultChecked(project, file, call)) continue;
        const use = call.isStatement ? 'its result is discarded' : `\`${call.assignedTo ?? ''}\` is never checked (at most logged)`;
        report({ messageId, data: { ...data, use }, path: file.path, line: call.line, endLine: call.endLine, severity: severityOf(messageId, call) });
      }
    }
  },
});
