import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { BROWSER_FRAMEWORKS } from '../../../project/knowledge/browser.js';
import { importedNames, importsAny, moduleAliases } from '../../../project/knowledge/remote-calls.js';

const REQUESTS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
const HTTPX_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);
const AXIOS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);

type MessageId =
  | 'requestsNoTimeout'
  | 'timeoutNone'
  | 'urlopenNoTimeout'
  | 'httpConnectionNoTimeout'
  | 'fetchNoSignal'
  | 'axiosNoTimeout'
  | 'nodeHttpNoTimeout'
  | 'gotNoTimeout'
  | 'libraryNoTimeout';

/** Libraries that make an HTTP request inside and offer no timeout at all: calling them is an unbounded wait. */
const UNBOUNDED_LIBRARIES: Record<string, string> = {
  'update-check': 'update-check requests the npm registry with `https.get` and sets no timeout',
};

/** Modules whose `fetch` behaves like the global one: no timeout unless a signal is passed. */
const FETCH_MODULES = new Set(['node-fetch', 'undici', 'cross-fetch', 'isomorphic-fetch']);

const GOT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'stream']);

interface Hit {
  call: CallFact;
  messageId: MessageId;
  data: Record<string, string>;
}

function kwarg(call: CallFact, name: string): ValueFact | undefined {
  return call.kwargs[name];
}

function isNone(value: ValueFact | undefined): boolean {
  return value?.kind === 'none';
}

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const requests = moduleAliases(file, 'requests');
  const fromRequests = importedNames(file, 'requests');
  const httpx = moduleAliases(file, 'httpx');
  const sessions = new Set<string>();
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (call.assignedTo && ((requests.has(owner) && /^[Ss]ession$/.test(method)) || (owner === '' && fromRequests.has(method) && method === 'Session'))) {
      sessions.add(call.assignedTo);
    }
  }
  // A session with a mounted adapter may carry a default timeout (a TimeoutHTTPAdapter): not judged.
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (method === 'mount' && sessions.has(owner)) sessions.delete(owner);
  }
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const timeout = kwarg(call, 'timeout');
    const isRequests = (requests.has(owner) && REQUESTS_METHODS.has(method)) || (sessions.has(owner) && (REQUESTS_METHODS.has(method) || method === 'send'));
    const isFromRequests = owner === '' && fromRequests.has(method) && REQUESTS_METHODS.has(method);
    if (isRequests || isFromRequests) {
      if (timeout === undefined && !call.hasSpread) hits.push({ call, messageId: 'requestsNoTimeout', data: { call: call.callee } });
      else if (isNone(timeout)) hits.push({ call, messageId: 'timeoutNone', data: { call: call.callee, library: 'requests' } });
      continue;
    }
    if ((httpx.has(owner) && (HTTPX_METHODS.has(method) || method === 'Client' || method === 'AsyncClient')) && isNone(timeout)) {
      hits.push({ call, messageId: 'timeoutNone', data: { call: call.callee, library: 'httpx' } });
      continue;
    }
    if (call.callee === 'urllib.request.urlopen' || (call.callee === 'urlopen' && importedNames(file, 'urllib.request').has('urlopen'))) {
      if (timeout === undefined && call.args.length < 3 && !call.hasSpread) hits.push({ call, messageId: 'urlopenNoTimeout', data: { call: call.callee } });
      continue;
    }
    if (/^(http\.client\.)?HTTPS?Connection$/.test(call.callee) && (call.callee.startsWith('http.client.') || importedNames(file, 'http.client').has(call.callee))) {
      if (timeout === undefined && call.args.length < 3 && !call.hasSpread) {
        hits.push({ call, messageId: 'httpConnectionNoTimeout', data: { call: call.callee } });
      }
    }
  }
  return hits;
}

function splitCallee(callee: string): [string, string] {
  const dot = callee.lastIndexOf('.');
  return dot === -1 ? ['', callee] : [callee.slice(0, dot), callee.slice(dot + 1)];
}

/** The options argument of a JS call: a literal object, `unknown` when it is a variable, `none` when absent. */
function optionsArg(call: CallFact, index: number): ValueFact | 'none' | 'unknown' {
  const arg = call.args[index];
  if (!arg) return call.hasSpread ? 'unknown' : 'none';
  if (arg.kind !== 'object' || arg.spread) return 'unknown';
  return arg;
}

/** Where axios takes its config: `axios(config)`/`axios(url, config)`, `create(config)`, `get(url, config)`, `post(url, data, config)`. */
function axiosConfigIndex(call: CallFact, method: string): number {
  if (method === '') return call.args[0]?.kind === 'object' ? 0 : 1;
  if (method === 'create' || method === 'request') return 0;
  return ['post', 'put', 'patch'].includes(method) ? 2 : 1;
}

function jsHits(file: CodeFacts, axiosDefaultsSet: boolean): Hit[] {
  const hits: Hit[] = [];
  // `fetch` imported from the project itself (a relative path or a tsconfig alias such as `@server/utils/fetch`) is a wrapper whose defaults we cannot see.
  const localFetch = file.imports.some((i) => !FETCH_MODULES.has(i.module) && (i.names.includes('fetch') || i.alias === 'fetch'));
  const nodeFetch = file.imports.some((i) => i.module === 'node-fetch');
  const axios = moduleAliases(file, 'axios');
  const got = moduleAliases(file, 'got');
  const unboundedLibraries = new Map<string, string>();
  for (const module of Object.keys(UNBOUNDED_LIBRARIES)) for (const a of moduleAliases(file, module)) unboundedLibraries.set(a, module);
  const httpModules = new Set<string>();
  for (const m of ['http', 'https', 'node:http', 'node:https']) for (const a of moduleAliases(file, m)) httpModules.add(a);
  const timedRequests = new Set<string>();
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (method === 'setTimeout' && owner !== '') timedRequests.add(owner);
  }
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    if (call.callee === 'fetch' && !localFetch) {
      const options = optionsArg(call, 1);
      if (options === 'unknown') continue;
      const keys = options === 'none' ? [] : Object.keys(options.props ?? {});
      if (keys.includes('signal') || (nodeFetch && keys.includes('timeout'))) continue;
      hits.push({ call, messageId: 'fetchNoSignal', data: {} });
      continue;
    }
    const isAxiosCall = axios.has(call.callee) || (axios.has(owner) && (AXIOS_METHODS.has(method) || method === 'create'));
    if (isAxiosCall && !axiosDefaultsSet) {
      const options = optionsArg(call, axiosConfigIndex(call, axios.has(call.callee) ? '' : method));
      if (options === 'unknown') continue;
      if (options !== 'none' && 'timeout' in (options.props ?? {})) continue;
      hits.push({ call, messageId: 'axiosNoTimeout', data: { call: call.callee } });
      continue;
    }
    const library = unboundedLibraries.get(call.callee);
    if (library) {
      hits.push({ call, messageId: 'libraryNoTimeout', data: { call: call.callee, detail: UNBOUNDED_LIBRARIES[library] ?? library } });
      continue;
    }
    if (got.has(call.callee) || (got.has(owner) && GOT_METHODS.has(method))) {
      const options = optionsArg(call, call.args[0]?.kind === 'object' ? 0 : 1);
      if (options === 'unknown' || (options !== 'none' && 'timeout' in (options.props ?? {}))) continue;
      hits.push({ call, messageId: 'gotNoTimeout', data: { call: call.callee } });
      continue;
    }
    if (httpModules.has(owner) && (method === 'request' || method === 'get')) {
      if (call.chainedWith?.includes('setTimeout') || (call.assignedTo && timedRequests.has(call.assignedTo))) continue;
      const options = call.args.find((a) => a.kind === 'object');
      if (options?.props && 'timeout' in options.props) continue;
      if (call.args.some((a) => a.kind === 'identifier' || (a.kind === 'object' && a.spread))) continue;
      hits.push({ call, messageId: 'nodeHttpNoTimeout', data: { call: call.callee } });
    }
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'TMO001',
    name: 'http-call-without-timeout',
    category: 'timeouts',
    severity: 'high',
    confidence: 'high',
    title: 'HTTP call without a timeout',
    description: 'An outbound HTTP call that can wait forever (or for minutes) because no timeout bounds it.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code runs in a browser the user can reload; bounding its requests is a UX choice rather than a reliability gap.',
    messages: {
      requestsNoTimeout: '`{{call}}(…)` has no `timeout=`: requests waits forever on a server that stops answering.',
      timeoutNone: '`{{call}}(…, timeout=None)` turns off {{library}}\'s timeout: the call can wait forever.',
      urlopenNoTimeout: '`{{call}}(…)` has no timeout: it uses the global socket default, which is to wait forever.',
      httpConnectionNoTimeout: '`{{call}}(…)` has no timeout: the connection can block forever.',
      fetchNoSignal: '`fetch(…)` has no `signal` (e.g. `AbortSignal.timeout(ms)`): in Node it waits up to undici\'s 5-minute defaults, in a browser indefinitely.',
      axiosNoTimeout: '`{{call}}(…)` has no `timeout`: axios waits forever by default.',
      nodeHttpNoTimeout: '`{{call}}(…)` sets no timeout (`timeout` option or `req.setTimeout`): the socket can hang forever.',
      gotNoTimeout: '`{{call}}(…)` has no `timeout`: got sets none by default, so the request can wait forever.',
      libraryNoTimeout: '`{{call}}(…)` makes a network request that nothing bounds in time: {{detail}}.',
    },
    fix: 'Pass an explicit timeout sized for the call (requests/httpx `timeout=(connect, read)`, `fetch(url, { signal: AbortSignal.timeout(ms) })`, axios `timeout`), ideally from one shared client or configuration value.',
    fixFor: {
      python: 'Pass an explicit timeout sized for the call (requests/httpx `timeout=(connect, read)`, aiohttp `ClientTimeout(total=…)`), ideally from one shared client or configuration value.',
      javascript: 'Pass an explicit timeout sized for the call (`fetch(url, { signal: AbortSignal.timeout(ms) })`, axios `timeout`, got `timeout: { request: ms }`), ideally from one shared client or configuration value.',
    },
    acceptance: 'Every outbound HTTP call has a finite timeout, either at the call site or through a shared client that sets one.',
    references: ['ruff S113 (request-without-timeout)', 'bandit B113', 'CWE-400', 'CWE-1088'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code();
    const axiosDefaultsSet = code.some((f) => f.bindings.some((b) => /axios\.defaults\.timeout$|\.defaults\.timeout$/.test(b.name)));
    for (const file of code) {
      // Browser code inside a service component (React/Vue/Svelte views): the front-end non-goal applies.
      if (file.language !== 'python' && (/\.[jt]sx$/.test(file.path) || importsAny(file, BROWSER_FRAMEWORKS))) continue;
      const hits = file.language === 'python' ? pythonHits(file) : jsHits(file, axiosDefaultsSet);
      const archetype = project.componentOf(file.path)?.archetype;
      // Scripts (deploy helpers, dev tooling) are run by a person who sees the hang.
      const longLived = (archetype === 'service' || archetype === 'worker') && file.role === 'source';
      for (const hit of hits) {
        const severity = hit.messageId === 'fetchNoSignal' ? 'medium' : longLived ? 'high' : 'medium';
        report({ messageId: hit.messageId, data: hit.data, path: file.path, line: hit.call.line, endLine: hit.call.endLine, severity });
      }
    }
  },
});
