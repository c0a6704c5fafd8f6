import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { clip } from '../../../util/text.js';
import { callSource, firstArgumentSource, interpolatedExpressions, isBuiltString, isDevOnlyPath, REQUEST_INPUT, splitCallee } from '../shared.js';

type MessageId = 'built' | 'builtVariable' | 'unsafeRaw';

/** Methods that send their first argument to the database as SQL. */
const PY_SQL_METHODS = /^(execute|executemany|executescript|mogrify|raw|fetch|fetchrow|fetchval|fetchall|exec_driver_sql)$/;
const PY_SQL_CALLEES = /^((sqlalchemy\.)?text|RawSQL|sql\.SQL)$/;
const JS_SQL_METHODS = /^(query|raw|execute|whereRaw|havingRaw|orderByRaw|joinRaw|selectRaw|fromRaw|unsafe|\$queryRawUnsafe|\$executeRawUnsafe|where|andWhere|orWhere|having)$/;
const SQL_WORDS = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WHERE|FROM|JOIN|ORDER\s+BY|GROUP\s+BY|VALUES|CREATE\s+TABLE|DROP\s+TABLE|ALTER\s+TABLE|TRUNCATE)\b/i;
/** Pieces that cannot carry SQL syntax: quoted identifiers, placeholders, numbers, constants. */
const SAFE_PIECES = [
  /^(int|float|len|Number|parseInt|parseFloat|str\(int)\(/,
  /^[\w.]*(escape|quote)\w*\(/i,
  /^\w*(placeholders?|marks|qmarks)$/i,
  /^\d+$/,
  /^([\w.]+\.)?[A-Z][A-Z0-9_]*$/,
  /\.join\([\s\S]*['"](\?|%s|\$\d+)['"]|['"](\?|%s|\$\d+)['"][\s\S]*\.join\(/,
  // Schema identifiers (an ORM's table, column and alias names from its own metadata), not values.
  /^[\w.!?[\]]*(table|column|alias|schema|database|index|constraint|sequence|ident|identifier)(_?name|_?path|_?expr)?!?$|\.(databaseName|propertyPath|tableName|columnName)!?$|^\w*(Alias|AliasName)$/i,
];

/** Safe pieces: see SAFE_PIECES; also the name of a bound parameter (`:${name}`, `:...${name}` in TypeORM). */
function isSafePiece(piece: string, sql: string): boolean {
  const p = piece.trim();
  const flat = (t: string): string => t.replace(/\s+/g, '');
  return SAFE_PIECES.some((re) => re.test(p)) || flat(sql).includes(`:\${${flat(p)}}`) || flat(sql).includes(`:...\${${flat(p)}}`);
}

interface Hit {
  call: CallFact;
  /** The SQL text that was assembled (the argument itself, or the binding of the variable passed). */
  built: ValueFact;
  via?: { name: string; line: number };
}

function firstArg(call: CallFact): ValueFact | undefined {
  return call.args[0] ?? call.kwargs['sql'] ?? call.kwargs['query'] ?? call.kwargs['statement'];
}

/** The built string a variable was last assigned, earlier in the same function. */
function builtBinding(file: CodeFacts, call: CallFact, name: string): { value: ValueFact; line: number } | undefined {
  let found: { value: ValueFact; line: number } | undefined;
  for (const b of file.bindings) {
    if (b.name !== name || b.fn !== call.fn || b.line > call.line || b.via !== 'assign') continue;
    if (!found || b.line > found.line) found = { value: b.value, line: b.line };
  }
  return found && isBuiltString(found.value) ? found : undefined;
}

function sqlCalls(file: CodeFacts): CallFact[] {
  const python = file.language === 'python';
  return file.calls.filter((call) => {
    const [owner, method] = splitCallee(call.callee);
    if (python) return (owner !== '' && PY_SQL_METHODS.test(method)) || PY_SQL_CALLEES.test(call.callee);
    // `sql\`…\`` / `Prisma.sql` / `$queryRaw` tagged templates bind their values: not judged.
    if (/(^|\.)(sql|\$queryRaw|\$executeRaw)$/.test(call.callee)) return false;
    return owner !== '' && JS_SQL_METHODS.test(method);
  });
}

function hitsOf(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const call of sqlCalls(file)) {
    const arg = firstArg(call);
    if (!arg) continue;
    if (isBuiltString(arg)) hits.push({ call, built: arg });
    else if (arg.kind === 'identifier') {
      const bound = builtBinding(file, call, arg.text);
      if (bound) hits.push({ call, built: bound.value, via: { name: arg.text, line: bound.line } });
    }
  }
  return hits;
}

/** Pieces interpolated into the SQL, read in full from the source when the fact's text was clipped. */
function piecesOf(project: Project, path: string, hit: Hit): string[] | null {
  if (!hit.built.text.endsWith('…')) return interpolatedExpressions(hit.built.text);
  if (hit.via) return null;
  const first = firstArgumentSource(callSource(project, path, hit.call));
  return first === '' ? null : interpolatedExpressions(first);
}

/** Parameters of the route handler the call sits in: values that come straight from the request. */
function routeParams(project: Project, file: CodeFacts, call: CallFact): Set<string> {
  const fn = file.functions[call.fn];
  if (!fn || !project.inventory.runtime.routes.some((r) => r.path === file.path && r.handler === fn.qualifiedName)) return new Set();
  return new Set(fn.params.map((p) => p.name).filter((n) => !/^(self|cls|request|req|res|response|session|db|conn|cursor)$/.test(n)));
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC010',
    name: 'sql-built-from-strings',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'SQL built from strings',
    description: 'An SQL statement assembled from variables with f-strings, %, format, concatenation or template literals and sent to the database, instead of passing the values as bound parameters.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code does not talk to SQL databases.',
    messages: {
      built: '`{{call}}(…)` runs SQL built from {{pieces}}{{origin}} instead of bound parameters: {{risk}}',
      builtVariable: '`{{call}}({{name}})` runs SQL that line {{line}} builds from {{pieces}}{{origin}} instead of bound parameters: {{risk}}',
      unsafeRaw: '`{{call}}(…)` runs SQL built from {{pieces}} through an API that does not bind parameters.',
    },
    fix: 'Pass values as bound parameters (`cursor.execute("… WHERE id = %s", (id,))`, `text("… :id").bindparams(id=id)`, `knex.raw("… ?", [id])`, `client.query("… $1", [id])`, `.where("id = :id", { id })`); for identifiers, choose from an allow-list.',
    acceptance: 'Every query passes user-controlled values as parameters; only constants or allow-listed identifiers are formatted into SQL text.',
    references: ['ruff S608 (hardcoded-sql-expression)', 'bandit B608', 'CWE-89: SQL Injection', 'OWASP ASVS 4.0 §5.3.4'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path) || /(^|\/)migrations?\//.test(file.path)) continue;
      const archetype = project.componentOf(file.path)?.archetype;
      for (const hit of hitsOf(file)) {
        const condition = /(^|\.)(where|andWhere|orWhere|having|whereRaw|havingRaw)$/.test(hit.call.callee) && /(=|<|>|\bLIKE\b|\bIN\b|\bIS\b)/i.test(hit.built.text);
        if (!SQL_WORDS.test(hit.built.text) && !condition) continue;
        const sql = hit.built.text.endsWith('…') && !hit.via ? callSource(project, file.path, hit.call) : hit.built.text;
        const pieces = piecesOf(project, file.path, hit)?.filter((p) => !isSafePiece(p, sql)) ?? null;
        if (pieces !== null && pieces.length === 0) continue;
        const handlerParams = routeParams(project, file, hit.call);
        const external = (pieces ?? []).some((p) => REQUEST_INPUT.test(p) || handlerParams.has(p.trim().split(/[.[]/)[0] ?? ''));
        const params = hit.call.args.length > 1 || Object.keys(hit.call.kwargs).some((k) => /^(params|parameters|args|values|bind)$/.test(k));
        const listed = pieces && pieces.length > 0 ? pieces.slice(0, 3).map((p) => `\`${clip(p.trim(), 60)}\``).join(', ') : 'variables';
        const data = { call: hit.call.callee, pieces: listed, origin: external ? ' taken from the request' : '', risk: external ? 'a quote in the value changes the statement (SQL injection).' : 'if any of them can hold text from outside, a quote in it changes the statement (SQL injection).', name: hit.via?.name ?? '', line: hit.via?.line ?? 0 };
        // A class sending its own SQL through `this.query` is the database layer itself (a driver's query runner): not judged.
        if (!external && /^(this|self)\.(query|execute|raw)$/.test(hit.call.callee)) continue;
        // Values bound next to the formatted pieces, or a library: the formatted part is most likely structure.
        const confidence = external ? 'high' : params || archetype === 'library' ? 'low' : 'medium';
        report({
          messageId: /Unsafe$/.test(hit.call.callee) ? 'unsafeRaw' : hit.via ? 'builtVariable' : 'built',
          data,
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          ...(hit.via ? { related: [{ path: file.path, line: hit.via.line }] } : {}),
          confidence,
          ...(external ? {} : { severity: 'medium' }),
        });
      }
    }
  },
});
