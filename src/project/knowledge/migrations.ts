/**
 * Schema migrations: the sets of versioned migrations a repository commits (Django, Alembic, Prisma, SQL up/down
 * files, JS migration folders, an in-code registry of migration functions) and the places that apply them when the
 * service is deployed or started (entrypoint scripts, Dockerfile CMD, compose services, release commands, code that
 * runs the migrator at start-up). Build-time `RUN` steps, Makefiles and documentation are not deploy paths.
 */
import type { CodeFacts } from '../../facts/types.js';
import { dirOf } from '../../util/paths.js';
import type { Project } from '../project.js';
import { isUsed } from './applied.js';
import { byCodePoint } from '../../util/order.js';

export interface MigrationSet {
  tool: string;
  dir: string;
  /** Number of migrations (an up/down pair counts once). */
  count: number;
  first: string;
}

export interface MigrationApply {
  path: string;
  line: number;
  /** What runs, as written (clipped). */
  command: string;
  /** Only a local-development file runs it (a dev compose file). */
  local?: boolean;
}

const FILE_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(^|\/)prisma\/migrations\/[^/]+\/migration\.sql$/, 'Prisma'],
  [/(^|\/)(alembic|migrations?|db)\/versions\/[^/]+\.py$/, 'Alembic'],
  [/(^|\/)migrations\/\d{4}_[^/]+\.py$/, 'Django'],
  [/(^|\/)[^/]*migrations?\/[^/]*\d[^/]*\.(up|down)\.sql$/, 'SQL up/down'],
  [/(^|\/)[^/]*migrations?\/[^/]*\d[^/]*\.sql$/, 'SQL migrations'],
  [/(^|\/)[^/]*migrations?\/\d[\w.-]*\.(js|ts|cjs|mjs)$/, 'JS migrations'],
];

/** Commands that apply migrations. */
export const MIGRATE_COMMAND =
  /prisma\s+migrate\s+deploy|alembic\s+(-\S+\s+)*upgrade|manage\.py\s+migrate\b|django-admin\s+migrate\b|flask\s+db\s+upgrade|knex\s+migrate:latest|sequelize(-cli)?\s+db:migrate|typeorm(-ts-node-\w+)?\s+migration:run|migration:run\b|node-pg-migrate\s+up|db-migrate\s+up|\bgoose\s+.*\bup\b|dbmate\s+(up|migrate)|\bmigrate\s+(-\S+\s+\S+\s+)*up\b|"-path",[^\]]*"up"|(npm|yarn|pnpm)\s+(run\s+)?(db:)?migrat\w*(?!:(dev|create|make|generate|new|reset|rollback|down))(:deploy|:latest|:run|:up)?\b/;
/** Start-up npm scripts: what `npm start` (and release hooks) run. */
const START_SCRIPT = /^(start|prestart|start:prod|start:production|serve|release|deploy|predeploy|postdeploy|docker:start)$/;
const NOT_DEPLOY = /(^|\/)(Makefile|makefile|justfile|Taskfile\.ya?ml|README[^/]*|CONTRIBUTING[^/]*)$/;

export function migrationSets(project: Project): MigrationSet[] {
  const sets = new Map<string, { tool: string; stems: Set<string>; first: string }>();
  for (const path of project.paths()) {
    const hit = FILE_PATTERNS.find(([re]) => re.test(path));
    if (!hit) continue;
    const role = project.file(path)?.role;
    if (role === 'test' || role === 'fixture' || role === 'example' || role === 'docs') continue;
    if (/(^|\/)(tests?|__tests__|fixtures?|examples?)\//.test(path)) continue;
    const dir = hit[1] === 'Prisma' ? dirOf(dirOf(path)) : dirOf(path);
    const set = sets.get(dir) ?? { tool: hit[1], stems: new Set<string>(), first: path };
    set.stems.add(path.replace(/\.(up|down)\.sql$/, '').replace(/\/migration\.sql$/, ''));
    sets.set(dir, set);
  }
  const out = [...sets.entries()].filter(([, s]) => !s.first.endsWith('__init__.py')).map(([dir, s]) => ({ tool: s.tool, dir, count: s.stems.size, first: s.first }));
  for (const file of project.code({ languages: ['python'] })) {
    const registry = inCodeRegistry(file);
    if (registry) out.push({ tool: 'in-code registered', dir: file.path, count: registry.count, first: file.path });
  }
  return out.sort((a, b) => byCodePoint(a.dir, b.dir));
}

/** A module of migration functions registered by a decorator (`@migration`) with a `migrate(db)` that applies them. */
function inCodeRegistry(file: CodeFacts): { count: number; migrate: number } | undefined {
  if (!/migrat/i.test(file.path)) return undefined;
  const registered = file.functions.filter((f) => f.decorators.some((d) => /^(migration|migrations?\.\w+|register_migration|\w+\.migration)$/.test(d.name)));
  const migrate = file.functions.findIndex((f) => /^(migrate|run_migrations|apply_migrations|upgrade)$/.test(f.name) && f.parent === -1);
  if (registered.length < 3 || migrate < 0) return undefined;
  return { count: registered.length, migrate };
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

function lineOf(text: string, needle: RegExp): number | undefined {
  const index = text.split('\n').findIndex((l) => needle.test(l) && !/^\s*(#|\/\/)/.test(l));
  return index === -1 ? undefined : index + 1;
}

/** Places that apply migrations when the service is deployed or started. */
export function migrationApplies(project: Project): MigrationApply[] {
  const out: MigrationApply[] = [];
  for (const file of project.texts()) {
    if (file.language !== 'text' || NOT_DEPLOY.test(file.path) || file.role === 'docs' || file.role === 'test' || file.role === 'example') continue;
    file.text.split('\n').forEach((l, i) => {
      if (MIGRATE_COMMAND.test(l) && !/^\s*#/.test(l)) out.push({ path: file.path, line: i + 1, command: clip(l) });
    });
  }
  for (const info of project.inventory.infra.dockerfiles) {
    for (const stage of info.stages) {
      for (const c of [stage.cmd, stage.entrypoint]) if (c && MIGRATE_COMMAND.test(c.value)) out.push({ path: info.path, line: c.line, command: clip(c.value) });
    }
  }
  for (const compose of project.inventory.infra.compose) {
    if (compose.purpose === 'test') continue;
    for (const service of compose.services) {
      const command = `${service.entrypoint ?? ''} ${service.command ?? ''}`;
      const migrator = /(^|\/)(migrate\/migrate|flyway|liquibase|amacneil\/dbmate|goose)(:|$)/.test(service.image ?? '') && /\bup\b|migrate/.test(command);
      if (MIGRATE_COMMAND.test(command) || migrator) out.push({ path: compose.path, line: service.commandLine ?? service.entrypointLine ?? service.line, command: clip(migrator ? `${service.image ?? ''} ${command}` : command), ...(compose.purpose === 'dev' ? { local: true } : {}) });
    }
  }
  for (const file of project.code()) {
    for (const call of file.calls) {
      const literal = call.args.find((a) => (a.kind === 'string' || a.kind === 'template') && MIGRATE_COMMAND.test(a.text));
      if (literal) out.push({ path: file.path, line: call.line, command: clip(literal.text) });
      else if (/(^|\.)command\.upgrade$|^upgrade$/.test(call.callee) && file.imports.some((i) => /^alembic/.test(i.module))) out.push({ path: file.path, line: call.line, command: `${call.callee}(…)` });
      else if (/(^|\.)call_command$/.test(call.callee) && call.args[0]?.value === 'migrate') out.push({ path: file.path, line: call.line, command: 'call_command("migrate")' });
    }
    const registry = file.language === 'python' ? inCodeRegistry(file) : undefined;
    const migrate = registry ? file.functions[registry.migrate] : undefined;
    if (migrate && isUsed(project, migrate.name)) out.push({ path: file.path, line: migrate.line, command: `${migrate.name}(db), called by the code that opens the database` });
  }
  for (const manifest of project.manifests) {
    if (manifest.ecosystem !== 'node') continue;
    for (const [name, command] of Object.entries(manifest.commands)) {
      if (!START_SCRIPT.test(name) || !MIGRATE_COMMAND.test(command)) continue;
      const line = lineOf(project.readText(manifest.path) ?? '', new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\:]/g, '\\$&')}"\\s*:`)) ?? manifest.line;
      out.push({ path: manifest.path, line, command: clip(`npm run ${name}: ${command}`) });
    }
  }
  return out.sort((a, b) => Number(a.local === true) - Number(b.local === true));
}
