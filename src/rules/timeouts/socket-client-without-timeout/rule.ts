import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { callsFrom, importsAny, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'clientNoTimeout' | 'socketConnectNoTimeout';

/** stdlib clients that take a timeout: module, constructor, how many positional arguments come before `timeout`. */
const CLIENTS: ReadonlyArray<readonly [string, string, number]> = [
  ['smtplib', 'SMTP', 3],
  ['smtplib', 'SMTP_SSL', 3],
  ['smtplib', 'LMTP', 3],
  ['ftplib', 'FTP', 4],
  ['ftplib', 'FTP_TLS', 4],
  ['socket', 'create_connection', 1],
  ['telnetlib', 'Telnet', 2],
  ['imaplib', 'IMAP4', 2],
  ['imaplib', 'IMAP4_SSL', 2],
  ['poplib', 'POP3', 2],
  ['poplib', 'POP3_SSL', 2],
  ['nntplib', 'NNTP', 2],
];

/** Every module a hit needs imported (a client's, or `socket` for `sock.connect`). */
const MODULES = [...new Set([...CLIENTS.map(([module]) => module), 'socket'])];

/** A module with a `__main__` guard is a script someone runs by hand. */
const MAIN_GUARD = /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m;

interface Hit {
  call: CallFact;
  messageId: MessageId;
  data: Record<string, string>;
  related?: CallFact;
}

function hits(file: CodeFacts): Hit[] {
  const out: Hit[] = [];
  // Most files import none of these modules, and nothing they call can be one of these clients.
  if (!importsAny(file, MODULES)) return out;
  const matchers = CLIENTS.map(([module, name, before]) => [callsFrom(file, module, [name]), before] as const);
  const isSocket = callsFrom(file, 'socket', ['socket']);
  const sockets = new Map<string, CallFact>();
  const timed = new Set<string>();
  for (const call of file.calls) {
    if (call.assignedTo && isSocket(call)) sockets.set(`${call.fn}:${call.assignedTo}`, call);
    const [owner, method] = splitCallee(call.callee);
    if (method === 'settimeout' || method === 'setblocking') timed.add(`${call.fn}:${owner}`);
  }
  for (const call of file.calls) {
    const match = matchers.find(([test]) => test(call));
    if (match) {
      if (!('timeout' in call.kwargs) && call.args.length <= match[1] && !call.hasSpread) out.push({ call, messageId: 'clientNoTimeout', data: { call: call.callee } });
      continue;
    }
    const [owner, method] = splitCallee(call.callee);
    if (method !== 'connect' && method !== 'connect_ex') continue;
    const key = `${call.fn}:${owner}`;
    const created = sockets.get(key);
    if (created && !timed.has(key)) out.push({ call, messageId: 'socketConnectNoTimeout', data: { call: call.callee }, related: created });
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'TMO004',
    name: 'socket-client-without-timeout',
    category: 'timeouts',
    severity: 'medium',
    confidence: 'high',
    title: 'Network client without a timeout',
    description: 'A standard-library network client (SMTP, FTP, IMAP, POP3, Telnet, raw sockets) opened without a timeout: it blocks forever on a peer that stops answering.',
    archetypes: ['service', 'worker'],
    nonGoal: 'An interactive one-shot command is bounded by the user\'s Ctrl-C; a stalled connection costs the user a retry, not a worker.',
    nonGoalFor: { library: "A library's caller owns the time budget of the process it runs in, and sets the connection timeouts it needs." },
    messages: {
      clientNoTimeout: '`{{call}}(…)` has no timeout: it uses the global socket default, which is to block forever on a server that stops answering.',
      socketConnectNoTimeout: '`{{call}}(…)` on a socket with no `settimeout(...)`: connecting and every read block forever on a peer that stops answering.',
    },
    fix: 'Pass `timeout=` to the client (`smtplib.SMTP(host, port, timeout=10)`), call `sock.settimeout(...)` before connecting, or set `socket.setdefaulttimeout(...)` once at start-up.',
    acceptance: 'Every standard-library network client in a long-lived component has a finite timeout, from the call or from `socket.setdefaulttimeout`.',
    references: ['CWE-400', 'CWE-1088', 'Python docs: smtplib.SMTP(timeout=…)', 'Python docs: socket.setdefaulttimeout'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code({ roles: ['source', 'config'], languages: ['python'] });
    const defaultTimeoutIn = new Set(
      code.filter((f) => f.calls.some((c) => /(^|\.)setdefaulttimeout$/.test(c.callee) && c.args[0]?.kind !== 'none')).map((f) => project.componentOf(f.path)?.path ?? '.'),
    );
    const commandFiles = new Set(project.inventory.runtime.cliFrameworks.map((c) => c.path));
    for (const file of code) {
      const found = hits(file);
      if (found.length === 0) continue;
      if (defaultTimeoutIn.has(project.componentOf(file.path)?.path ?? '.') || commandFiles.has(file.path) || MAIN_GUARD.test(project.readText(file.path) ?? '')) continue;
      for (const hit of found) {
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
