import type { CallFact, CodeFacts, FunctionFact } from '../../../facts/types.js';
import type { Severity } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { callsFrom, importedNames, moduleAliases, remoteCalls, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'blockingInAsync' | 'blockingInHandler';

interface Hit {
  call: CallFact;
  what: string;
  severity: Severity;
  /** How to name the enclosing function or handler in the message. */
  where: string;
}

/** Python calls that block the thread, by module: name → what it blocks on. */
const PY_BLOCKING: ReadonlyArray<readonly [string, readonly string[], string, Severity]> = [
  ['time', ['sleep'], 'sleeps', 'medium'],
  ['subprocess', ['run', 'call', 'check_call', 'check_output'], 'waits for a child process', 'high'],
  ['psycopg2', ['connect'], 'opens a synchronous PostgreSQL connection', 'high'],
  ['sqlite3', ['connect'], 'opens a synchronous SQLite connection', 'medium'],
  ['pymysql', ['connect'], 'opens a synchronous MySQL connection', 'high'],
  ['MySQLdb', ['connect'], 'opens a synchronous MySQL connection', 'high'],
  ['smtplib', ['SMTP', 'SMTP_SSL'], 'talks to an SMTP server synchronously', 'high'],
  ['socket', ['create_connection', 'gethostbyname', 'getaddrinfo'], 'does blocking network I/O', 'high'],
];

/** Calls that hand work to a thread: a blocking call inside a lambda passed to them does not block the loop. */
const OFFLOAD = /(^|\.)(run_in_executor|to_thread|run_sync|run_in_threadpool|sync_to_async|submit)$/;

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  if (!file.functions.some((f) => f.isAsync)) return hits;
  const offloads = file.calls.filter((c) => OFFLOAD.test(c.callee));
  const offloaded = (call: CallFact): boolean =>
    offloads.some((o) => o !== call && o.fn === call.fn && o.line <= call.line && call.endLine <= o.endLine && o.args.some((a) => a.kind === 'lambda' && a.text.includes(call.callee)));
  const inAsync = (call: CallFact): FunctionFact | undefined => {
    const fn = file.functions[call.fn];
    return fn?.isAsync ? fn : undefined;
  };
  for (const r of remoteCalls(file)) {
    const fn = inAsync(r.call);
    if (!fn || r.async || r.call.awaited || offloaded(r.call)) continue;
    hits.push({ call: r.call, what: `makes a blocking HTTP request (${r.library})`, severity: 'high', where: fn.qualifiedName });
  }
  for (const [module, names, what, severity] of PY_BLOCKING) {
    const test = callsFrom(file, module, names);
    for (const call of file.calls) {
      const fn = inAsync(call);
      if (!fn || call.awaited || !test(call) || offloaded(call)) continue;
      hits.push({ call, what, severity, where: fn.qualifiedName });
    }
  }
  return hits;
}

/** Node calls that block the event loop: module → names. */
const JS_BLOCKING: ReadonlyArray<readonly [readonly string[], readonly string[], string, Severity]> = [
  [['fs', 'node:fs', 'fs-extra'], ['readFileSync', 'writeFileSync', 'appendFileSync', 'readdirSync', 'statSync', 'existsSync', 'copyFileSync', 'mkdirSync', 'rmSync', 'unlinkSync'], 'does synchronous file I/O', 'medium'],
  [['child_process', 'node:child_process'], ['execSync', 'execFileSync', 'spawnSync'], 'waits for a child process', 'high'],
  [['crypto', 'node:crypto'], ['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync'], 'runs a deliberately slow key derivation on the event loop', 'high'],
  [['zlib', 'node:zlib'], ['gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'brotliCompressSync', 'brotliDecompressSync'], 'compresses on the event loop', 'medium'],
  [['bcrypt', 'bcryptjs'], ['hashSync', 'compareSync', 'genSaltSync'], 'hashes a password on the event loop', 'high'],
];

const ROUTE_CALL = /(^|\.)(get|post|put|patch|delete|all|head|options)$/;

/** Request handlers of a JS file (inline callbacks of route registrations, named handlers, NestJS controller methods), with a label. */
function jsHandlers(file: CodeFacts, project: Project): Map<number, string> {
  const out = new Map<number, string>();
  const routes = project.inventory.runtime.routes.filter((r) => r.path === file.path);
  if (routes.length === 0) return out;
  const routeCalls = file.calls.filter((c) => ROUTE_CALL.test(c.callee) && routes.some((r) => r.line === c.line));
  file.functions.forEach((fn, index) => {
    const inline = fn.passedTo === undefined ? undefined : routeCalls.find((c) => c.callee === fn.passedTo && c.line <= fn.line && fn.endLine <= c.endLine);
    const route = inline ? routes.find((r) => r.line === inline.line) : undefined;
    if (route) out.set(index, `${route.method} ${route.route}`);
    else if (routes.some((r) => r.handler === fn.qualifiedName || (fn.name !== '' && r.handler === fn.name))) out.set(index, fn.qualifiedName);
  });
  return out;
}

function jsHits(file: CodeFacts, project: Project): Hit[] {
  const hits: Hit[] = [];
  const handlers = jsHandlers(file, project);
  if (handlers.size === 0) return hits;
  for (const [modules, names, what, severity] of JS_BLOCKING) {
    const aliases = new Set(modules.flatMap((m) => [...moduleAliases(file, m)]));
    const imported = new Set(modules.flatMap((m) => [...importedNames(file, m)]));
    for (const call of file.calls) {
      const where = handlers.get(call.fn);
      if (where === undefined) continue;
      const [owner, method] = splitCallee(call.callee);
      if (!names.includes(method) || (owner === '' ? !imported.has(method) : !aliases.has(owner))) continue;
      hits.push({ call, what, severity, where });
    }
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CON001',
    name: 'blocking-call-in-async',
    category: 'concurrency',
    severity: 'high',
    confidence: 'high',
    title: 'Blocking call on the event loop',
    description: 'A synchronous network, database, subprocess or sleep call inside `async def` (or a Node request handler) stalls every other request served by the same event loop.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A one-shot CLI runs one task at a time: blocking its own event loop delays nothing else.',
    nonGoalFor: { library: 'A library cannot know whether its caller runs it on a shared event loop; the blocking call is judged where it runs, in the application.' },
    messages: {
      blockingInAsync: '`{{call}}(…)` {{what}} inside `async def {{fn}}`: the event loop, and every other request on it, waits until it returns.',
      blockingInHandler: '`{{call}}(…)` {{what}} inside the request handler `{{fn}}`: the whole Node process stops serving until it returns.',
    },
    fix: 'Use the async equivalent (httpx.AsyncClient, asyncpg/psycopg async, `asyncio.sleep`, `asyncio.create_subprocess_exec`, `fs.promises`, async `bcrypt.hash`), or move the call to a thread with `await asyncio.to_thread(...)` / `run_in_executor`; in FastAPI a plain `def` route already runs in a thread pool.',
    fixFor: {
      python: 'Use the async equivalent (httpx.AsyncClient, asyncpg/psycopg async, `asyncio.sleep`, `asyncio.create_subprocess_exec`), or move the call to a thread with `await asyncio.to_thread(...)` / `run_in_executor`; in FastAPI a plain `def` route already runs in a thread pool.',
      javascript: 'Use the asynchronous API (`fs.promises`, `execFile` with a callback or promisified, async `bcrypt.hash`, `crypto.scrypt` with a callback), or move CPU-heavy work to a worker thread or a job queue.',
    },
    impactFor: {
      javascript: 'Node runs all JavaScript of a process on one thread. A synchronous call in a request handler or async function (`fs.readFileSync`, `execSync`, `bcrypt.hashSync`) blocks every other request the process is serving until it returns, and a hung one blocks them until it is killed. Under load, latency of unrelated endpoints climbs, health checks fail and instances are restarted.',
    },
    acceptance: 'No synchronous network, database, subprocess or sleep call runs directly in an `async def` or a Node request handler.',
    references: ['ruff ASYNC210 (blocking-http-call-in-async-function)', 'ruff ASYNC251 (blocking-sleep-in-async-function)', 'ruff ASYNC220/221 (subprocess in async function)', 'ESLint n/no-sync', 'CWE-1088'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      const python = file.language === 'python';
      for (const hit of python ? pythonHits(file) : jsHits(file, project)) {
        report({
          messageId: python ? 'blockingInAsync' : 'blockingInHandler',
          data: { call: hit.call.callee, what: hit.what, fn: hit.where },
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          severity: hit.severity,
        });
      }
    }
  },
});
