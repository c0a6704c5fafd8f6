import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { callsFrom, importedNames, moduleAliases, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'aioPikaPlainConnect' | 'pikaConsumeOnce' | 'websocketsOnce' | 'nodeNoCloseHandler';

interface Hit {
  call: CallFact;
  messageId: MessageId;
  data: Record<string, string>;
}

const WEBSOCKETS_MODULES = ['websockets', 'websockets.client', 'websockets.asyncio.client'];
const PIKA_ERRORS = /^(\*|pika\.exceptions\.\w+|AMQPConnectionError|ConnectionClosedByBroker|StreamLostError|AMQPError|ConnectionClosed|ConnectionError|OSError)$/;

/** The connection is read in a loop (`async for message in ws`, or `ws.recv()` inside a loop): it is a consumer. */
function consumesFrom(file: CodeFacts, call: CallFact): boolean {
  const name = call.assignedTo;
  if (!name) return false;
  const loops = (file.loops ?? []).filter((l) => l.fn === call.fn && l.line >= call.line);
  return loops.some((l) => new RegExp(`\\bin\\s+${name.replace(/\./g, '\\.')}\\s*:`).test(l.header) || file.calls.some((c) => c.callee === `${name}.recv` && c.line >= l.line && c.line <= l.endLine));
}

function pythonHits(file: CodeFacts): Hit[] {
  const out: Hit[] = [];
  const aioPikaConnect = callsFrom(file, 'aio_pika', ['connect']);
  const websocketsConnects = WEBSOCKETS_MODULES.map((m) => callsFrom(file, m, ['connect']));
  const isWebsockets = (call: CallFact): boolean => websocketsConnects.some((connects) => connects(call));
  const usesPika = file.imports.some((i) => i.module === 'pika' || i.module.startsWith('pika.'));
  for (const call of file.calls) {
    if (aioPikaConnect(call)) out.push({ call, messageId: 'aioPikaPlainConnect', data: { call: call.callee } });
    else if (isWebsockets(call) && !call.inLoop && call.fn >= 0 && consumesFrom(file, call)) out.push({ call, messageId: 'websocketsOnce', data: { call: call.callee } });
    else if (usesPika && /\.start_consuming$/.test(call.callee) && !call.inLoop && !call.guardedBy.some((t) => PIKA_ERRORS.test(t))) {
      out.push({ call, messageId: 'pikaConsumeOnce', data: { call: call.callee } });
    }
  }
  return out;
}

/** A Node WebSocket client or AMQP connection in a file that never listens for 'close'. */
function jsHits(file: CodeFacts): Hit[] {
  const listensForClose = file.calls.some((c) => /\.(on|once|addEventListener)$/.test(c.callee) && c.args[0]?.kind === 'string' && c.args[0].value === 'close') || file.bindings.some((b) => /\.onclose$/.test(b.name));
  const consumes = file.calls.some((c) => /\.(on|addEventListener)$/.test(c.callee) && c.args[0]?.kind === 'string' && c.args[0].value === 'message') || file.bindings.some((b) => /\.onmessage$/.test(b.name)) || file.calls.some((c) => /\.consume$/.test(c.callee));
  if (listensForClose || !consumes) return [];
  const out: Hit[] = [];
  const ws = new Set([...moduleAliases(file, 'ws'), ...importedNames(file, 'ws')].filter((n) => n === 'WebSocket' || moduleAliases(file, 'ws').has(n)));
  const amqp = new Set([...moduleAliases(file, 'amqplib'), ...moduleAliases(file, 'amqplib/callback_api')]);
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (call.isNew && ws.has(call.callee)) out.push({ call, messageId: 'nodeNoCloseHandler', data: { call: `new ${call.callee}`, what: 'WebSocket' } });
    else if (!call.isNew && method === 'connect' && amqp.has(owner)) out.push({ call, messageId: 'nodeNoCloseHandler', data: { call: call.callee, what: 'AMQP connection' } });
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'RES002',
    name: 'consumer-without-reconnect',
    category: 'resilience',
    severity: 'medium',
    confidence: 'medium',
    title: 'Consumer without reconnect',
    description: 'A long-lived stream, WebSocket or AMQP consumer that stops for good when its connection drops, because nothing reconnects.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A one-shot command consumes for the user while they watch; if the connection drops, the user runs it again.',
    nonGoalFor: { library: "A library's consumer runs in its caller's process, which owns the connection and reconnects it." },
    messages: {
      aioPikaPlainConnect: '`{{call}}(…)` opens a connection that does not reconnect: after a broker restart or a network blip every channel and consumer on it is gone (`aio_pika.connect_robust` reconnects and restores them).',
      pikaConsumeOnce: '`{{call}}()` runs once, outside any loop or handler for connection errors: when RabbitMQ restarts or the network drops, the exception ends the consumer for good.',
      websocketsOnce: '`{{call}}(…)` is used once, not in a loop: when the connection closes the consumer ends (use `async for websocket in websockets.connect(url):`, which reconnects with backoff).',
      nodeNoCloseHandler: '`{{call}}(…)` opens a {{what}}, and nothing in this file listens for its \'close\' event: when the connection drops, consuming stops silently and nothing reconnects.',
    },
    fix: 'Reconnect with backoff when the connection closes: `aio_pika.connect_robust`, `async for ws in websockets.connect(url)`, a loop around pika\'s `start_consuming()` that catches `AMQPConnectionError`, a \'close\' handler that schedules a reconnect (or amqp-connection-manager / reconnecting-websocket).',
    acceptance: 'Every long-lived consumer survives a broker restart or a dropped connection: it reconnects with backoff and resumes consuming.',
    references: ['aio-pika docs: connect_robust', 'websockets docs: "Reconnect automatically" (async for … in connect())', 'RabbitMQ docs: Connection recovery', 'CWE-755'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      for (const hit of file.language === 'python' ? pythonHits(file) : jsHits(file)) {
        report({ messageId: hit.messageId, data: hit.data, path: file.path, line: hit.call.line, endLine: hit.call.endLine });
      }
    }
  },
});
