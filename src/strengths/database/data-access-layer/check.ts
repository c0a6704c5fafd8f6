import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { isWriteCall } from '../../../project/knowledge/writes.js';
import { byCodePoint } from '../../../util/order.js';

const LAYER_CLASS = /\w(Repository|Repo|DAO|Dao)$/;
const LAYER_MODULE = /(^|\/)(crud|repository|repositories|dao|daos|queries|storage|store)(\.py|\.ts|\.js|\/)/;
/** Calls that query or write a database: ORM managers, sessions, query builders, drivers. */
const DB_CALL = /(^|\.)(objects\.\w+|session\.\w+|execute|fetch|fetchrow|fetchval|fetchall|scalars?|query|find\w*|findMany|findUnique|findFirst|aggregate|count|insert\w*|update\w*|upsert\w*|delete\w*|save|createQueryBuilder|getRepository|select|where)$/;
const DB_RECEIVER = /\b(session|db|conn|connection|cursor|prisma|knex|repo|repository|manager|objects|pool|client|collection|table|dataSource|em|tx)\b/i;

function queries(file: CodeFacts, call: CallFact): boolean {
  return isWriteCall(file, call) || (DB_CALL.test(call.callee) && DB_RECEIVER.test(call.callee));
}

export default defineStrength({
  meta: {
    code: 'STR056',
    name: 'data-access-layer',
    category: 'database',
    title: 'Data access goes through a repository layer',
    description: 'Credits database access kept in repository classes or data-access modules that the rest of the code calls, instead of queries scattered through handlers.',
    condition:
      'Repository/DAO classes (names ending in Repository, Repo, DAO) or data-access modules (crud, repository, dao, queries, storage) whose functions or methods query the database (two or more of them), imported by two or more other production modules.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['Martin Fowler: Patterns of Enterprise Application Architecture (Repository, Table Data Gateway)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const code = project.code();
    const byComponent = new Map<string, Array<{ path: string; line: number; name: string; users: number }>>();
    for (const file of code) {
      const classes = file.classes.filter((c) => LAYER_CLASS.test(c.name));
      const moduleLayer = LAYER_MODULE.test(file.path);
      if (classes.length === 0 && !moduleLayer) continue;
      const querying = file.functions.filter((fn, index) => (moduleLayer || classes.some((c) => c.name === fn.className)) && file.calls.some((c) => c.fn === index && queries(file, c)));
      if (querying.length < 2) continue;
      const names = classes.length > 0 ? classes.map((c) => c.name) : [file.path.replace(/\.(py|ts|js)$/, '').split('/').pop() ?? ''];
      const stem = file.path.replace(/\.(py|ts|tsx|js|mjs)$/, '').replace(/\/index$/, '');
      const users = code.filter((f) => f !== file && f.imports.some((i) => i.names.some((n) => names.includes(n)) || i.module.endsWith(stem.split('/').pop() ?? '\u0000') || stem.endsWith(i.module.replace(/^[./]+/, '').replace(/\./g, '/')))).length;
      if (users < 2) continue;
      const component = project.componentOf(file.path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), { path: file.path, line: classes[0]?.line ?? querying[0]?.line ?? 1, name: classes.length > 0 ? names.join(', ') : file.path, users }]);
    }
    for (const [, layers] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = layers[0];
      if (!first) continue;
      credit({ message: `Database access is kept in a data-access layer (${layers.slice(0, 3).map((l) => `\`${l.name}\``).join(', ')}${layers.length > 3 ? ', …' : ''}) that other modules call: queries can be reviewed, tested and changed in one place.`, path: first.path, line: first.line, related: layers.slice(1, 3).map((l) => ({ path: l.path, line: l.line })) });
    }
  },
});
