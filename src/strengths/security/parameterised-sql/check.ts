import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { isBuiltString } from '../../../rules/security/shared.js';
import { byCodePoint } from '../../../util/order.js';

const SQL = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE|UPSERT|MERGE)\b/i;
const PLACEHOLDER = /\$\d+|%s|%\(\w+\)s|\?|(^|[^:]):[A-Za-z_]\w*/;
const PY_SQL_METHODS = /(^|\.)(execute|executemany|fetch|fetchrow|fetchval|fetchall|fetchone|mogrify|exec_driver_sql)$|^((sqlalchemy\.)?text)$/;
const JS_SQL_METHODS = /\.(query|execute|run|get|all|prepare|raw|\$queryRawUnsafe|\$executeRawUnsafe)$/;

interface SqlCall {
  call: CallFact;
  bound: boolean;
  built: boolean;
}

function sqlCalls(file: CodeFacts): SqlCall[] {
  const methods = file.language === 'python' ? PY_SQL_METHODS : JS_SQL_METHODS;
  const out: SqlCall[] = [];
  for (const call of file.calls) {
    if (!methods.test(call.callee)) continue;
    const sql = call.args[0] ?? call.kwargs['sql'] ?? call.kwargs['query'];
    if (!sql) continue;
    if (isBuiltString(sql) && SQL.test(sql.text.replace(/^[fbr]*["'`]+/i, ''))) {
      out.push({ call, bound: false, built: true });
      continue;
    }
    if (sql.kind !== 'string' || typeof sql.value !== 'string' || !SQL.test(sql.value)) continue;
    const values = call.args.length > 1 || Object.keys(call.kwargs).some((k) => k !== 'sql' && k !== 'query');
    out.push({ call, bound: PLACEHOLDER.test(sql.value) && values, built: false });
  }
  return out;
}

export default defineStrength({
  meta: {
    code: 'STR042',
    name: 'parameterised-sql',
    category: 'security',
    title: 'SQL is parameterised throughout',
    description: 'Credits a component whose raw SQL passes values as bound parameters ($1, %s, ?, :name) and never builds statements from strings.',
    condition:
      'Production code of the component sends raw SQL (execute, fetch, query, run, text) at least three times with placeholders and the values passed separately, and no raw SQL call builds its statement with an f-string, concatenation, format or template interpolation.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'sql-built-from-strings', scope: 'component' }],
    references: ['OWASP Query Parameterization Cheat Sheet', 'CWE-89'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const byComponent = new Map<string, Array<SqlCall & { path: string }>>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), ...sqlCalls(file).map((c) => ({ ...c, path: file.path }))]);
    }
    for (const [, calls] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const bound = calls.filter((c) => c.bound);
      const built = calls.filter((c) => c.built);
      const first = bound[0];
      if (!first || bound.length < 3) continue;
      credit({
        message:
          built.length === 0
            ? `All ${bound.length} raw SQL statements that take values pass them as bound parameters (\`${first.call.callee}\`): no value can change a statement.`
            : `${bound.length} raw SQL statements pass values as bound parameters, but ${built.length} build the statement from strings.`,
        path: first.path,
        line: first.call.line,
        related: bound.slice(1, 3).map((c) => ({ path: c.path, line: c.call.line })),
        partial: built.length > 0,
      });
    }
  },
});
