import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

const PY_CONNECT = /^(sqlite3\.connect|psycopg2\.connect|psycopg\.connect|psycopg\.Connection\.connect|pymysql\.connect|MySQLdb\.connect|mysql\.connector\.connect|pyodbc\.connect|cx_Oracle\.connect|oracledb\.connect)$/;
const PY_DRIVER_MODULES = /^(sqlite3|psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|pyodbc|cx_Oracle|oracledb)$/;
const CLI_MODULES = /^(argparse|click|typer|docopt|fire)$/;

interface Shared {
  call: CallFact;
  name: string;
  driver: string;
}

/** Module-level connections: `conn = psycopg2.connect(...)`, `const client = new Client(...)` from pg, `mysql.createConnection(...)`. */
function sharedConnections(file: CodeFacts): Shared[] {
  const out: Shared[] = [];
  const fromDriver = new Set(file.imports.filter((i) => PY_DRIVER_MODULES.test(i.module)).flatMap((i) => i.names));
  const pgClient = new Set(file.imports.filter((i) => i.module === 'pg').flatMap((i) => [...i.names.filter((n) => n === 'Client'), ...(i.alias ? [`${i.alias}.Client`] : [])]));
  const mysql = new Set(file.imports.filter((i) => /^mysql2?(\/promise)?$/.test(i.module)).map((i) => i.alias ?? i.names[0] ?? ''));
  for (const call of file.calls) {
    if (call.fn !== -1 || !call.assignedTo || /[.[]/.test(call.assignedTo)) continue;
    let driver: string | undefined;
    if (file.language === 'python') {
      if (PY_CONNECT.test(call.callee)) driver = call.callee;
      else if (call.callee === 'connect' && fromDriver.has('connect')) driver = 'connect';
    } else if (call.isNew && pgClient.has(call.callee)) driver = `new ${call.callee}`;
    else if ([...mysql].some((m) => m && call.callee === `${m}.createConnection`)) driver = call.callee;
    if (driver) out.push({ call, name: call.assignedTo, driver });
  }
  return out;
}

/** Functions anywhere in the component that use the connection: `conn.cursor()`, `client.query()`. */
function usesInFunctions(files: readonly CodeFacts[], home: CodeFacts, name: string): Array<{ path: string; line: number }> {
  const out: Array<{ path: string; line: number }> = [];
  for (const file of files) {
    const imported = file === home || file.imports.some((i) => i.names.includes(name));
    if (!imported) continue;
    for (const call of file.calls) if (call.fn >= 0 && call.callee.startsWith(`${name}.`)) out.push({ path: file.path, line: call.line });
  }
  return out;
}

export default defineRule({
  meta: {
    code: 'DB004',
    name: 'shared-db-connection',
    category: 'database',
    severity: 'high',
    confidence: 'medium',
    title: 'One database connection shared by every request',
    description: 'A service opens a single database connection at import time and uses it from its handlers instead of a pool or a per-request session.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker loop or library that works on one thing at a time may hold one connection for its lifetime.',
    messages: {
      shared:
        '`{{name}} = {{driver}}(…)` opens one connection at import time, used by {{count}} call{{s}} inside functions (e.g. {{example}}): concurrent requests share one transaction and cursor state, and after the database restarts every request fails until the process is restarted.',
    },
    fix: 'Use a connection pool (psycopg_pool / `psycopg2.pool.ThreadedConnectionPool`, SQLAlchemy engine + session per request, pg `Pool`, `mysql.createPool`) and take a connection per request or unit of work.',
    acceptance: 'No module-level connection is used from request handlers; each request gets its own connection or session from a pool.',
    references: ['https://www.psycopg.org/psycopg3/docs/advanced/pool.html', 'https://node-postgres.com/features/pooling', 'https://docs.python.org/3/library/sqlite3.html#sqlite3.connect', 'CWE-362'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const code = project.code();
    for (const file of code) {
      if (file.role !== 'source' || file.imports.some((i) => CLI_MODULES.test(i.module))) continue;
      const connections = sharedConnections(file);
      if (connections.length === 0) continue;
      const component = project.componentOf(file.path)?.path ?? '.';
      const siblings = project.codeOfComponent(component);
      for (const shared of connections) {
        const uses = usesInFunctions(siblings, file, shared.name);
        const first = uses[0];
        if (!first) continue;
        report({
          messageId: 'shared',
          data: { name: shared.name, driver: shared.driver, count: uses.length, s: uses.length === 1 ? '' : 's', example: `${first.path}:${first.line}` },
          path: file.path,
          line: shared.call.line,
          related: uses.slice(0, 3),
        });
      }
    }
  },
});
