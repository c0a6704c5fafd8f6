import { defineRule } from '../../../engine/rule.js';
import { isProvidedBy } from '../../../project/knowledge/python-packages.js';
import type { DeclaredDependency, Manifest } from '../../../project/manifests/types.js';
import type { Project } from '../../../project/project.js';

/**
 * Packages that are used without being imported: servers and CLIs run by name, drivers loaded from a URL or an
 * ORM, plugins found by entry points, type stubs, build tools. Declaring them is right.
 */
const PYTHON_NOT_IMPORTED = /^(uvicorn|gunicorn|hypercorn|daphne|granian|waitress|psycopg2|psycopg2-binary|psycopg|psycopg-binary|psycopg-pool|asyncpg|pymysql|mysqlclient|aiomysql|aiosqlite|cx-oracle|oracledb|pyodbc|python-multipart|email-validator|bcrypt|argon2-cffi|cryptography|gevent|eventlet|setuptools|wheel|pip|types-.+|.+-stubs|pytest(-.+)?|coverage|mypy|ruff|black|isort|flake8|pylint|pre-commit|tox|nox|celery\[.+\]|redis|hiredis|uvloop|httptools|watchfiles|websockets|orjson|ujson|python-dotenv|tzdata|certifi|brotli|pyyaml|alembic|sentry-sdk)$/;
const NODE_NOT_IMPORTED = /^(@types\/.+|typescript|ts-node|tsx|nodemon|concurrently|cross-env|rimraf|eslint(-.+)?|@eslint\/.+|@typescript-eslint\/.+|typescript-eslint|prettier(-.+)?|husky|lint-staged|jest|vitest|mocha|chai|@vitest\/.+|@jest\/.+|ts-jest|babel-.+|@babel\/.+|webpack(-.+)?|vite|@vitejs\/.+|rollup(-.+)?|@rollup\/.+|esbuild|tsup|swc|@swc\/.+|pg|pg-hstore|mysql|mysql2|sqlite3|better-sqlite3|tedious|oracledb|mongodb|reflect-metadata|tslib|@nestjs\/cli|@nestjs\/schematics|@nestjs\/testing|pm2|dotenv|source-map-support|postcss(-.+)?|autoprefixer|tailwindcss|@tailwindcss\/.+|sass|less|react|react-dom|@playwright\/test|playwright|cypress|supertest|npm-run-all2?|shx|tsconfig-paths|@commitlint\/.+|commitlint|semantic-release|@semantic-release\/.+|@changesets\/.+|turbo|lerna|nx|@nx\/.+)$/;

const GENERIC_PARTS = new Set(['python', 'py', 'django', 'flask', 'fastapi', 'pytest', 'types', 'core', 'lite', 'binary', 'bin', 'client', 'sdk', 'api', 'common']);

/**
 * Distribution and import names often differ (`django-storages` → `storages`, `phonenumberslite` →
 * `phonenumbers`, `python-json-logger` → `pythonjsonlogger`): a distinctive part or prefix is enough to count
 * it as used. Erring towards "used" keeps this informational rule quiet where it cannot be sure.
 */
function importMatchesName(module: string, distribution: string): boolean {
  const top = (module.split('.')[0] ?? module).toLowerCase().replace(/_/g, '-');
  const flat = distribution.replace(/-/g, '');
  if (flat === top.replace(/-/g, '') || flat.startsWith(top.replace(/-/g, '')) || top.replace(/-/g, '').startsWith(flat)) return true;
  return distribution.split('-').some((part) => !GENERIC_PARTS.has(part) && part.length > 2 && (part === top || top.replace(/-/g, '').includes(part)));
}

function importNames(project: Project, manifest: Manifest): { python: string[]; node: Set<string> } {
  const base = manifest.dir === '.' ? '' : `${manifest.dir}/`;
  const python = new Set<string>();
  const node = new Set<string>();
  for (const file of project.code({ roles: ['source', 'script', 'config', 'test', 'dev', 'benchmark', 'template', 'vendored'] })) {
    if (!file.path.startsWith(base)) continue;
    for (const imp of file.imports) {
      if (imp.relative) continue;
      if (file.language === 'python') python.add(imp.module);
      else node.add(imp.module.startsWith('@') ? imp.module.split('/').slice(0, 2).join('/') : (imp.module.split('/')[0] ?? imp.module));
    }
  }
  return { python: [...python].sort(), node };
}

/** Commands that mention the package by name: npm scripts, Dockerfile RUN/CMD, Procfile, compose commands, CI steps. */
function mentionedInCommands(project: Project, name: string): boolean {
  const word = new RegExp(`(^|[\\s/"'@])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s"'@:/])`);
  const { infra, ci } = project.inventory;
  const texts = [
    ...project.manifests.flatMap((m) => Object.values(m.commands)),
    ...infra.dockerfiles.flatMap((d) => d.stages.flatMap((s) => [s.cmd?.value ?? '', s.entrypoint?.value ?? '', ...s.runs.map((r) => r.value)])),
    ...infra.procfiles.map((p) => p.command),
    ...infra.compose.flatMap((c) => c.services.map((s) => `${s.command ?? ''} ${s.entrypoint ?? ''}`)),
    ...ci.workflows.flatMap((w) => w.jobs.flatMap((j) => j.steps.map((s) => s.run ?? ''))),
  ];
  return texts.some((t) => word.test(t));
}

const CONFIG_FILE = /(^|\/)(settings|config|conf|configuration|app|main|wsgi|asgi|urls|server|index)[\w.-]*\.(py|ts|js|mjs|cjs|json|ya?ml|toml|cfg|ini)$|(^|\/)settings\/[^/]+\.py$/;

/** The configuration text of a manifest's component, read once (Django INSTALLED_APPS, database URLs, plugin lists). */
function configText(project: Project, manifest: Manifest, cache: Map<string, string>): string {
  let text = cache.get(manifest.path);
  if (text === undefined) {
    const base = manifest.dir === '.' ? '' : `${manifest.dir}/`;
    text = project.files
      .filter((f) => f.path.startsWith(base) && f.path !== manifest.path && (f.kind === 'code' || f.kind === 'data') && f.role !== 'test' && CONFIG_FILE.test(f.path))
      .map((f) => project.readText(f.path) ?? '')
      .join('\n');
    cache.set(manifest.path, text);
  }
  return text;
}

function mentionedInConfig(text: string, name: string): boolean {
  const variants = [...new Set([name, name.replace(/-/g, '_'), name.replace(/^python-|^py/, '')])];
  return variants.some((v) => new RegExp(`["'\`]${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[."'\`+:/]`).test(text));
}

/** Paths of the git submodules (`.gitmodules`) that are not checked out in the audited tree. */
function absentSubmodules(project: Project): string[] {
  const text = project.readText('.gitmodules') ?? '';
  return [...text.matchAll(/^\s*path\s*=\s*(\S+)\s*$/gm)].map((m) => (m[1] ?? '').replace(/\/$/, '')).filter((path) => path !== '' && !project.exists(path));
}

export default defineRule({
  meta: {
    code: 'DEP002',
    name: 'unused-dependency',
    category: 'dependencies',
    severity: 'info',
    confidence: 'low',
    title: 'Declared but never imported',
    description: 'A runtime dependency that no code of its component imports and no command or configuration names.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      unused: '`{{name}}` is declared in {{manifest}} but nothing in `{{component}}` imports it, and no script, Dockerfile, Procfile, compose file or CI step runs it.',
    },
    fix: 'Remove the dependency if it is no longer needed; if it is loaded indirectly (a plugin, a driver named in a URL), keep it and say why in a comment next to it.',
    acceptance: 'Every declared runtime dependency is imported, run, or documented as loaded indirectly.',
    references: ['deptry DEP002 (unused)', 'knip unused dependencies', 'depcheck'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const configs = new Map<string, string>();
    const absent = absentSubmodules(project);
    for (const manifest of project.manifests) {
      if (manifest.kind === 'requirements' && manifest.dependencies.some((d) => d.kind === 'dev')) continue;
      // Code of a git submodule that is not checked out may import any of them: silence beats a guess.
      if (absent.some((path) => manifest.dir === '.' || path.startsWith(`${manifest.dir}/`))) continue;
      const runtime = manifest.dependencies.filter((d: DeclaredDependency) => d.kind === 'runtime');
      if (runtime.length === 0) continue;
      const { python, node } = importNames(project, manifest);
      if (python.length === 0 && node.size === 0) continue;
      const component = project.componentOf(manifest.path)?.path ?? '.';
      for (const dep of runtime) {
        if (manifest.ecosystem === 'python') {
          const name = dep.normalized.replace(/\[.*$/, '');
          const declared = new Set([name]);
          if (PYTHON_NOT_IMPORTED.test(name) || python.some((module) => isProvidedBy(module, declared) || importMatchesName(module, name))) continue;
        } else if (NODE_NOT_IMPORTED.test(dep.name) || node.has(dep.name)) continue;
        if (mentionedInCommands(project, dep.name) || mentionedInConfig(configText(project, manifest, configs), dep.normalized)) continue;
        report({ messageId: 'unused', data: { name: dep.name, manifest: manifest.path, component }, path: manifest.path, line: dep.line });
      }
    }
  },
});
