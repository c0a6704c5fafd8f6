/**
 * What the code does at run time, as far as reading it tells: web frameworks and their routes (with the guards
 * and dependencies attached to each), health endpoints, server entry points, HTTP clients, logging setup,
 * metrics/tracing/error-reporting libraries, data stores, ORMs, migrations and database engine settings.
 */
import type { CodeFacts, FileFacts } from '../../facts/types.js';
import type { Manifest } from '../manifests/types.js';
import { manifestsFor } from '../manifests/index.js';
import { byCodePoint } from '../../util/order.js';
import { CLI_FRAMEWORKS, FRAMEWORKS, SERVER_CALLEE, startsServer, WEB_JS, WEB_PY, WORKER_CALLEE, WORKER_DECORATOR } from '../knowledge/frameworks.js';
import { resolveImport, type ModuleIndex } from '../resolve-import.js';
import { fileHooks, fileRoutes } from './routes/files.js';
import { jsMountsAndHooks, jsRoutes } from './routes/javascript.js';
import type { Hook, PendingMount, Route, RouterObject } from './routes/model.js';
import { applyMounts } from './routes/mounts.js';
import { pythonHooks } from './routes/python-hooks.js';
import { pythonMounts, pythonRouters, pythonRoutes } from './routes/python.js';

export type { Hook, Mount, Route, RouteKind } from './routes/model.js';

export interface Located {
  path: string;
  line: number;
  detail: string;
}

export interface RuntimeInventory {
  frameworks: Array<{ name: string; files: number }>;
  routes: Route[];
  health: Route[];
  /** App objects and server starts: `FastAPI()`, `express()`, `app.listen(...)`, `uvicorn.run(...)`. */
  servers: Located[];
  /** App-wide middleware and guards: `app.use(x)`, `app.add_middleware(X)`, `useGlobalGuards`, `include_router(..., dependencies=...)`. */
  globalMiddleware: Located[];
  /** Middleware and hooks attached to an app, router or plugin, with what they are attached to (see routes/model.ts). */
  hooks: Hook[];
  workers: Located[];
  cliFrameworks: Located[];
  httpClients: Array<{ name: string; files: number }>;
  logging: Located[];
  observability: Array<{ name: string; files: number; kind: 'metrics' | 'tracing' | 'errors' | 'logging' }>;
  data: DataInventory;
}

export interface DataInventory {
  libraries: Array<{ name: string; kind: 'driver' | 'orm' | 'cache' | 'queue' | 'migrations'; files: number }>;
  engines: Array<Located & { kwargs: string[] }>;
  createAll: Located[];
  sqlitePragmas: Located[];
  migrations: Located[];
}


const HTTP_CLIENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^requests$/, 'requests'],
  [/^httpx$/, 'httpx'],
  [/^aiohttp$/, 'aiohttp'],
  [/^urllib3$/, 'urllib3'],
  [/^urllib\.request$/, 'urllib'],
  [/^http\.client$/, 'http.client'],
  [/^axios$/, 'axios'],
  [/^got$/, 'got'],
  [/^node-fetch$/, 'node-fetch'],
  [/^undici$/, 'undici'],
  [/^ky$/, 'ky'],
  [/^superagent$/, 'superagent'],
];

const OBSERVABILITY: ReadonlyArray<readonly [RegExp, string, RuntimeInventory['observability'][number]['kind']]> = [
  [/^prometheus_client/, 'prometheus_client', 'metrics'],
  [/^prom-client$/, 'prom-client', 'metrics'],
  [/^statsd|^datadog|^hot-shots$/, 'statsd', 'metrics'],
  [/^opentelemetry|^@opentelemetry\//, 'opentelemetry', 'tracing'],
  [/^ddtrace|^dd-trace$/, 'datadog-tracing', 'tracing'],
  [/^sentry_sdk|^@sentry\//, 'sentry', 'errors'],
  [/^structlog$/, 'structlog', 'logging'],
  [/^loguru$/, 'loguru', 'logging'],
  [/^pino(-http)?$/, 'pino', 'logging'],
  [/^winston$/, 'winston', 'logging'],
  [/^bunyan$/, 'bunyan', 'logging'],
];

const DATA_LIBRARIES: ReadonlyArray<readonly [RegExp, string, DataInventory['libraries'][number]['kind']]> = [
  [/^sqlalchemy/, 'sqlalchemy', 'orm'],
  [/^sqlmodel/, 'sqlmodel', 'orm'],
  [/^django\.db/, 'django-orm', 'orm'],
  [/^peewee$/, 'peewee', 'orm'],
  [/^tortoise/, 'tortoise-orm', 'orm'],
  [/^psycopg2/, 'psycopg2', 'driver'],
  [/^psycopg$|^psycopg\./, 'psycopg', 'driver'],
  [/^asyncpg/, 'asyncpg', 'driver'],
  [/^pymysql|^MySQLdb|^aiomysql/, 'mysql', 'driver'],
  [/^sqlite3$|^aiosqlite$/, 'sqlite3', 'driver'],
  [/^pymongo|^motor/, 'mongodb', 'driver'],
  [/^redis|^aioredis/, 'redis', 'cache'],
  [/^alembic/, 'alembic', 'migrations'],
  [/^typeorm$/, 'typeorm', 'orm'],
  [/^@nestjs\/typeorm$/, 'typeorm', 'orm'],
  [/^mongoose$|^@nestjs\/mongoose$/, 'mongoose', 'orm'],
  [/^@prisma\/client$/, 'prisma', 'orm'],
  [/^sequelize$/, 'sequelize', 'orm'],
  [/^knex$/, 'knex', 'orm'],
  [/^drizzle-orm/, 'drizzle', 'orm'],
  [/^pg$/, 'pg', 'driver'],
  [/^mysql2?$/, 'mysql', 'driver'],
  [/^better-sqlite3$|^sqlite3$/, 'sqlite', 'driver'],
  [/^mongodb$/, 'mongodb', 'driver'],
  [/^ioredis$|^redis$/, 'redis', 'cache'],
  [/^kafkajs$|^kafka$|^confluent_kafka$|^aiokafka$/, 'kafka', 'queue'],
  [/^pika$|^aio_pika$|^amqplib$/, 'amqp', 'queue'],
  [/^nats$/, 'nats', 'queue'],
];

const HEALTH_PATH = /(^|\/)(health|healthz|health-check|health_check|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|heartbeat)\/?$/i;
/** Owners of route calls in a module that imports no framework: the app or router it was handed. */
const HANDED_OWNER = /^(app|router|routes|api|server|apiRouter|r|fastify|instance|koa|hono)$/;

function libraries<T extends string>(files: readonly CodeFacts[], table: ReadonlyArray<readonly [RegExp, string, T?]>): Map<string, { files: Set<string>; extra: T | undefined }> {
  const out = new Map<string, { files: Set<string>; extra: T | undefined }>();
  for (const file of files) {
    for (const imp of file.imports) {
      if (imp.relative) continue;
      const hit = table.find(([re]) => re.test(imp.module));
      if (!hit) continue;
      const entry = out.get(hit[1]) ?? { files: new Set<string>(), extra: hit[2] };
      entry.files.add(file.path);
      out.set(hit[1], entry);
    }
  }
  return out;
}

function frameworkOf(file: CodeFacts): string[] {
  const names = new Set<string>();
  for (const imp of file.imports) {
    if (imp.relative) continue;
    // `from aiohttp import web` imports the framework module `aiohttp.web`.
    const modules = file.language === 'python' ? [imp.module, ...imp.names.map((n) => `${imp.module}.${n}`)] : [imp.module];
    const hit = FRAMEWORKS.find((f) => f.kind !== 'data' && modules.some((m) => f.imports.test(m)));
    if (hit) names.add(hit.name);
  }
  return [...names];
}

const MIDDLEWARE_CALLEE = /(^|\.)(use|add_middleware|useGlobalGuards|useGlobalPipes|useGlobalInterceptors|useGlobalFilters|include_router|register_blueprint|before_request|middleware)$/;
const LOGGING_SETUP = /^(logging\.basicConfig|logging\.config\.dictConfig|logging\.config\.fileConfig|structlog\.configure|logger\.add|loguru\.logger\.add|pino|winston\.createLogger|createLogger|bunyan\.createLogger|Logger)$/;
const ENGINE_CALLEE = /^(create_engine|create_async_engine|sqlalchemy\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine|sqlite3\.connect|aiosqlite\.connect|psycopg2\.connect|psycopg\.connect|asyncpg\.connect|asyncpg\.create_pool|pymysql\.connect|MongoClient|AsyncIOMotorClient|redis\.Redis|redis\.from_url|Redis|Pool|Client|createPool|createConnection|DataSource|Sequelize|knex|PrismaClient|mongoose\.connect)$/;

/** The framework a file-routed module belongs to, from the nearest package.json: Next.js or SvelteKit. */
function fileRouter(manifests: readonly Manifest[]): (file: CodeFacts) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
    if (cache.has(dir)) return cache.get(dir);
    const deps = manifestsFor(manifests, file.path, 'node').flatMap((m) => m.dependencies.map((d) => d.name));
    const found = deps.includes('next') ? 'next' : deps.includes('@sveltejs/kit') ? 'sveltekit' : undefined;
    cache.set(dir, found);
    return found;
  };
}

/**
 * Routes in a module that imports no framework but is handed the app or router (`module.exports = (app) => {
 * app.get('/x', h) }`): they belong to the project's JS web framework.
 */
function handedRoutes(file: CodeFacts, framework: string): Route[] {
  return jsRoutes(file, framework).filter((r) => {
    const call = file.calls.find((c) => c.line === r.line && c.callee.startsWith(`${r.owner ?? ''}.`));
    const params = call && call.fn >= 0 ? (file.functions[call.fn]?.params.map((p) => p.name) ?? []) : [];
    return r.owner !== undefined && (HANDED_OWNER.test(r.owner) || params.includes(r.owner));
  });
}

/**
 * A hook attached to a router imported from another module (`from app.service import bp` then
 * `bp.before_request(check)`) belongs to the router where it is declared: `app/service.py#bp`.
 */
function ownerAcrossImports(hook: Hook, file: CodeFacts, resolve: (from: CodeFacts, specifier: string) => string | undefined): Hook {
  const variable = hook.owner.slice(hook.owner.indexOf('#') + 1);
  if (variable.includes('.')) return hook;
  const imported = file.imports.find((i) => i.names.includes(variable));
  const path = imported ? resolve(file, imported.module) : undefined;
  return path ? { ...hook, owner: `${path}#${variable}` } : hook;
}

interface RouteModel {
  routes: Route[];
  hooks: Hook[];
}

/** Routes of every framework, their mounts resolved, and the hooks that run before them. */
function buildRoutes(production: readonly CodeFacts[], webOf: ReadonlyMap<CodeFacts, string | undefined>, index: ModuleIndex): RouteModel {
  const routes: Route[] = [];
  const hooks: Hook[] = [];
  const mounts: PendingMount[] = [];
  const routers = new Map<string, RouterObject>();
  const resolve = (from: CodeFacts, specifier: string): string | undefined => resolveImport(index, from, specifier)?.path;
  const jsFramework = [...new Set(webOf.values())].find((f) => f !== undefined && WEB_JS.has(f) && f !== 'nestjs');
  const python = production.filter((f) => f.language === 'python');
  const fileFramework = fileRouter(index.manifests);
  for (const file of production) {
    const web = webOf.get(file);
    if (file.language === 'python') {
      if (web) routes.push(...pythonRoutes(file, web, python));
      for (const r of pythonRouters(file)) routers.set(`${file.path}#${r.variable}`, r);
      mounts.push(...pythonMounts(file, python));
      if (web) hooks.push(...pythonHooks(file).map((hook) => ownerAcrossImports(hook, file, resolve)));
      continue;
    }
    const own = web && WEB_JS.has(web) ? jsRoutes(file, web) : jsFramework ? handedRoutes(file, jsFramework) : [];
    const fromFiles = fileRoutes(file, fileFramework);
    routes.push(...own, ...fromFiles);
    hooks.push(...fileHooks(file, fileFramework));
    const framework = web && WEB_JS.has(web) ? web : jsFramework;
    if (framework && framework !== 'nestjs') {
      const found = jsMountsAndHooks(file, framework, new Set(own.map((r) => r.owner ?? '')), resolve);
      mounts.push(...found.mounts);
      hooks.push(...found.hooks);
    }
  }
  // A module given to `use` that declares no routes and mounts nothing was middleware after all.
  const routing = new Set([...routes.map((r) => r.path), ...mounts.map((m) => m.parent.slice(0, m.parent.lastIndexOf('#')))]);
  const real = mounts.filter((m) => !m.asHook || routing.has(m.target.slice(0, m.target.lastIndexOf('#'))));
  for (const m of mounts) if (m.asHook && !real.includes(m)) hooks.push(m.asHook);
  applyMounts(routes, real, routers);
  return { routes, hooks };
}

export function buildRuntimeInventory(files: readonly FileFacts[], production: readonly CodeFacts[], manifests: readonly Manifest[] = [], aliases: ModuleIndex['aliases'] = []): RuntimeInventory {
  const frameworkFiles = new Map<string, Set<string>>();
  const webOf = new Map<CodeFacts, string | undefined>();
  const servers: Located[] = [];
  const globalMiddleware: Located[] = [];
  const workers: Located[] = [];
  const cliFrameworks: Located[] = [];
  const logging: Located[] = [];
  const data: DataInventory = { libraries: [], engines: [], createAll: [], sqlitePragmas: [], migrations: [] };
  for (const file of production) {
    const frameworks = frameworkOf(file);
    for (const f of frameworks) {
      const set = frameworkFiles.get(f) ?? new Set<string>();
      set.add(file.path);
      frameworkFiles.set(f, set);
      if (CLI_FRAMEWORKS.has(f)) cliFrameworks.push({ path: file.path, line: file.imports.find((i) => FRAMEWORKS.find((x) => x.name === f && x.imports.test(i.module)))?.line ?? 1, detail: f });
    }
    const web = frameworks.find((f) => WEB_PY.has(f) || WEB_JS.has(f));
    webOf.set(file, web);
    for (const call of file.calls) {
      const callee = call.isNew ? `new ${call.callee}` : call.callee;
      // A bare `createServer` is an HTTP server only when it comes from node:http(s); net.createServer is IPC.
      const httpCreateServer = call.callee === 'createServer' && file.imports.some((i) => /^(node:)?https?$/.test(i.module) && i.names.includes('createServer'));
      if ((SERVER_CALLEE.test(call.callee) || httpCreateServer) && (file.language !== 'python' || call.callee !== 'Worker')) servers.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      else if (web && startsServer(call.callee, call.fn === -1)) servers.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      if (MIDDLEWARE_CALLEE.test(call.callee) && web) globalMiddleware.push({ path: file.path, line: call.line, detail: `${call.callee}(${call.args.map((a) => a.text).join(', ').slice(0, 100)})` });
      // `new Worker` is a BullMQ consumer only when Worker comes from bullmq (worker_threads has one too).
      const threadWorker = callee === 'new Worker' && !file.imports.some((i) => i.module === 'bullmq' && i.names.includes('Worker'));
      if ((WORKER_CALLEE.test(callee) && !threadWorker) || /\.task$|^shared_task$/.test(call.callee)) workers.push({ path: file.path, line: call.line, detail: `${callee}(…)` });
      if (LOGGING_SETUP.test(call.callee)) logging.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      if (ENGINE_CALLEE.test(call.callee)) data.engines.push({ path: file.path, line: call.line, detail: `${callee}(…)`, kwargs: [...Object.keys(call.kwargs), ...call.args.flatMap((a) => Object.keys(a.props ?? {}))].sort() });
      if (/(^|\.)create_all$/.test(call.callee)) data.createAll.push({ path: file.path, line: call.line, detail: call.callee });
      if (call.args.some((a) => a.kind === 'string' && /^\s*PRAGMA\b/i.test(String(a.value)))) {
        data.sqlitePragmas.push({ path: file.path, line: call.line, detail: call.args.find((a) => a.kind === 'string')?.text ?? '' });
      }
    }
    for (const fn of file.functions) {
      for (const d of fn.decorators) if (WORKER_DECORATOR.test(d.name)) workers.push({ path: file.path, line: d.line, detail: `@${d.name}` });
    }
  }
  for (const file of files) {
    if (/(^|\/)(alembic\.ini|alembic\/env\.py|migrations\/__init__\.py|prisma\/schema\.prisma)$/.test(file.path) || /(^|\/)migrations\/[^/]+\.(ts|js)$/.test(file.path)) {
      data.migrations.push({ path: file.path, line: 1, detail: 'migrations' });
    }
  }
  const dataLibs = libraries(production, DATA_LIBRARIES);
  data.libraries = [...dataLibs.entries()].map(([name, v]) => ({ name, kind: v.extra ?? 'driver', files: v.files.size })).sort((a, b) => byCodePoint(a.name, b.name));
  const clients = libraries(production, HTTP_CLIENTS);
  const observability = libraries(production, OBSERVABILITY);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const { routes, hooks } = buildRoutes(production, webOf, { files, manifests, aliases, file: (path) => byPath.get(path) });
  const sortedRoutes = routes.sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line || byCodePoint(a.method, b.method));
  return {
    frameworks: [...frameworkFiles.entries()].map(([name, set]) => ({ name, files: set.size })).sort((a, b) => byCodePoint(a.name, b.name)),
    routes: sortedRoutes,
    health: sortedRoutes.filter((r) => r.kind !== 'websocket' && r.kind !== 'sse' && HEALTH_PATH.test(r.route)),
    servers,
    globalMiddleware,
    hooks: hooks.sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line),
    workers,
    cliFrameworks,
    httpClients: [...clients.entries()].map(([name, v]) => ({ name, files: v.files.size })).sort((a, b) => byCodePoint(a.name, b.name)),
    logging,
    observability: [...observability.entries()].map(([name, v]) => ({ name, files: v.files.size, kind: v.extra ?? 'metrics' })).sort((a, b) => byCodePoint(a.name, b.name)),
    data,
  };
}

