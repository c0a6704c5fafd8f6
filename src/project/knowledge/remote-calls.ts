/**
 * Which calls leave the process: HTTP clients in Python and JavaScript, recognised from what a file imports and
 * the client objects it builds. Shared by the timeout, retry and concurrency rules. Tables first; extend them when
 * a real repository shows a client that is missing.
 */
import type { CallFact, CodeFacts } from '../../facts/types.js';

export type HttpVerb = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | '?';

export interface RemoteCall {
  call: CallFact;
  /** Client library: `requests`, `httpx`, `aiohttp`, `urllib`, `fetch`, `axios`, `got`, … */
  library: string;
  /** HTTP method, `?` when it is not known from the call site. */
  verb: HttpVerb;
  /** The call returns an awaitable (aiohttp, `httpx.AsyncClient`, every JS client); false when it blocks the thread. */
  async: boolean;
}

const VERBS: Record<string, HttpVerb> = { get: 'GET', head: 'HEAD', options: 'OPTIONS', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };
const PY_CLIENT_METHODS = new Set([...Object.keys(VERBS), 'request', 'send', 'stream']);
const JS_CLIENT_METHODS = new Set([...Object.keys(VERBS), 'request']);

/** Constructors of client objects whose methods make requests, by module. */
const PY_CLIENT_CLASSES: Record<string, readonly string[]> = {
  requests: ['Session', 'session'],
  httpx: ['Client', 'AsyncClient'],
  aiohttp: ['ClientSession'],
};

export function splitCallee(callee: string): [string, string] {
  const dot = callee.lastIndexOf('.');
  return dot === -1 ? ['', callee] : [callee.slice(0, dot), callee.slice(dot + 1)];
}

/** Names bound to a whole module: `import requests` → requests; `import requests as r` → r; `import x from 'axios'` → x. */
export function moduleAliases(file: CodeFacts, ...modules: string[]): Set<string> {
  const out = new Set<string>();
  for (const i of file.imports) {
    if (!modules.includes(i.module)) continue;
    if (i.names.length === 0) out.add(i.alias ?? i.module);
    else if (i.alias && (i.names.includes('default') || i.names.includes('*'))) out.add(i.alias);
  }
  return out;
}

/** Names imported from a module: `from requests import get` → get; `import { spawnSync } from 'child_process'` → spawnSync. */
export function importedNames(file: CodeFacts, ...modules: string[]): Set<string> {
  const out = new Set<string>();
  for (const i of file.imports) if (modules.includes(i.module)) for (const n of i.names) out.add(n);
  return out;
}

/** Whether the file imports any of the modules (exactly, or a submodule: `tenacity` matches `tenacity.wait`). */
export function importsAny(file: CodeFacts, modules: readonly string[]): boolean {
  return file.imports.some((i) => modules.some((m) => i.module === m || i.module.startsWith(`${m}.`) || i.module.startsWith(`${m}/`)));
}

/** `f(...)` called as `mod.f`, or as `f` when imported by name from `mod`. */
export function callsFrom(file: CodeFacts, module: string, names: readonly string[]): (call: CallFact) => boolean {
  const aliases = moduleAliases(file, module);
  const imported = importedNames(file, module);
  // Most files do not import the module at all: nothing they call can come from it.
  if (aliases.size === 0 && imported.size === 0) return () => false;
  return (call) => {
    const [owner, method] = splitCallee(call.callee);
    if (!names.includes(method)) return false;
    return owner === '' ? imported.has(method) : aliases.has(owner);
  };
}

/** The first string literal among the positional arguments, upper-cased (`request("POST", url)`). */
function literalVerb(call: CallFact): HttpVerb {
  const first = call.args[0];
  if (first?.kind !== 'string') return '?';
  return VERBS[String(first.value).toLowerCase()] ?? '?';
}

interface PythonClient {
  library: string;
  async: boolean;
}

function pythonClients(file: CodeFacts): Map<string, PythonClient> {
  const clients = new Map<string, PythonClient>();
  for (const [module, classes] of Object.entries(PY_CLIENT_CLASSES)) {
    const isClient = callsFrom(file, module, classes);
    for (const call of file.calls) {
      if (call.assignedTo && isClient(call)) clients.set(call.assignedTo, { library: module, async: module === 'aiohttp' || call.callee.endsWith('AsyncClient') });
    }
  }
  return clients;
}

function pythonRemoteCalls(file: CodeFacts): RemoteCall[] {
  const out: RemoteCall[] = [];
  const clients = pythonClients(file);
  const modules = ['requests', 'httpx'];
  const direct = new Map(modules.map((m) => [m, callsFrom(file, m, [...PY_CLIENT_METHODS])] as const));
  const urlopen = callsFrom(file, 'urllib.request', ['urlopen']);
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    let client: PythonClient | undefined;
    for (const [m, test] of direct) if (test(call)) client = { library: m, async: false };
    if (!client && PY_CLIENT_METHODS.has(method)) client = clients.get(owner);
    if (client) {
      const verb = method === 'request' ? literalVerb(call) : (VERBS[method] ?? '?');
      out.push({ call, library: client.library, verb, async: client.async });
      continue;
    }
    if (urlopen(call)) out.push({ call, library: 'urllib', verb: call.args.length > 1 || call.kwargs['data'] ? 'POST' : 'GET', async: false });
  }
  return out;
}

/** `{ method: 'POST' }` in a fetch/axios config object. */
function configVerb(call: CallFact, index: number): HttpVerb {
  const config = call.args[index];
  const method = config?.props?.['method'];
  // An options literal that names no method (`{ signal, headers }`) leaves the default, GET.
  if (method === undefined && config?.props && !config.spread) return 'GET';
  if (method?.kind !== 'string') return index >= call.args.length ? 'GET' : '?';
  return VERBS[String(method.value).toLowerCase()] ?? '?';
}

function jsRemoteCalls(file: CodeFacts): RemoteCall[] {
  const out: RemoteCall[] = [];
  const localFetch = file.imports.some((i) => i.relative && (i.names.includes('fetch') || i.alias === 'fetch'));
  const fetchNames = new Set(['fetch', ...moduleAliases(file, 'node-fetch'), ...importedNames(file, 'undici')].filter((n) => n === 'fetch' || !n.includes('.')));
  const axios = moduleAliases(file, 'axios');
  const got = moduleAliases(file, 'got');
  const ky = moduleAliases(file, 'ky');
  const instances = new Map<string, string>();
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (call.assignedTo && method === 'create' && (axios.has(owner) || ky.has(owner))) instances.set(call.assignedTo, axios.has(owner) ? 'axios' : 'ky');
    if (call.assignedTo && method === 'extend' && (got.has(owner) || ky.has(owner))) instances.set(call.assignedTo, got.has(owner) ? 'got' : 'ky');
  }
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (fetchNames.has(call.callee) && !localFetch) {
      out.push({ call, library: 'fetch', verb: configVerb(call, 1), async: true });
      continue;
    }
    const whole = axios.has(call.callee) ? 'axios' : got.has(call.callee) ? 'got' : ky.has(call.callee) ? 'ky' : instances.get(call.callee);
    if (whole) {
      out.push({ call, library: whole, verb: call.args[0]?.kind === 'object' ? configVerb(call, 0) : configVerb(call, 1), async: true });
      continue;
    }
    const library = axios.has(owner) ? 'axios' : got.has(owner) ? 'got' : ky.has(owner) ? 'ky' : instances.get(owner);
    if (library && JS_CLIENT_METHODS.has(method)) out.push({ call, library, verb: method === 'request' ? configVerb(call, 0) : (VERBS[method] ?? '?'), async: true });
    // NestJS HttpService (`@nestjs/axios`), injected as `this.httpService`.
    else if (/(^|\.)httpService$/.test(owner) && JS_CLIENT_METHODS.has(method)) out.push({ call, library: 'axios', verb: VERBS[method] ?? '?', async: true });
  }
  return out;
}

const remoteCache = new WeakMap<CodeFacts, RemoteCall[]>();

/** Outbound HTTP calls of one file, in document order; computed once per file, as several rules ask. */
export function remoteCalls(file: CodeFacts): RemoteCall[] {
  let calls = remoteCache.get(file);
  if (!calls) {
    calls = file.language === 'python' ? pythonRemoteCalls(file) : jsRemoteCalls(file);
    remoteCache.set(file, calls);
  }
  return calls;
}

/** Calls that pause: `time.sleep`, `asyncio.sleep`, `await sleep(ms)`, `setTimeout`, `delay(ms)`, `stop_event.wait(5)`. */
export function isSleepCall(call: CallFact): boolean {
  if (/(^|\.)(sleep|delay|setTimeout|wait_for_timeout)$/i.test(call.callee)) return true;
  return /(event|stop|shutdown|exit)\w*\.wait$/i.test(call.callee) && (call.args.length === 1 || 'timeout' in call.kwargs);
}

const DRIVERS = ['psycopg2', 'psycopg', 'asyncpg', 'pymysql', 'MySQLdb', 'aiomysql', 'redis', 'pika', 'aio_pika', 'kafka', 'aiokafka', 'sqlalchemy', 'pymongo', 'motor', 'socket', 'smtplib', 'pg', 'mysql2', 'mongoose', 'mongodb', 'amqplib', 'ioredis', 'kafkajs'];

/** Connections to databases, brokers and sockets: `psycopg2.connect`, `engine.connect()`, `amqp.connect(url)`. */
export function connectCalls(file: CodeFacts): CallFact[] {
  if (!importsAny(file, DRIVERS)) return [];
  return file.calls.filter((c) => /(^|\.)(connect|connect_robust|create_connection|create_pool|BlockingConnection|ping)$/.test(c.callee));
}
