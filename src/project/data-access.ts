/**
 * How production code reaches its databases, as the database rules need it: where SQLite is opened, which SQLite
 * settings are applied anywhere in the project (a PRAGMA in another module or in an ORM connect listener counts),
 * and where the schema declares foreign keys. Reads facts, plus file text for PRAGMA strings (comments dropped).
 */
import type { CallFact, CodeFacts, ValueFact } from '../facts/types.js';
import type { Project } from './project.js';

export interface Site {
  path: string;
  line: number;
  detail: string;
}

export interface SqliteUse extends Site {
  /** The library turns `foreign_keys` on by itself (TypeORM, Sequelize, Prisma). */
  foreignKeysByDefault: boolean;
  /** SQLite only when configured so: the engine sets SQLite-only options for a URL chosen at run time. */
  conditional?: boolean;
}

export interface SqliteSettings {
  wal: Site[];
  busyTimeout: Site[];
  foreignKeysOn: Site[];
}

const SQLITE_URL = /^sqlite(\+\w+)?:\/\//;
const PY_ENGINE = /(^|\.)(create_engine|create_async_engine)$/;
const PY_SQLITE_CONNECT = /^(sqlite3\.connect|aiosqlite\.connect|(playhouse\.\w+\.|peewee\.)?(Sqlite(Ext)?Database|APSWDatabase|SqliteQueueDatabase))$/;
const JS_SQLITE_OPTION = /^(sqlite|sqlite3|better-sqlite3|capacitor|expo|sqljs|libsql)$/;

const WAL = /journal_mode\W{0,6}wal\b|enableWAL\s*:\s*true/i;
const BUSY = /busy_?timeout|busyTimeout/i;
const FK_ON = /foreign_keys\W{0,6}(on|1|true)\b/i;

function stringValue(value: ValueFact | undefined): string | undefined {
  return value?.kind === 'string' ? String(value.value) : undefined;
}

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
}

/** Names bound anywhere in production code to a `sqlite://` URL (module constants, settings fields and defaults). */
function sqliteUrlNames(files: readonly CodeFacts[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (file.language !== 'python') continue;
    for (const b of file.bindings) if (b.via === 'assign' && SQLITE_URL.test(stringValue(b.value) ?? '')) names.add(lastSegment(b.name));
    for (const cls of file.classes) {
      for (const field of cls.fields) {
        const literal = stringValue(field.value) ?? (field.value?.kind === 'call' ? /["'](sqlite[^"']*)["']/.exec(field.value.text)?.[1] : undefined);
        if (SQLITE_URL.test(literal ?? '')) names.add(field.name);
      }
    }
  }
  return names;
}

function pythonSqlite(file: CodeFacts, call: CallFact, urlNames: ReadonlySet<string>): string | undefined {
  if (PY_SQLITE_CONNECT.test(call.callee)) return `${call.callee}(…)`;
  if (call.callee === 'connect' && file.imports.some((i) => (i.module === 'sqlite3' || i.module === 'aiosqlite') && i.names.includes('connect'))) return `${call.callee}(…)`;
  if (!PY_ENGINE.test(call.callee)) return undefined;
  const url = call.args[0] ?? call.kwargs['url'];
  if (!url) return undefined;
  const literal = stringValue(url);
  if (literal !== undefined) return SQLITE_URL.test(literal) ? `${call.callee}("${literal}")` : undefined;
  if ((url.kind === 'identifier' || url.kind === 'attribute') && urlNames.has(lastSegment(url.text))) return `${call.callee}(${url.text})`;
  if (url.kind === 'call' && /^str$/.test(url.callee ?? '') && urlNames.has(lastSegment(url.text.replace(/^str\(|\)$/g, '')))) return `${call.callee}(${url.text})`;
  if ((call.kwargs['connect_args']?.text ?? '').includes('check_same_thread')) return `${call.callee}(…, connect_args={"check_same_thread": …})`;
  return undefined;
}

function jsSqlite(file: CodeFacts, call: CallFact): { detail: string; byDefault: boolean } | undefined {
  const betterSqlite = file.imports.filter((i) => i.module === 'better-sqlite3').map((i) => i.alias ?? i.names[0] ?? '');
  const sqlite3 = file.imports.filter((i) => i.module === 'sqlite3').map((i) => i.alias ?? i.names[0] ?? '');
  if (call.isNew && (betterSqlite.includes(call.callee) || sqlite3.some((a) => call.callee === `${a}.Database` || call.callee === a))) return { detail: `new ${call.callee}(…)`, byDefault: false };
  for (const arg of call.args) {
    const props = arg.props ?? {};
    const kind = stringValue(props['type']) ?? stringValue(props['client']) ?? stringValue(props['dialect']);
    if (kind === undefined || !JS_SQLITE_OPTION.test(kind)) continue;
    const orm = 'dialect' in props ? 'Sequelize' : 'client' in props ? 'knex' : 'TypeORM';
    return { detail: `${call.isNew ? 'new ' : ''}${call.callee}({ ${'type' in props ? 'type' : 'client' in props ? 'client' : 'dialect'}: '${kind}' })`, byDefault: orm !== 'knex' };
  }
  return undefined;
}

/** An engine whose function prepares SQLite-only options (`check_same_thread`) for a URL it is given. */
function conditionalSqlite(project: Project, file: CodeFacts, call: CallFact): boolean {
  if (!PY_ENGINE.test(call.callee)) return false;
  const fn = file.functions[call.fn];
  const lines = (project.readText(file.path) ?? '').split('\n');
  const body = fn ? lines.slice(fn.line - 1, fn.endLine) : lines.slice(Math.max(0, call.line - 10), call.endLine);
  return body.some((line) => /check_same_thread/.test(line) && !/^\s*#/.test(line));
}

/** Every place production code opens SQLite. */
export function sqliteUses(project: Project): SqliteUse[] {
  const code = project.code();
  const urlNames = sqliteUrlNames(code);
  const out: SqliteUse[] = [];
  for (const file of code) {
    for (const call of file.calls) {
      if (file.language === 'python') {
        const detail = pythonSqlite(file, call, urlNames);
        if (detail) out.push({ path: file.path, line: call.line, detail, foreignKeysByDefault: false });
        else if (conditionalSqlite(project, file, call)) out.push({ path: file.path, line: call.line, detail: `${call.callee}(…)`, foreignKeysByDefault: false, conditional: true });
      } else {
        const hit = jsSqlite(file, call);
        if (hit) out.push({ path: file.path, line: call.line, detail: hit.detail, foreignKeysByDefault: hit.byDefault });
      }
    }
  }
  return out;
}

/** Lines of a file with comments removed (`#` or `//` to the end of the line), keeping line numbers. */
function codeLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/^\s*(#|\/\/).*$/, ''));
}

/** SQLite settings applied anywhere in production code: PRAGMA strings, connect listeners, driver options. */
export function sqliteSettings(project: Project): SqliteSettings {
  const settings: SqliteSettings = { wal: [], busyTimeout: [], foreignKeysOn: [] };
  for (const file of project.code()) {
    const importsSqlite = file.imports.some((i) => i.module === 'sqlite3' || i.module === 'aiosqlite');
    for (const call of file.calls) {
      const isSqliteConnect = /(^|\.)connect$/.test(call.callee) && (importsSqlite || /sqlite/.test(call.callee));
      if (isSqliteConnect && (call.kwargs['timeout'] || call.args[1]?.kind === 'number')) settings.busyTimeout.push({ path: file.path, line: call.line, detail: `${call.callee}(…, timeout=…)` });
      if (PY_ENGINE.test(call.callee) && /["']timeout["']/.test(call.kwargs['connect_args']?.text ?? '')) settings.busyTimeout.push({ path: file.path, line: call.line, detail: 'connect_args={"timeout": …}' });
    }
    const text = project.readText(file.path);
    if (!text || !/journal_mode|busy_?timeout|busyTimeout|foreign_keys|enableWAL/i.test(text)) continue;
    codeLines(text).forEach((line, i) => {
      const site = (detail: string): Site => ({ path: file.path, line: i + 1, detail });
      if (WAL.test(line)) settings.wal.push(site(line.trim()));
      if (BUSY.test(line)) settings.busyTimeout.push(site(line.trim()));
      if (FK_ON.test(line)) settings.foreignKeysOn.push(site(line.trim()));
    });
  }
  return settings;
}

const SQL_FOREIGN_KEY = /\bREFERENCES\s+["'`\w]|\bFOREIGN\s+KEY\b/i;

/** Foreign keys declared in production code: SQLAlchemy/SQLModel/peewee declarations, knex builders, raw SQL. */
export function foreignKeyDeclarations(project: Project): Site[] {
  const out: Site[] = [];
  for (const file of project.code()) {
    for (const call of file.calls) {
      const strings = call.args.map(stringValue).filter((s): s is string => s !== undefined);
      if (/(^|\.)(ForeignKey|ForeignKeyConstraint|ForeignKeyField)$/.test(call.callee)) out.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      else if (file.language === 'python' && call.kwargs['foreign_key']) out.push({ path: file.path, line: call.line, detail: `${call.callee}(foreign_key=…)` });
      else if (file.language !== 'python' && /\.(references|foreign)$/.test(call.callee) && file.imports.some((i) => i.module === 'knex')) out.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      else if (strings.some((s) => SQL_FOREIGN_KEY.test(s) && /\bCREATE\s+TABLE\b|\bALTER\s+TABLE\b/i.test(s))) out.push({ path: file.path, line: call.line, detail: 'REFERENCES in SQL' });
    }
  }
  return out;
}
