import type { CallFact, CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

/** Python drivers whose connection object must not be shared by concurrent requests. */
const PY_CONNECT =
  /^(sqlite3\.connect|aiosqlite\.connect|psycopg2\.connect|psycopg\.connect|psycopg\.Connection\.connect|psycopg\.AsyncConnection\.connect|AsyncConnection\.connect|Connection\.connect|asyncpg\.connect|pymysql\.connect|aiomysql\.connect|MySQLdb\.connect|mysql\.connector\.connect|pyodbc\.connect|cx_Oracle\.connect|oracledb\.connect)$/;
const PY_DRIVER_MODULES = /^(sqlite3|aiosqlite|psycopg2|psycopg|asyncpg|pymysql|aiomysql|MySQLdb|mysql\.connector|pyodbc|cx_Oracle|oracledb)$/;
const CLI_MODULES = /^(argparse|click|typer|docopt|fire)$/;
/** Functions that run once when the service starts: FastAPI/Starlette startup and lifespan, aiohttp `on_startup`, Quart `before_serving`, NestJS factories. */
const STARTUP_DECORATOR = /(^|\.)(on_event|before_serving|before_first_request|on_startup|asynccontextmanager)$/;
const STARTUP_NAME = /^(lifespan|startup|on_startup|startup_event|init_db|init_database|connect_db|connect_to_db|setup_db|create_app|on_app_start|app_lifespan)$/i;

interface Shared {
  call: CallFact;
  /** Where the connection is kept: `conn`, `app.state.db`, `self.conn`. */
  name: string;
  driver: string;
  /** `import time`, `startup`, `a singleton provider`. */
  when: string;
}

function isStartup(file: CodeFacts, fn: FunctionFact | undefined): boolean {
  if (!fn) return false;
  if (fn.decorators.some((d) => STARTUP_DECORATOR.test(d.name) && (d.name.endsWith('asynccontextmanager') || /startup/.test(d.args[0]?.text ?? 'startup')))) return true;
  if (STARTUP_NAME.test(fn.name)) return true;
  // `FastAPI(lifespan=lifespan)`, `app.add_event_handler("startup", connect)`, `app.on_startup.append(connect)`.
  return file.calls.some((c) => (c.kwargs['lifespan']?.text === fn.name) || (/add_event_handler$/.test(c.callee) && c.args[1]?.text === fn.name) || (/on_startup\.append$/.test(c.callee) && c.args[0]?.text === fn.name));
}

/** A JS function that builds a provider once: NestJS `useFactory`, a `getClient()` that caches in a module variable. */
function isSingletonFactory(project: Project, file: CodeFacts, fn: FunctionFact | undefined): boolean {
  if (!fn) return false;
  if (fn.name === 'useFactory' || fn.passedTo === undefined && /^(get|create)\w*(Client|Connection|Db|Database)$/.test(fn.name)) {
    const text = (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, fn.endLine).join('\n');
    return fn.name === 'useFactory' || /if\s*\(\s*!\s*\w+\s*\)|\?\?=/.test(text);
  }
  return false;
}

/** Connections opened once and kept: at module level, in a startup/lifespan function, or in a singleton provider. */
function sharedConnections(project: Project, file: CodeFacts): Shared[] {
  const out: Shared[] = [];
  const fromDriver = new Set(file.imports.filter((i) => PY_DRIVER_MODULES.test(i.module)).flatMap((i) => i.names));
  const pgClient = new Set(file.imports.filter((i) => i.module === 'pg').flatMap((i) => [...i.names.filter((n) => n === 'Client'), ...(i.alias ? [`${i.alias}.Client`] : [])]));
  const mysql = new Set(file.imports.filter((i) => /^mysql2?(\/promise)?$/.test(i.module)).map((i) => i.alias ?? i.names[0] ?? ''));
  for (const call of file.calls) {
    if (!call.assignedTo) continue;
    let driver: string | undefined;
    if (file.language === 'python') {
      if (PY_CONNECT.test(call.callee)) driver = call.callee;
      else if (call.callee === 'connect' && fromDriver.has('connect')) driver = 'connect';
    } else if (call.isNew && pgClient.has(call.callee)) driver = `new ${call.callee}`;
    else if ([...mysql].some((m) => m && call.callee === `${m}.createConnection`)) driver = call.callee;
    if (!driver) continue;
    const fn = call.fn >= 0 ? file.functions[call.fn] : undefined;
    const kept = /^(app\.state|self\.app\.state|request\.app\.state)\.\w+$|^[A-Za-z_$][\w$]*$/.test(call.assignedTo);
    if (!kept) continue;
    if (call.fn === -1) {
      if (!/[.[]/.test(call.assignedTo)) out.push({ call, name: call.assignedTo, driver, when: 'at import time' });
    } else if (isStartup(file, fn) && (/^app\.state\./.test(call.assignedTo) || globalIn(project, file, fn, call.assignedTo))) {
      out.push({ call, name: call.assignedTo, driver, when: `once at startup (in \`${fn?.name ?? ''}\`)` });
    } else if (isSingletonFactory(project, file, fn) && globalIn(project, file, fn, call.assignedTo)) {
      out.push({ call, name: call.assignedTo, driver, when: `once, in the singleton \`${fn?.name ?? ''}\`` });
    }
  }
  return out;
}

/** `global conn` in the function, or a module-level binding of that name (JS `let client;` assigned later). */
function globalIn(project: Project, file: CodeFacts, fn: FunctionFact | undefined, name: string): boolean {
  if (!fn || /[.[]/.test(name)) return false;
  const text = (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, fn.endLine).join('\n');
  if (file.language === 'python') return new RegExp(`\\bglobal\\s+[\\w\\s,]*\\b${name}\\b`).test(text);
  return new RegExp(`^\\s*(let|var)\\s+${name}\\b`, 'm').test(project.readText(file.path) ?? '');
}

/** The part of the name every request reads it by: `app.state.db` → `state.db` (request.app.state.db, app.state.db). */
function usePattern(name: string): RegExp {
  const state = /^(?:self\.)?(?:request\.)?app\.(state\.\w+)$/.exec(name)?.[1];
  const escaped = (state ?? name).replace(/[.$]/g, '\\$&');
  return state ? new RegExp(`(^|\\.)${escaped}\\.`) : new RegExp(`^${escaped}\\.`);
}

/** Functions anywhere in the component that use the connection: `conn.cursor()`, `request.app.state.db.execute()`. */
function usesInFunctions(files: readonly CodeFacts[], home: CodeFacts, shared: Shared): Array<{ path: string; line: number }> {
  const out: Array<{ path: string; line: number }> = [];
  const pattern = usePattern(shared.name);
  const byState = /\bstate\./.test(pattern.source);
  for (const file of files) {
    const reachable = file === home || byState || file.imports.some((i) => i.names.includes(shared.name));
    if (!reachable) continue;
    for (const call of file.calls) {
      if (call.fn < 0 || (file === home && call.fn === shared.call.fn) || !pattern.test(call.callee)) continue;
      if (/\.(close|aclose|commit)$/.test(call.callee) && isStartupFunction(file, call.fn)) continue;
      out.push({ path: file.path, line: call.line });
    }
  }
  return out;
}

function isStartupFunction(file: CodeFacts, index: number): boolean {
  const fn = file.functions[index];
  return fn !== undefined && (STARTUP_NAME.test(fn.name) || /shutdown|close|teardown|lifespan/i.test(fn.name));
}

export default defineRule({
  meta: {
    code: 'DB004',
    name: 'shared-db-connection',
    category: 'database',
    severity: 'high',
    confidence: 'medium',
    title: 'One database connection shared by every request',
    description: 'A service opens a single database connection once (at import time, at startup or in a lifespan handler, in a singleton provider) and uses it from its handlers instead of a pool or a per-request session.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker loop or library that works on one thing at a time may hold one connection for its lifetime.',
    messages: {
      shared:
        '`{{name}} = {{driver}}(…)` opens one connection {{when}}, used by {{count}} call{{s}} inside functions (e.g. {{example}}): concurrent requests share one transaction and cursor state, and after the database restarts every request fails until the process is restarted.',
    },
    fix: 'Use a connection pool (psycopg_pool / `psycopg2.pool.ThreadedConnectionPool` / `asyncpg.create_pool`, SQLAlchemy engine + session per request, pg `Pool`, `mysql.createPool`) created at startup, and take a connection per request or unit of work.',
    acceptance: 'No connection opened once is used from request handlers; each request gets its own connection or session from a pool.',
    references: ['https://www.psycopg.org/psycopg3/docs/advanced/pool.html', 'https://node-postgres.com/features/pooling', 'https://docs.python.org/3/library/sqlite3.html#sqlite3.connect', 'CWE-362'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code();
    for (const file of code) {
      if (file.role !== 'source' || file.imports.some((i) => CLI_MODULES.test(i.module))) continue;
      const connections = sharedConnections(project, file);
      if (connections.length === 0) continue;
      const component = project.componentOf(file.path)?.path ?? '.';
      const siblings = project.codeOfComponent(component);
      for (const shared of connections) {
        const uses = usesInFunctions(siblings, file, shared);
        const first = uses[0];
        if (!first) continue;
        report({
          messageId: 'shared',
          data: { name: shared.name, driver: shared.driver, when: shared.when, count: uses.length, s: uses.length === 1 ? '' : 's', example: `${first.path}:${first.line}` },
          path: file.path,
          line: shared.call.line,
          related: uses.slice(0, 3),
        });
      }
    }
  },
});
