import { entry, isMap, isSeq } from '../../../facts/located.js';
import type { CallFact, CodeFacts, FunctionFact, LNode, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';
import type { ComponentProfile } from '../../../model/report.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'createAllWithMigrations' | 'createAllOnly' | 'synchronize' | 'sequelizeSync' | 'localDbNeverMigrated';

const TYPEORM_OPTIONS_CALLEE = /(^|\.)(DataSource|createConnection|createConnections|forRoot|forRootAsync)$/;
const MIGRATION_PATH = /(^|\/)(alembic\.ini|alembic\/env\.py|migrations\/[^/]+\.(py|ts|js|sql)|prisma\/migrations\/.+|migrate\/[^/]+\.sql|db\/migrate\/.+)$/;

function isCreateAll(call: CallFact): boolean {
  return /(^|\.)create_all$/.test(call.callee) || (/(^|\.)run_sync$/.test(call.callee) && /\.create_all$/.test(call.args[0]?.text ?? ''));
}

function boolProp(value: ValueFact | undefined, key: string): boolean {
  const prop = value?.props?.[key];
  return prop?.kind === 'bool' && prop.value === true;
}

/** Where each component's migrations live (the first migration file inside it), looked up without rescanning the files. */
function migrationsIndex(project: Project): (component: string) => { path: string } | undefined {
  const migrations = project.files.filter((f) => MIGRATION_PATH.test(f.path));
  const found = new Map<string, { path: string } | undefined>();
  return (component) => {
    if (!found.has(component)) {
      const file = migrations.find((f) => component === '.' || f.path.startsWith(`${component}/`));
      found.set(component, file ? { path: file.path } : undefined);
    }
    return found.get(component);
  };
}

/** Calls that apply migrations: Alembic's `command.upgrade`, Flask-Migrate's `upgrade()`, a project's own `migrate(db)`, yoyo, peewee-migrate. */
const APPLIES_MIGRATIONS = /(^|\.)(upgrade|migrate|run_migrations|apply_migrations|migrate_up)$|^(router|migrator)\.run$|(^|\.)migrations\.apply$/;
/** A command the user runs to upgrade their database: `mytool migrate`, `mytool db upgrade`. */
const MIGRATE_COMMAND = /migrat|upgrade/i;

/**
 * A command-line program that keeps its users' data in a database in their data directory (the `local-state`
 * trait) and ships migrations for it: does the program apply them (at start-up, or with a command of its own)?
 * Undefined when it has no such database or no migrations; otherwise where the migrations are, and whether they run.
 */
function localDatabase(project: Project, component: ComponentProfile, migrationsOf: (component: string) => { path: string } | undefined): { migrations: string; applied: boolean } | undefined {
  const state = component.traits?.find((t) => t.name === 'local-state');
  if (!state) return undefined;
  const migrations = migrationsOf(component.path)?.path ?? state.evidence.find((e) => e.detail === 'migrations')?.path;
  if (!migrations) return undefined;
  const code = project.codeOfComponent(component.path, { roles: ['source'] });
  const applied = code.some(
    (f) =>
      f.calls.some((c) => APPLIES_MIGRATIONS.test(c.callee) && !/^(str|bytes|dict|set|hashlib)\b/.test(c.callee)) ||
      f.functions.some((fn) => MIGRATE_COMMAND.test(fn.name) && fn.decorators.some((d) => /(^|\.)command$/.test(d.name))),
  );
  return { migrations, applied };
}

interface Mention {
  path: string;
  line: number;
}

const NOT_A_USE = /^\s*(#|\/\/)|^\s*(async\s+)?def\s/;

/**
 * Where production code names each of `names` as a word (`\bname\b`), outside comments and `def` lines: at most two
 * places per name, enough to tell a use from the definition's own line. One pass over the code for all the names.
 */
function mentions(project: Project, names: ReadonlySet<string>): Map<string, Mention[]> {
  const out = new Map<string, Mention[]>();
  const words = [...names].filter((n) => /^\w+$/.test(n));
  // Names with characters outside \w (non-ASCII identifiers) are matched as the pattern `\bname\b`, one by one.
  const others = [...names].filter((n) => !/^\w+$/.test(n)).map((n) => ({ name: n, word: new RegExp(`\\b${escapeRegExp(n)}\\b`) }));
  const note = (name: string, path: string, line: number): void => {
    const list = out.get(name);
    if (!list) out.set(name, [{ path, line }]);
    else if (list.length < 2) list.push({ path, line });
  };
  for (const other of project.code()) {
    const text = project.readText(other.path);
    if (!text) continue;
    text.split('\n').forEach((line, i) => {
      if (NOT_A_USE.test(line)) return;
      if (words.length > 0) for (const word of new Set(line.match(/\w+/g))) if (names.has(word)) note(word, other.path, i + 1);
      for (const { name, word } of others) if (word.test(line)) note(name, other.path, i + 1);
    });
  }
  return out;
}

/** Does a function run in production: called, registered or referenced outside its own definition? */
function runsInProduction(file: CodeFacts, fn: FunctionFact, mentionsOf: (name: string) => readonly Mention[]): boolean {
  if (fn.decorators.some((d) => /on_event|lifespan|before_first_request|startup|listens_for|receiver/.test(d.name))) return true;
  if (/^test_|^_?setup_test|fixture/.test(fn.name)) return false;
  return mentionsOf(fn.name).some((m) => !(m.path === file.path && m.line === fn.line));
}

/** Functions that call `create_all` in production Python code: the only names runsInProduction looks for. */
function createAllFunctions(project: Project): Set<string> {
  const names = new Set<string>();
  for (const file of project.code()) {
    if (file.role !== 'source' || file.language !== 'python') continue;
    for (const call of file.calls) {
      const fn = isCreateAll(call) ? file.functions[call.fn] : undefined;
      if (fn) names.add(fn.name);
    }
  }
  return names;
}

/** `"synchronize": true` in an ormconfig.json/.yml (one connection or a list of them). */
function ormconfigSynchronize(doc: LNode | null | undefined): number[] {
  const maps = isSeq(doc) ? doc.items : doc ? [doc] : [];
  return maps.flatMap((m) => {
    const sync = isMap(m) ? entry(m, 'synchronize') : undefined;
    return sync?.value.t === 'scalar' && sync.value.value === true ? [sync.line] : [];
  });
}

export default defineRule<MessageId>({
  meta: {
    code: 'DB003',
    name: 'schema-created-at-runtime',
    category: 'database',
    severity: 'medium',
    confidence: 'high',
    title: 'Database schema created or altered by the application at run time',
    description: '`create_all()`, TypeORM `synchronize: true` or Sequelize `sync()` shape the schema from the running application instead of from versioned migrations.',
    archetypes: ['service', 'worker', 'cli'],
    nonGoal: 'A library or test helper that builds a throw-away schema (a local cache, a test database) is expected to create it directly; a command line is judged only when it keeps its users\' data in a database with migrations.',
    messages: {
      createAllWithMigrations:
        '`{{callee}}` creates tables from the models at run time while the schema is also managed by migrations ({{migrations}}): tables it creates are unknown to the migration history, and the next upgrade that adds them fails with "already exists".',
      createAllOnly:
        '`{{callee}}` builds the schema at run time and the project has no migration tool: it only creates tables that do not exist yet, so later column or constraint changes do not reach an existing database.',
      synchronize:
        '`synchronize: true` makes TypeORM alter the schema to match the entities on every start{{withMigrations}}: a renamed or removed column is dropped together with its data.',
      localDbNeverMigrated:
        '`{{callee}}` creates the tables of the users\' database ({{state}}) while the project ships migrations ({{migrations}}) that the program never applies and no command applies: an existing database keeps its old schema after an upgrade, and the first query on a new column fails.',
      sequelizeSync: '`{{callee}}({{options}})` reshapes the schema at start-up{{withMigrations}}{{force}}.',
    },
    fix: 'Manage the schema with migrations only (Alembic `alembic upgrade head`, TypeORM `migration:run`, Sequelize CLI `db:migrate`) run as a deploy step, and remove run-time schema creation from application code (keep `create_all` for tests).',
    acceptance: 'No production code path calls `create_all`, `synchronize: true` or `sync()`; a deploy step applies migrations.',
    references: ['https://alembic.sqlalchemy.org/en/latest/cookbook.html#building-an-up-to-date-database-from-scratch', 'https://typeorm.io/docs/advanced-topics/migrations/', 'https://sequelize.org/docs/v6/core-concepts/model-basics/#synchronization-in-production'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const migrationsOf = migrationsIndex(project);
    let found: Map<string, Mention[]> | undefined;
    const mentionsOf = (name: string): readonly Mention[] => {
      found ??= mentions(project, createAllFunctions(project));
      return found.get(name) ?? [];
    };
    for (const file of [...project.data('json'), ...project.data('yaml')]) {
      if (!/(^|\/)ormconfig\.(json|ya?ml)$/.test(file.path)) continue;
      const migrations = migrationsOf(project.componentOf(file.path)?.path ?? '.');
      const withMigrations = migrations ? ` although the component has migrations (${migrations.path})` : '';
      for (const line of file.documents.flatMap(ormconfigSynchronize)) report({ messageId: 'synchronize', data: { withMigrations }, path: file.path, line, severity: 'high' });
    }
    for (const file of project.code()) {
      if (file.role !== 'source') continue;
      const migrations = migrationsOf(project.componentOf(file.path)?.path ?? '.');
      const withMigrations = migrations ? ` although the component has migrations (${migrations.path})` : '';
      const usesSequelize = file.imports.some((i) => i.module === 'sequelize' || i.module === 'sequelize-typescript');
      for (const call of file.calls) {
        if (file.language === 'python') {
          if (!isCreateAll(call)) continue;
          const fn = file.functions[call.fn];
          if (fn && !runsInProduction(file, fn, mentionsOf)) continue;
          const callee = call.callee.endsWith('run_sync') ? `${call.callee}(${call.args[0]?.text ?? ''})` : `${call.callee}()`;
          // A command line creates its own schema as it likes, unless its users' data lives in a database whose
          // migrations the program never applies.
          if (project.archetypeAt(file.path) === 'cli') {
            const component = project.componentOf(file.path);
            const local = component ? localDatabase(project, component, migrationsOf) : undefined;
            const state = component?.traits?.find((t) => t.name === 'local-state')?.evidence[0];
            if (!local || local.applied || !state) continue;
            report({ messageId: 'localDbNeverMigrated', data: { callee, migrations: local.migrations, state: `${state.path}:${state.line ?? 1}` }, path: file.path, line: call.line, related: [{ path: local.migrations, line: 1 }] });
            continue;
          }
          if (migrations) {
            report({ messageId: 'createAllWithMigrations', data: { callee, migrations: migrations.path }, path: file.path, line: call.line, related: [{ path: migrations.path, line: 1 }] });
          } else report({ messageId: 'createAllOnly', data: { callee }, path: file.path, line: call.line, severity: 'low', confidence: 'medium' });
          continue;
        }
        if (TYPEORM_OPTIONS_CALLEE.test(call.callee) && call.args.some((a) => boolProp(a, 'synchronize'))) {
          report({ messageId: 'synchronize', data: { withMigrations }, path: file.path, line: call.line, severity: 'high' });
          continue;
        }
        if (usesSequelize && /(^|\.)sync$/.test(call.callee) && !/^(fs|fse)\./.test(call.callee)) {
          const options = call.args[0];
          const force = boolProp(options, 'force');
          const alter = boolProp(options, 'alter');
          report({
            messageId: 'sequelizeSync',
            data: { callee: call.callee, options: options?.text ?? '', withMigrations, force: force ? ': `force: true` drops and recreates every table, deleting its rows' : alter ? ': `alter: true` can drop columns and their data' : '' },
            path: file.path,
            line: call.line,
            severity: force || alter ? 'high' : migrations ? 'medium' : 'low',
          });
        }
      }
    }
  },
});
