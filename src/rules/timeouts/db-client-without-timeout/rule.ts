import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import type { Confidence, Severity } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { callsFrom, importedNames, importsAny, moduleAliases, splitCallee } from '../../../project/knowledge/remote-calls.js';

type MessageId = 'libpqNoConnectTimeout' | 'engineNoConnectTimeout' | 'redisNoSocketTimeout' | 'asyncpgNoCommandTimeout' | 'pgNoConnectionTimeout' | 'typeormNoConnectTimeout';

interface Hit {
  call: { line: number; endLine: number };
  messageId: MessageId;
  data: Record<string, string>;
  confidence: Confidence;
  severity?: Severity;
}

/** A value that may carry options we cannot see: a variable, an attribute, a call, a formatted string. */
function opaque(value: ValueFact | undefined): boolean {
  return value !== undefined && value.kind !== 'string' && value.kind !== 'none';
}

function literal(value: ValueFact | undefined): string | undefined {
  return value?.kind === 'string' ? String(value.value) : undefined;
}

function dependsOn(project: Project, path: string, ecosystem: 'python' | 'node', names: readonly string[]): boolean {
  return project.manifestsFor(path, ecosystem).some((m) => m.dependencies.some((d) => names.includes(d.normalized)));
}

/** psycopg2 `connect(...)`: libpq waits indefinitely unless `connect_timeout` is set. (psycopg 3 applies 130 s.) */
function libpqHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const isConnect = callsFrom(file, 'psycopg2', ['connect']);
  for (const call of file.calls) {
    if (!isConnect(call) || call.hasSpread || 'connect_timeout' in call.kwargs) continue;
    const dsn = call.args[0] ?? call.kwargs['dsn'] ?? call.kwargs['conninfo'];
    const text = literal(dsn);
    if (text !== undefined && /connect_timeout/.test(text)) continue;
    hits.push({ call, messageId: 'libpqNoConnectTimeout', data: { call: call.callee }, confidence: opaque(dsn) ? 'low' : 'high' });
  }
  return hits;
}

/** SQLAlchemy engines on PostgreSQL through psycopg2: the pool waits 30 s for a free connection, but connecting itself has no limit. */
function engineHits(file: CodeFacts, project: Project): Hit[] {
  const hits: Hit[] = [];
  if (!importsAny(file, ['sqlalchemy', 'sqlmodel'])) return hits;
  const fromModules = ['sqlalchemy', 'sqlmodel', 'sqlalchemy.ext.asyncio'].map((m) => callsFrom(file, m, ['create_engine', 'create_async_engine']));
  const isEngine = (call: CallFact): boolean => fromModules.some((is) => is(call));
  const psycopg2Only = dependsOn(project, file.path, 'python', ['psycopg2', 'psycopg2-binary']) && !dependsOn(project, file.path, 'python', ['psycopg', 'psycopg-binary', 'pg8000']);
  for (const call of file.calls) {
    if (!isEngine(call) || call.hasSpread) continue;
    const connectArgs = call.kwargs['connect_args'];
    if (connectArgs && (connectArgs.kind !== 'object' || connectArgs.spread || 'connect_timeout' in (connectArgs.props ?? {}))) continue;
    const url = call.args[0] ?? call.kwargs['url'];
    const text = literal(url);
    if (text !== undefined) {
      if (!/^postgres(ql)?(\+psycopg2)?:\/\//.test(text) || /connect_timeout=/.test(text)) continue;
      hits.push({ call, messageId: 'engineNoConnectTimeout', data: { call: call.callee }, confidence: 'high' });
    } else if (psycopg2Only && !call.callee.endsWith('create_async_engine')) {
      hits.push({ call, messageId: 'engineNoConnectTimeout', data: { call: call.callee }, confidence: 'low' });
    }
  }
  return hits;
}

/** redis-py clients: `socket_timeout` and `socket_connect_timeout` default to None, which is forever. */
function redisHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const constructors = ['Redis', 'StrictRedis', 'from_url'];
  const modules = ['redis', 'redis.asyncio', 'aioredis'];
  if (!importsAny(file, modules)) return hits;
  const isClient = (call: CallFact): boolean => {
    if (modules.some((m) => callsFrom(file, m, constructors)(call))) return true;
    const [owner, method] = splitCallee(call.callee);
    if (method !== 'from_url') return false;
    if (modules.some((m) => importedNames(file, m).has(owner))) return owner === 'Redis' || owner === 'StrictRedis';
    return modules.some((m) => [...moduleAliases(file, m)].some((a) => owner === `${a}.Redis` || owner === `${a}.StrictRedis` || owner === `${a}.asyncio.Redis`));
  };
  for (const call of file.calls) {
    if (!isClient(call) || call.hasSpread || 'socket_timeout' in call.kwargs || 'connection_pool' in call.kwargs) continue;
    const url = call.callee.endsWith('from_url') ? (call.args[0] ?? call.kwargs['url']) : undefined;
    const text = literal(url);
    if (text !== undefined && /socket_timeout=/.test(text)) continue;
    hits.push({ call, messageId: 'redisNoSocketTimeout', data: { call: call.callee, connect: 'socket_connect_timeout' in call.kwargs ? '' : ' and connecting' }, confidence: opaque(url) ? 'medium' : 'high' });
  }
  return hits;
}

/** asyncpg: connecting is bounded (60 s default), but queries have no client-side limit unless `command_timeout` is set. */
function asyncpgHits(file: CodeFacts): Hit[] {
  const isCall = callsFrom(file, 'asyncpg', ['connect', 'create_pool']);
  return file.calls
    .filter((call) => isCall(call) && !call.hasSpread && !('command_timeout' in call.kwargs))
    .map((call) => ({ call, messageId: 'asyncpgNoCommandTimeout' as const, data: { call: call.callee }, confidence: 'high' as const, severity: 'low' as const }));
}

/** node-postgres `Pool`/`Client`: `connectionTimeoutMillis` defaults to 0, no timeout, also for a pool checkout. */
function pgHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const aliases = moduleAliases(file, 'pg');
  const named = new Set(file.imports.filter((i) => i.module === 'pg').flatMap((i) => i.names));
  for (const call of file.calls) {
    if (!call.isNew) continue;
    const [owner, method] = splitCallee(call.callee);
    if (method !== 'Pool' && method !== 'Client') continue;
    if (owner === '' ? !named.has(method) : !aliases.has(owner)) continue;
    const options = call.args[0];
    if (call.hasSpread || (options && (options.kind !== 'object' || options.spread))) continue;
    if (options && 'connectionTimeoutMillis' in (options.props ?? {})) continue;
    const pool = method === 'Pool' ? ' (and waiting for a free pool client)' : '';
    hits.push({ call, messageId: 'pgNoConnectionTimeout', data: { call: `new ${call.callee}`, pool }, confidence: options ? 'high' : 'medium' });
  }
  return hits;
}

const TYPEORM_KEYS = /\b(connectTimeoutMS|connectionTimeoutMillis)\b/;

/** TypeORM on PostgreSQL (through pg): without `connectTimeoutMS` the pool's connect never times out. */
function typeormHits(file: CodeFacts, project: Project): Hit[] {
  const hits: Hit[] = [];
  if (!file.imports.some((i) => i.module === 'typeorm' || i.module === '@nestjs/typeorm')) return hits;
  const sqlDrivers = ['pg', 'mysql', 'mysql2', 'mariadb', 'sqlite3', 'better-sqlite3', 'mssql', 'oracledb', 'sql.js'];
  const onlyPg = project.manifestsFor(file.path, 'node').some((m) => {
    const deps = m.dependencies.map((d) => d.normalized).filter((d) => sqlDrivers.includes(d));
    return deps.length === 1 && deps[0] === 'pg';
  });
  const text = project.readText(file.path) ?? '';
  const judge = (at: { line: number; endLine: number }, typeValue: ValueFact | undefined, body: string): void => {
    if (TYPEORM_KEYS.test(body)) return;
    const type = literal(typeValue);
    if (type !== undefined && type !== 'postgres') return;
    if (type === undefined && !onlyPg) return;
    hits.push({ call: at, messageId: 'typeormNoConnectTimeout', data: { where: 'TypeORM options' }, confidence: type === 'postgres' ? 'high' : 'medium' });
  };
  const lines = text.split('\n');
  const slice = (from: number, to: number): string => lines.slice(from - 1, to).join('\n');
  for (const call of file.calls) {
    const isDataSource = call.isNew && /(^|\.)DataSource$/.test(call.callee);
    const isForRoot = /(^|\.)TypeOrmModule\.forRoot$/.test(call.callee) || call.callee === 'createConnection';
    if (!isDataSource && !isForRoot) continue;
    const options = call.args[0];
    if (options?.kind !== 'object' || options.spread) continue;
    judge(call, options.props?.['type'], slice(call.line, call.endLine));
  }
  for (const fn of file.functions) {
    if (fn.name !== 'createTypeOrmOptions') continue;
    const body = slice(fn.line, fn.endLine);
    const type = /\btype:\s*(['"])(\w+)\1/.exec(body);
    judge(fn, type ? { kind: 'string', text: type[0], value: type[2] ?? '' } : undefined, body);
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'TMO002',
    name: 'db-client-without-timeout',
    category: 'timeouts',
    severity: 'medium',
    confidence: 'high',
    title: 'Database client without a timeout',
    description: 'A database or cache client whose connect or commands can block forever, because the driver\'s default is no timeout and none is set.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A one-shot command or a library does not own the connection settings of a long-lived process; the application that deploys it does.',
    messages: {
      libpqNoConnectTimeout: '`{{call}}(…)` sets no `connect_timeout`: libpq (its default) waits indefinitely for an unreachable or stalled PostgreSQL server.',
      engineNoConnectTimeout: '`{{call}}(…)` for PostgreSQL through psycopg2 has no `connect_timeout` (in `connect_args` or the URL): SQLAlchemy\'s `pool_timeout` (30 s) only bounds waiting for a pooled connection; opening a new one waits indefinitely.',
      redisNoSocketTimeout: '`{{call}}(…)` sets no `socket_timeout`: redis-py defaults to None, so every command{{connect}} can block forever on a stalled server.',
      asyncpgNoCommandTimeout: '`{{call}}(…)` sets no `command_timeout`: connecting is bounded (asyncpg\'s 60 s default) but queries have no client-side limit.',
      pgNoConnectionTimeout: '`{{call}}(…)` sets no `connectionTimeoutMillis`: node-postgres defaults to 0, so connecting{{pool}} never times out.',
      typeormNoConnectTimeout: '{{where}} for PostgreSQL set no `connectTimeoutMS` (or `extra.connectionTimeoutMillis`): node-postgres\'s default is no timeout, so connecting and waiting for a pool client can block forever.',
    },
    fix: 'Set the driver\'s connect timeout (`connect_timeout=5` for psycopg, `connect_args={"connect_timeout": 5}` for SQLAlchemy, `socket_timeout`/`socket_connect_timeout` for redis-py, `connectionTimeoutMillis` for pg, `connectTimeoutMS` for TypeORM) and a statement or command timeout sized for your slowest legitimate query.',
    acceptance: 'Every database and cache client in a long-lived component has a finite connect timeout, and commands are bounded where the driver offers it.',
    references: ['CWE-400', 'CWE-1088', 'libpq connect_timeout', 'redis-py socket_timeout', 'node-postgres connectionTimeoutMillis'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source', 'config'] })) {
      const hits = file.language === 'python'
        ? [...libpqHits(file), ...engineHits(file, project), ...redisHits(file), ...asyncpgHits(file)]
        : [...pgHits(file), ...typeormHits(file, project)];
      for (const hit of hits) {
        report({
          messageId: hit.messageId,
          data: hit.data,
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          confidence: hit.confidence,
          ...(hit.severity ? { severity: hit.severity } : {}),
        });
      }
    }
  },
});
