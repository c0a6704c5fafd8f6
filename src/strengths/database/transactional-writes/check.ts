import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { isWriteCall } from '../../../project/knowledge/writes.js';
import type { Project } from '../../../project/project.js';
import { byCodePoint } from '../../../util/order.js';

/** `with` contexts that open a transaction (not `cursor()`, not a bare session or pool acquisition). */
const PY_TRANSACTION = /^\s*(async\s+)?with\s+([^:#]*?(transaction\.atomic\(|\.atomic\(|\.transaction\(|\.begin\(|\.begin_nested\(|\.conn\b|\bconn\b|\.connection\b(?!\.cursor))[^:#]*):\s*(#.*)?$/;
/** JS transaction APIs taking a callback or a list of operations. */
const JS_TRANSACTION = /(^|\.)(\$transaction|transaction|withTransaction|startTransaction)$/;
/** Write methods of data stores, beyond what `isWriteCall` knows from its receiver. */
const DB_WRITE = /(^|\.)(insert\w*|update\w*|upsert\w*|delete\w*|create\w*|save|remove|destroy|execute|executemany|run|add|add_all|merge|bulk_\w+)$/;

interface Transaction {
  line: number;
  writes: number;
}

/** Writes in a line range: calls that write, plus writes inside same-file functions called from it (one level). */
function writesIn(file: CodeFacts, from: number, to: number): number {
  const calls = file.calls.filter((c) => c.line >= from && c.line <= to);
  let writes = calls.filter((c) => isWriteCall(file, c) || DB_WRITE.test(c.callee)).length;
  for (const c of calls) {
    const name = c.callee.split('.').pop() ?? '';
    const fn = file.functions.find((f) => f.name === name && (f.line < from || f.line > to));
    if (fn) writes += file.calls.filter((x) => x.line >= fn.line && x.line <= fn.endLine && (isWriteCall(file, x) || DB_WRITE.test(x.callee))).length;
  }
  return writes;
}

function pythonTransactions(project: Project, file: CodeFacts): Transaction[] {
  const text = project.readText(file.path);
  if (!text || !/\bwith\b/.test(text)) return [];
  const lines = text.split('\n');
  const out: Transaction[] = [];
  lines.forEach((line, i) => {
    if (!PY_TRANSACTION.test(line) || /\.cursor\(/.test(line)) return;
    const indent = /^\s*/.exec(line)?.[0].length ?? 0;
    let end = i + 1;
    while (end < lines.length && ((lines[end] ?? '').trim() === '' || (/^\s*/.exec(lines[end] ?? '')?.[0].length ?? 0) > indent)) end++;
    out.push({ line: i + 1, writes: writesIn(file, i + 2, end) });
  });
  for (const fn of file.functions) {
    const d = fn.decorators.find((x) => /(^|\.)atomic$/.test(x.name));
    if (d) out.push({ line: d.line, writes: writesIn(file, fn.line, fn.endLine) });
  }
  return out;
}

function jsTransactions(file: CodeFacts): Transaction[] {
  const out: Transaction[] = [];
  for (const call of file.calls) {
    if (!JS_TRANSACTION.test(call.callee)) continue;
    const list = call.args[0]?.kind === 'array' ? (call.args[0].text.match(/\.(create|update|delete|upsert)\w*\(/g) ?? []).length : 0;
    out.push({ line: call.line, writes: list + writesIn(file, call.line + (list > 0 ? 0 : 1), call.endLine) });
  }
  return out;
}

export default defineStrength({
  meta: {
    code: 'STR041',
    name: 'transactional-writes',
    category: 'database',
    title: 'Multi-step writes run in transactions',
    description: 'Credits writes that change several rows or tables together inside a database transaction, so a failure leaves no half-written state.',
    condition:
      'Production code opens a transaction (`with db.atomic()`, `with transaction.atomic()`, `with conn:` on a DB-API connection, `session.begin()`, asyncpg `conn.transaction()`, `@transaction.atomic`, Prisma `$transaction`, knex/TypeORM/Sequelize/Drizzle `transaction(cb)`) around two or more write calls, directly or in a function of the same file it calls. One credit per component, counting the transactions.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['Martin Kleppmann: Designing Data-Intensive Applications, ch. 7 (Transactions)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const found = new Map<string, Array<{ path: string; line: number }>>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      const txs = (file.language === 'python' ? pythonTransactions(project, file) : jsTransactions(file)).filter((t) => t.writes >= 2);
      found.set(component, [...(found.get(component) ?? []), ...txs.map((t) => ({ path: file.path, line: t.line }))]);
    }
    for (const [, txs] of [...found.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = txs[0];
      if (!first) continue;
      credit({
        message: `${txs.length} multi-step write${txs.length === 1 ? ' runs' : 's run'} inside a database transaction: a failure half-way rolls everything back instead of leaving partial rows.`,
        path: first.path,
        line: first.line,
        related: txs.slice(1, 4),
      });
    }
  },
});
