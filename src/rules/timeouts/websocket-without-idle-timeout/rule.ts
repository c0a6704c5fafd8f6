import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { callsFrom, importedNames, importsAny, moduleAliases, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'pingDisabled' | 'aiohttpNoHeartbeat' | 'wsServerNoHeartbeat';

const WEBSOCKETS_MODULES = ['websockets', 'websockets.client', 'websockets.server', 'websockets.asyncio.client', 'websockets.asyncio.server', 'websockets.legacy.client', 'websockets.legacy.server'];

function pythonHits(file: CodeFacts): Array<{ call: CallFact; messageId: MessageId }> {
  const out: Array<{ call: CallFact; messageId: MessageId }> = [];
  if (!importsAny(file, ['websockets', 'aiohttp'])) return out;
  const fromWebsockets = WEBSOCKETS_MODULES.map((m) => callsFrom(file, m, ['connect', 'serve', 'unix_connect', 'unix_serve']));
  const websocketsAliases = [...moduleAliases(file, 'websockets')];
  const isWebsockets = (call: CallFact): boolean => fromWebsockets.some((is) => is(call)) || websocketsAliases.some((a) => /^(client|server|asyncio\.client|asyncio\.server)\.(connect|serve)$/.test(call.callee.slice(a.length + 1)) && call.callee.startsWith(`${a}.`));
  for (const call of file.calls) {
    if (isWebsockets(call)) {
      if (call.kwargs['ping_interval']?.kind === 'none') out.push({ call, messageId: 'pingDisabled' });
      continue;
    }
    const [, method] = splitCallee(call.callee);
    const aiohttpServer = callsFrom(file, 'aiohttp.web', ['WebSocketResponse'])(call) || [...moduleAliases(file, 'aiohttp')].some((a) => call.callee === `${a}.web.WebSocketResponse`) || (importedNames(file, 'aiohttp').has('web') && call.callee === 'web.WebSocketResponse');
    const aiohttpClient = method === 'ws_connect' && (moduleAliases(file, 'aiohttp').size > 0 || importedNames(file, 'aiohttp').size > 0);
    if ((aiohttpServer || aiohttpClient) && !call.hasSpread) {
      const heartbeat = call.kwargs['heartbeat'];
      const receive = call.kwargs['receive_timeout'];
      if ((heartbeat === undefined || heartbeat.kind === 'none') && (receive === undefined || receive.kind === 'none')) out.push({ call, messageId: 'aiohttpNoHeartbeat' });
    }
  }
  return out;
}

/** `ws` servers, in a component where nothing ever calls `.ping(`. */
function wsServers(file: CodeFacts): CallFact[] {
  const named = importedNames(file, 'ws');
  const aliases = moduleAliases(file, 'ws');
  return file.calls.filter((call) => {
    if (!call.isNew) return false;
    if (named.has(call.callee) && /^(WebSocketServer|Server)$/.test(call.callee)) return true;
    const [owner, method] = splitCallee(call.callee);
    return (aliases.has(owner) && (method === 'Server' || method === 'WebSocketServer')) || (named.has(owner) && owner === 'WebSocket' && method === 'Server');
  });
}

export default defineRule<MessageId>({
  meta: {
    code: 'TMO005',
    name: 'websocket-without-idle-timeout',
    category: 'timeouts',
    severity: 'medium',
    confidence: 'high',
    title: 'WebSocket without keepalive',
    description: 'A WebSocket client or server that never pings its peer: dead connections are never noticed, and a reader waits forever.',
    archetypes: ['service', 'worker'],
    nonGoal: 'An interactive session started by a user ends when the user closes it; keepalive matters for long-lived processes that hold many connections.',
    messages: {
      pingDisabled: '`{{call}}(…, ping_interval=None)` turns off the websockets library\'s keepalive: a peer that vanishes without closing is never detected, and `recv()` waits forever.',
      aiohttpNoHeartbeat: '`{{call}}(…)` sets neither `heartbeat` nor `receive_timeout` (aiohttp defaults both to None): a peer that vanishes is never detected and `receive()` waits forever.',
      wsServerNoHeartbeat: '`new {{call}}(…)` (ws) and nothing in this component calls `.ping()`: ws sends no heartbeat by default, so half-open connections are never terminated and pile up.',
    },
    fix: 'Keep the library\'s pings on (websockets: the default `ping_interval=20`), set aiohttp `heartbeat=30`, or run a ws heartbeat (`setInterval` that terminates sockets which missed the last pong and pings the rest).',
    acceptance: 'Every long-lived WebSocket connection is pinged, and a peer that stops answering is closed within a bounded time.',
    references: ['CWE-400', 'RFC 6455 §5.5.2 (Ping)', 'websockets docs: keepalive (ping_interval, ping_timeout)', 'ws README: "How to detect and close broken connections?"', 'aiohttp docs: heartbeat'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code({ roles: ['source'] });
    const pinging = new Set(code.filter((f) => f.language !== 'python' && f.calls.some((c) => /\.ping$/.test(c.callee))).map((f) => project.componentOf(f.path)?.path ?? '.'));
    for (const file of code) {
      if (file.language === 'python') {
        for (const hit of pythonHits(file)) report({ messageId: hit.messageId, data: { call: hit.call.callee }, path: file.path, line: hit.call.line, endLine: hit.call.endLine });
        continue;
      }
      if (pinging.has(project.componentOf(file.path)?.path ?? '.')) continue;
      for (const call of wsServers(file)) {
        report({ messageId: 'wsServerNoHeartbeat', data: { call: call.callee }, path: file.path, line: call.line, endLine: call.endLine, severity: 'low', confidence: 'medium' });
      }
    }
  },
});
