/**
 * What the code does at run time, as far as reading it tells: web frameworks and their routes (with the guards
 * and dependencies attached to each), health endpoints, server entry points, HTTP clients, logging setup,
 * metrics/tracing/error-reporting libraries, data stores, ORMs, migrations and database engine settings.
 */
import type { CallFact, CodeFacts, FileFacts, FunctionFact } from '../../facts/types.js';
import { byCodePoint } from '../../util/order.js';

export interface Route {
  path: string;
  line: number;
  method: string;
  /** Route path with the literal router, blueprint, controller and include prefixes applied. */
  route: string;
  /** A prefix from configuration (`prefix=settings.API_V1_STR`) also applies: `route` is a suffix of the real path. */
  prefixUnknown?: boolean;
  /** Router/app variable the route is declared on (Python), for resolving include prefixes. */
  owner?: string;
  framework: string;
  handler: string;
  /** Decorators, dependencies, middleware and guards attached to the route, its router or controller. */
  guards: string[];
  /** Parameter annotations and default callees of the handler (FastAPI dependencies live here). */
  params: string[];
  /** The route's router is included only under a condition (`if settings.ENVIRONMENT == "local": include_router(...)`). */
  includedWhen?: { path: string; line: number; condition: string };
}

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

const FRAMEWORKS: Array<[RegExp, string]> = [
  [/^fastapi(\.|$)/, 'fastapi'],
  [/^flask(\.|$)/, 'flask'],
  [/^django(\.|$)/, 'django'],
  [/^rest_framework(\.|$)/, 'django-rest-framework'],
  [/^starlette(\.|$)/, 'starlette'],
  [/^aiohttp\.web/, 'aiohttp'],
  [/^sanic(\.|$)/, 'sanic'],
  [/^quart(\.|$)/, 'quart'],
  [/^tornado(\.|$)/, 'tornado'],
  [/^falcon(\.|$)/, 'falcon'],
  [/^litestar(\.|$)/, 'litestar'],
  [/^express$/, 'express'],
  [/^koa$/, 'koa'],
  [/^@koa\/router$|^koa-router$/, 'koa'],
  [/^fastify$/, 'fastify'],
  [/^hono(\/|$)/, 'hono'],
  [/^@nestjs\/core$|^@nestjs\/common$/, 'nestjs'],
  [/^@hapi\/hapi$/, 'hapi'],
  [/^next(\/|$)/, 'next'],
  [/^react(-dom)?$/, 'react'],
  [/^vue$/, 'vue'],
  [/^svelte(\/|$)/, 'svelte'],
  [/^@angular\/core$/, 'angular'],
  [/^celery(\.|$)/, 'celery'],
  [/^rq(\.|$)/, 'rq'],
  [/^dramatiq(\.|$)/, 'dramatiq'],
  [/^arq(\.|$)/, 'arq'],
  [/^bullmq$/, 'bullmq'],
  [/^typer(\.|$)/, 'typer'],
  [/^click(\.|$)/, 'click'],
  [/^argparse$/, 'argparse'],
  [/^docopt$/, 'docopt'],
  [/^fire$/, 'fire'],
  [/^commander$/, 'commander'],
  [/^yargs(\/|$)/, 'yargs'],
  [/^meow$/, 'meow'],
  [/^arg$/, 'arg'],
  [/^cac$/, 'cac'],
  [/^@oclif\/core$/, 'oclif'],
  [/^clipanion$/, 'clipanion'],
];

const CLI_FRAMEWORKS = new Set(['typer', 'click', 'argparse', 'docopt', 'fire', 'commander', 'yargs', 'meow', 'arg', 'cac', 'oclif', 'clipanion']);
const WEB_PY = new Set(['fastapi', 'flask', 'django', 'django-rest-framework', 'starlette', 'aiohttp', 'sanic', 'quart', 'tornado', 'falcon', 'litestar']);
const WEB_JS = new Set(['express', 'koa', 'fastify', 'hono', 'nestjs', 'hapi']);

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
const PY_ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'route', 'websocket', 'trace']);
const JS_ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All']);

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

function stringArg(call: { args: CallFact['args']; kwargs: CallFact['kwargs'] }, kw?: string): string | undefined {
  const first = call.args[0];
  if (first?.kind === 'string') return String(first.value);
  const named = kw ? call.kwargs[kw] : undefined;
  return named?.kind === 'string' ? String(named.value) : undefined;
}

function joinRoute(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined === '' ? '/' : joined.startsWith('/') ? joined : `/${joined}`;
}

function handlerParams(fn: FunctionFact): string[] {
  return fn.params.flatMap((p) => [p.annotation, p.default?.kind === 'call' ? p.default.text : undefined, ...(p.decorators ?? []).map((d) => d.name)].filter((x): x is string => Boolean(x)));
}

function dependencyNames(text: string): string[] {
  return [...text.matchAll(/Depends\(\s*([\w.]+)/g)].map((m) => `Depends(${m[1] ?? ''})`);
}

function pythonRoutes(file: CodeFacts, framework: string): Route[] {
  const routes: Route[] = [];
  const prefixes = new Map<string, { prefix: string; guards: string[] }>();
  for (const call of file.calls) {
    if (!call.assignedTo || !/(^|\.)(APIRouter|Blueprint|FastAPI)$/.test(call.callee)) continue;
    const prefix = call.kwargs['prefix'] ?? call.kwargs['url_prefix'];
    prefixes.set(call.assignedTo, {
      prefix: prefix?.kind === 'string' ? String(prefix.value) : '',
      guards: dependencyNames(call.kwargs['dependencies']?.text ?? ''),
    });
  }
  for (const fn of file.functions) {
    for (const d of fn.decorators) {
      const dot = d.name.lastIndexOf('.');
      const owner = d.name.slice(0, dot);
      const method = d.name.slice(dot + 1);
      if (dot === -1 || !PY_ROUTE_METHODS.has(method)) continue;
      const path = stringArg(d, 'path') ?? stringArg(d, 'rule');
      if (path === undefined) continue;
      const router = prefixes.get(owner);
      const others = fn.decorators.filter((x) => x !== d).map((x) => x.name);
      routes.push({
        path: file.path,
        line: d.line,
        owner,
        method: method === 'route' || method === 'api_route' ? (d.kwargs['methods']?.text.replace(/[[\]'" ]/g, '') ?? 'GET') : method.toUpperCase(),
        route: joinRoute(router?.prefix ?? '', path),
        framework,
        handler: fn.qualifiedName,
        guards: [...(router?.guards ?? []), ...dependencyNames(d.kwargs['dependencies']?.text ?? ''), ...others],
        params: handlerParams(fn),
      });
    }
  }
  if (framework === 'django') {
    for (const call of file.calls) {
      if (!/^(path|re_path|url)$/.test(call.callee)) continue;
      const path = stringArg(call);
      if (path === undefined) continue;
      routes.push({ path: file.path, line: call.line, method: 'ANY', route: joinRoute('', path), framework, handler: call.args[1]?.text ?? '', guards: [], params: [] });
    }
  }
  return routes;
}

interface Include {
  /** file#variable of the router being included. */
  target: string;
  /** file#variable of the app/router it is included into. */
  parent: string;
  prefix: string | null;
  /** The include sits in an `if` body: where, and the condition. */
  when?: { path: string; line: number; condition: string };
  /** `include_router(..., dependencies=[Depends(x)])`: dependencies every included route gets. */
  guards: string[];
}

/** The file of a Python module (`app.routes.items` → …/app/routes/items.py or …/__init__.py). */
function moduleFile(module: string, files: readonly CodeFacts[]): string | undefined {
  const stem = module.replace(/\./g, '/');
  return files.find((f) => f.path.endsWith(`${stem}.py`) || f.path.endsWith(`${stem}/__init__.py`) || f.path === `${stem}.py`)?.path;
}

/** `parent.include_router(x.router, prefix="/api")` → the router `router` of module `x` gets `/api` in front. */
function pythonIncludes(file: CodeFacts, files: readonly CodeFacts[]): Include[] {
  const out: Include[] = [];
  for (const call of file.calls) {
    if (!/\.(include_router|register_blueprint)$/.test(call.callee)) continue;
    const arg = call.args[0];
    if (!arg || (arg.kind !== 'attribute' && arg.kind !== 'identifier')) continue;
    const prefixArg = call.kwargs['prefix'] ?? call.kwargs['url_prefix'];
    const prefix = prefixArg === undefined ? '' : prefixArg.kind === 'string' ? String(prefixArg.value) : null;
    const parent = `${file.path}#${call.callee.slice(0, call.callee.lastIndexOf('.'))}`;
    let target: string | undefined;
    if (arg.kind === 'attribute') {
      const [alias, variable] = [arg.text.slice(0, arg.text.lastIndexOf('.')), arg.text.slice(arg.text.lastIndexOf('.') + 1)];
      const imp = file.imports.find((i) => i.names.includes(alias) || i.alias === alias || i.module === alias);
      const module = imp ? (imp.names.includes(alias) ? `${imp.module}.${alias}` : imp.module) : undefined;
      const path = module ? moduleFile(module.replace(/^\.+/, ''), files) : undefined;
      if (path) target = `${path}#${variable}`;
    } else {
      const imp = file.imports.find((i) => i.names.includes(arg.text));
      const path = imp ? moduleFile(imp.module.replace(/^\.+/, ''), files) : file.path;
      if (path) target = `${path}#${arg.text}`;
    }
    const branch = file.branches?.find((b) => b.line <= call.line && call.line <= b.endLine);
    const guards = dependencyNames(call.kwargs['dependencies']?.text ?? '');
    if (target) out.push(branch ? { target, parent, prefix, guards, when: { path: file.path, line: call.line, condition: branch.condition } } : { target, parent, prefix, guards });
  }
  return out;
}

/** `app = FastAPI(dependencies=[...])` / `router = APIRouter(dependencies=[...])`: file#variable → dependencies. */
function constructorGuards(files: readonly CodeFacts[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    for (const call of file.calls) {
      if (!call.assignedTo || !/(^|\.)(APIRouter|FastAPI)$/.test(call.callee)) continue;
      const guards = dependencyNames(call.kwargs['dependencies']?.text ?? '');
      if (guards.length > 0) out.set(`${file.path}#${call.assignedTo}`, guards);
    }
  }
  return out;
}

function applyIncludePrefixes(routes: Route[], files: readonly CodeFacts[]): void {
  const python = files.filter((f) => f.language === 'python');
  const includes = python.flatMap((f) => pythonIncludes(f, files));
  const ownGuards = constructorGuards(python);
  type Resolved = { prefix: string; unknown: boolean; guards: string[]; when?: Include['when'] };
  const prefixOf = (key: string, seen: Set<string>): Resolved => {
    const include = includes.find((i) => i.target === key);
    if (!include || seen.has(key)) return { prefix: '', unknown: false, guards: [] };
    seen.add(key);
    const above = prefixOf(include.parent, seen);
    const when = include.when ?? above.when;
    const guards = [...above.guards, ...(ownGuards.get(include.parent) ?? []), ...include.guards];
    const resolved: Resolved = { prefix: joinRoute(above.prefix, include.prefix ?? ''), unknown: above.unknown || include.prefix === null, guards };
    return when ? { ...resolved, when } : resolved;
  };
  for (const route of routes) {
    if (!route.owner) continue;
    const { prefix, unknown, when, guards } = prefixOf(`${route.path}#${route.owner}`, new Set());
    if (prefix !== '/' && prefix !== '') route.route = joinRoute(prefix, route.route);
    if (unknown) route.prefixUnknown = true;
    if (when) route.includedWhen = when;
    for (const guard of guards) if (!route.guards.includes(guard)) route.guards.unshift(guard);
  }
}

function jsRoutes(file: CodeFacts, framework: string): Route[] {
  const routes: Route[] = [];
  if (framework === 'nestjs') {
    for (const cls of file.classes) {
      const controller = cls.decorators.find((d) => d.name === 'Controller');
      if (!controller) continue;
      const arg = controller.args[0];
      const prefixArg = arg?.kind === 'object' ? arg.props?.['path'] : arg;
      const prefix = prefixArg?.kind === 'string' ? String(prefixArg.value) : '';
      const classGuards = cls.decorators.filter((d) => d.name !== 'Controller').map((d) => d.text);
      for (const fn of file.functions) {
        if (fn.className !== cls.name) continue;
        const d = fn.decorators.find((x) => NEST_METHODS.has(x.name));
        if (!d) continue;
        const path = d.args[0]?.kind === 'string' ? String(d.args[0].value) : '';
        routes.push({
          path: file.path,
          line: d.line,
          method: d.name.toUpperCase(),
          route: joinRoute(prefix, path),
          framework,
          handler: fn.qualifiedName,
          guards: [...classGuards, ...fn.decorators.filter((x) => x !== d).map((x) => x.text)],
          params: handlerParams(fn),
        });
      }
    }
    return routes;
  }
  for (const call of file.calls) {
    const dot = call.callee.lastIndexOf('.');
    if (dot === -1 || !JS_ROUTE_METHODS.has(call.callee.slice(dot + 1))) continue;
    const path = call.args[0]?.kind === 'string' ? String(call.args[0].value) : undefined;
    if (path === undefined || !path.startsWith('/') || call.args.length < 2) continue;
    const middle = call.args.slice(1, -1).map((a) => a.text);
    const last = call.args[call.args.length - 1];
    routes.push({ path: file.path, line: call.line, method: call.callee.slice(dot + 1).toUpperCase(), route: path, framework, handler: last?.kind === 'identifier' || last?.kind === 'attribute' ? last.text : '(inline)', guards: middle, params: [] });
  }
  return routes;
}

/**
 * Route modules that receive the app or router as a parameter (`module.exports = (app) => { app.get('/x', h) }`)
 * import no framework themselves: their routes belong to the project's JS web framework (express, koa, fastify …).
 */
function handedRoutes(files: readonly CodeFacts[], frameworks: readonly string[]): Route[] {
  const web = frameworks.find((f) => WEB_JS.has(f) && f !== 'nestjs');
  if (!web) return [];
  return files.flatMap((file) =>
    jsRoutes(file, web).filter((r) => file.calls.some((c) => c.line === r.line && /^(app|router|routes|api|server|apiRouter|r)\.\w+$/.test(c.callee))),
  );
}

function frameworkOf(file: CodeFacts): string[] {
  const names = new Set<string>();
  for (const imp of file.imports) {
    if (imp.relative) continue;
    const hit = FRAMEWORKS.find(([re]) => re.test(imp.module));
    if (hit) names.add(hit[1]);
  }
  return [...names];
}

const SERVER_CALLEE = /^(FastAPI|Flask|Starlette|Sanic|Quart|Litestar|web\.Application|aiohttp\.web\.Application|express|fastify|Fastify|Koa|Hono|NestFactory\.create|http\.createServer|https\.createServer|http2\.createSecureServer|uvicorn\.run|get_wsgi_application|get_asgi_application)$/;
const LISTEN_CALLEE = /(^|\.)(listen|run)$/;
const WORKER_CALLEE = /^(Celery|celery\.Celery|Worker|rq\.Worker|KafkaConsumer|AIOKafkaConsumer|Consumer|dramatiq\.actor|BlockingScheduler|AsyncIOScheduler|BackgroundScheduler|cron\.schedule|schedule\.every|new Worker)$/;
const MIDDLEWARE_CALLEE = /(^|\.)(use|add_middleware|useGlobalGuards|useGlobalPipes|useGlobalInterceptors|useGlobalFilters|include_router|register_blueprint|before_request|middleware)$/;
const LOGGING_SETUP = /^(logging\.basicConfig|logging\.config\.dictConfig|logging\.config\.fileConfig|structlog\.configure|logger\.add|loguru\.logger\.add|pino|winston\.createLogger|createLogger|bunyan\.createLogger|Logger)$/;
const ENGINE_CALLEE = /^(create_engine|create_async_engine|sqlalchemy\.create_engine|sqlalchemy\.ext\.asyncio\.create_async_engine|sqlite3\.connect|aiosqlite\.connect|psycopg2\.connect|psycopg\.connect|asyncpg\.connect|asyncpg\.create_pool|pymysql\.connect|MongoClient|AsyncIOMotorClient|redis\.Redis|redis\.from_url|Redis|Pool|Client|createPool|createConnection|DataSource|Sequelize|knex|PrismaClient|mongoose\.connect)$/;

export function buildRuntimeInventory(files: readonly FileFacts[], production: readonly CodeFacts[]): RuntimeInventory {
  const frameworkFiles = new Map<string, Set<string>>();
  const routes: Route[] = [];
  const servers: Located[] = [];
  const globalMiddleware: Located[] = [];
  const workers: Located[] = [];
  const cliFrameworks: Located[] = [];
  const logging: Located[] = [];
  const data: DataInventory = { libraries: [], engines: [], createAll: [], sqlitePragmas: [], migrations: [] };
  const unframed: CodeFacts[] = [];
  for (const file of production) {
    const frameworks = frameworkOf(file);
    for (const f of frameworks) {
      const set = frameworkFiles.get(f) ?? new Set<string>();
      set.add(file.path);
      frameworkFiles.set(f, set);
      if (CLI_FRAMEWORKS.has(f)) cliFrameworks.push({ path: file.path, line: file.imports.find((i) => FRAMEWORKS.find(([re, n]) => n === f && re.test(i.module)))?.line ?? 1, detail: f });
    }
    const web = frameworks.find((f) => WEB_PY.has(f) || WEB_JS.has(f));
    if (web) routes.push(...(file.language === 'python' ? pythonRoutes(file, web) : jsRoutes(file, web)));
    else if (file.language !== 'python') unframed.push(file);
    for (const call of file.calls) {
      const callee = call.isNew ? `new ${call.callee}` : call.callee;
      // A bare `createServer` is an HTTP server only when it comes from node:http(s); net.createServer is IPC.
      const httpCreateServer = call.callee === 'createServer' && file.imports.some((i) => /^(node:)?https?$/.test(i.module) && i.names.includes('createServer'));
      if ((SERVER_CALLEE.test(call.callee) || httpCreateServer) && (file.language !== 'python' || call.callee !== 'Worker')) servers.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
      else if (LISTEN_CALLEE.test(call.callee) && web && call.fn === -1 && /^(app|server|application|api|fastify|httpServer)\./.test(call.callee)) servers.push({ path: file.path, line: call.line, detail: `${call.callee}(…)` });
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
      for (const d of fn.decorators) if (/(\.task|^shared_task|^dramatiq\.actor|^actor|\.scheduled_job|^app\.on_after_configure\.connect)$/.test(d.name)) workers.push({ path: file.path, line: d.line, detail: `@${d.name}` });
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
  routes.push(...handedRoutes(unframed, [...frameworkFiles.keys()]));
  applyIncludePrefixes(routes, production);
  const sortedRoutes = routes.sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line);
  return {
    frameworks: [...frameworkFiles.entries()].map(([name, set]) => ({ name, files: set.size })).sort((a, b) => byCodePoint(a.name, b.name)),
    routes: sortedRoutes,
    health: sortedRoutes.filter((r) => HEALTH_PATH.test(r.route)),
    servers,
    globalMiddleware,
    workers,
    cliFrameworks,
    httpClients: [...clients.entries()].map(([name, v]) => ({ name, files: v.files.size })).sort((a, b) => byCodePoint(a.name, b.name)),
    logging,
    observability: [...observability.entries()].map(([name, v]) => ({ name, files: v.files.size, kind: v.extra ?? 'metrics' })).sort((a, b) => byCodePoint(a.name, b.name)),
    data,
  };
}

