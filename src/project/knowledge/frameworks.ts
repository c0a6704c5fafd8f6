/**
 * One table of framework knowledge: which imports, packages, files and objects mean a web server, a full-stack
 * application, a command line, a job worker, a scheduler or a front end. Component detection, the runtime
 * inventory, execution contexts and probes read it; extend it here when a real repository shows a framework that
 * is missing, never in the code that uses it.
 */

export type FrameworkKind =
  /** Serves HTTP from a process it starts (FastAPI, Express, NestJS …): routes read from the code. */
  | 'web-server'
  /** Renders a front end and serves requests from route files of its own (Next.js, SvelteKit, Nuxt, Remix). */
  | 'full-stack'
  /** A UI library or an application framework that builds one (React, Vue, Angular). */
  | 'front-end'
  | 'cli'
  /** Consumes jobs or messages (Celery, BullMQ, kafkajs). */
  | 'worker'
  /** Runs code on a schedule inside the process (APScheduler, node-cron). */
  | 'scheduler'
  /** Data access and validation libraries listed in the profile. */
  | 'data';

export interface Framework {
  /** Name in the profile and the runtime inventory. */
  name: string;
  kind: FrameworkKind;
  language: 'python' | 'javascript';
  /** Import specifiers that mean the framework is used. */
  imports: RegExp;
  /** Distribution names that bring it, as declared in manifests. */
  packages: readonly string[];
}

const py = (name: string, kind: FrameworkKind, imports: RegExp, packages: readonly string[] = [name]): Framework => ({ name, kind, language: 'python', imports, packages });
const js = (name: string, kind: FrameworkKind, imports: RegExp, packages: readonly string[] = [name]): Framework => ({ name, kind, language: 'javascript', imports, packages });

export const FRAMEWORKS: readonly Framework[] = [
  py('fastapi', 'web-server', /^fastapi(\.|$)/),
  py('flask', 'web-server', /^flask(\.|$)/),
  py('django', 'web-server', /^django(\.|$)/),
  py('django-rest-framework', 'web-server', /^rest_framework(\.|$)/, ['djangorestframework']),
  py('starlette', 'web-server', /^starlette(\.|$)/),
  py('aiohttp', 'web-server', /^aiohttp\.web/),
  py('sanic', 'web-server', /^sanic(\.|$)/),
  py('quart', 'web-server', /^quart(\.|$)/),
  py('tornado', 'web-server', /^tornado(\.|$)/),
  py('falcon', 'web-server', /^falcon(\.|$)/),
  py('litestar', 'web-server', /^litestar(\.|$)/),
  js('express', 'web-server', /^express$/),
  js('koa', 'web-server', /^koa$|^@koa\/router$|^koa-router$/, ['koa']),
  js('fastify', 'web-server', /^fastify$/),
  js('hono', 'web-server', /^hono(\/|$)/),
  js('nestjs', 'web-server', /^@nestjs\/core$|^@nestjs\/common$/, ['@nestjs/core']),
  js('hapi', 'web-server', /^@hapi\/hapi$/, ['@hapi/hapi']),
  // Express under another name: decorators (overnightjs) or an inversify container (inversify-express-utils).
  js('overnightjs', 'web-server', /^@overnightjs\/core$/, ['@overnightjs/core']),
  js('inversify-express-utils', 'web-server', /^inversify-express-utils$/),
  js('next', 'full-stack', /^next(\/|$)/),
  js('nuxt', 'full-stack', /^nuxt(\/|$)|^#app$|^#imports$/),
  js('sveltekit', 'full-stack', /^@sveltejs\/kit(\/|$)|^\$app\//, ['@sveltejs/kit']),
  js('remix', 'full-stack', /^@remix-run\/(node|react|server-runtime|cloudflare)$/, ['@remix-run/react', '@remix-run/node']),
  js('react-router', 'full-stack', /^@react-router\/(node|dev|cloudflare)$/, ['@react-router/node', '@react-router/dev']),
  js('astro', 'full-stack', /^astro(\/|:|$)/),
  js('react', 'front-end', /^react(-dom)?$/, ['react']),
  js('vue', 'front-end', /^vue$/),
  js('svelte', 'front-end', /^svelte(\/|$)/),
  js('angular', 'front-end', /^@angular\/core$/, ['@angular/core']),
  py('celery', 'worker', /^celery(\.|$)/),
  py('rq', 'worker', /^rq(\.|$)/),
  py('dramatiq', 'worker', /^dramatiq(\.|$)/),
  py('arq', 'worker', /^arq(\.|$)/),
  py('huey', 'worker', /^huey(\.|$)/),
  js('bullmq', 'worker', /^bullmq$/),
  js('bull', 'worker', /^bull$/),
  js('kafkajs', 'worker', /^kafkajs$/),
  js('graphile-worker', 'worker', /^graphile-worker$/),
  js('sqs-consumer', 'worker', /^sqs-consumer$/),
  py('apscheduler', 'scheduler', /^apscheduler(\.|$)/),
  py('schedule', 'scheduler', /^schedule$/),
  js('node-cron', 'scheduler', /^node-cron$/),
  js('node-schedule', 'scheduler', /^node-schedule$/),
  js('cron', 'scheduler', /^cron$/),
  js('bree', 'scheduler', /^bree$/),
  py('typer', 'cli', /^typer(\.|$)/),
  py('click', 'cli', /^click(\.|$)/, ['click', 'rich-click']),
  py('argparse', 'cli', /^argparse$/, []),
  py('docopt', 'cli', /^docopt$/),
  py('fire', 'cli', /^fire$/),
  py('cleo', 'cli', /^cleo(\.|$)/),
  js('commander', 'cli', /^commander$/),
  js('yargs', 'cli', /^yargs(\/|$)/),
  js('meow', 'cli', /^meow$/),
  js('arg', 'cli', /^arg$/),
  js('cac', 'cli', /^cac$/),
  js('oclif', 'cli', /^@oclif\/core$/, ['@oclif/core']),
  js('clipanion', 'cli', /^clipanion$/),
  py('sqlalchemy', 'data', /^sqlalchemy(\.|$)|^sqlmodel(\.|$)/, ['sqlalchemy', 'sqlmodel']),
  py('pydantic', 'data', /^pydantic(\.|$)/),
  js('typeorm', 'data', /^typeorm$/),
  js('mongoose', 'data', /^mongoose$/),
  js('prisma', 'data', /^@prisma\/client$/, ['@prisma/client']),
];

export function frameworksOfKind(...kinds: FrameworkKind[]): Framework[] {
  return FRAMEWORKS.filter((f) => kinds.includes(f.kind));
}

/** The framework an import specifier means, if any. */
export function frameworkOfImport(module: string): Framework | undefined {
  return FRAMEWORKS.find((f) => f.imports.test(module));
}

/** Distribution names of frameworks of these kinds. */
export function packagesOf(...kinds: FrameworkKind[]): ReadonlySet<string> {
  return new Set(frameworksOfKind(...kinds).flatMap((f) => f.packages));
}

/** Web servers whose routes are declared some other way (class decorators of overnightjs, an inversify container). */
const ROUTES_NOT_READ = new Set(['overnightjs', 'inversify-express-utils']);
/** Frameworks whose routes the runtime inventory reads from decorators and router calls. */
export const ROUTED_FRAMEWORKS: ReadonlySet<string> = new Set(
  frameworksOfKind('web-server')
    .map((f) => f.name)
    .filter((n) => !ROUTES_NOT_READ.has(n)),
);
export const WEB_PY: ReadonlySet<string> = new Set(frameworksOfKind('web-server').filter((f) => f.language === 'python').map((f) => f.name));
export const WEB_JS: ReadonlySet<string> = new Set(frameworksOfKind('web-server').filter((f) => f.language === 'javascript').map((f) => f.name));
export const CLI_FRAMEWORKS: ReadonlySet<string> = new Set(frameworksOfKind('cli').map((f) => f.name));
/** Frameworks that serve routes from files or conventions (`app/api/…/route.ts`, `+server.ts`) the inventory does not read. */
export const FILE_ROUTED_FRAMEWORKS: ReadonlySet<string> = new Set(frameworksOfKind('full-stack').map((f) => f.name));

/** UI libraries: a package that depends on one with a bundler builds a front end. */
export const UI_PACKAGES: ReadonlySet<string> = new Set(['react', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact', 'lit']);
/** Application frameworks that are front ends on their own (they bring their UI library). */
export const APP_FRAMEWORK_PACKAGES: ReadonlySet<string> = new Set(['next', 'nuxt', '@sveltejs/kit', 'astro', 'gatsby', '@remix-run/react', '@react-router/dev', 'react-scripts', '@angular/core', 'quasar', '@vue/cli-service']);
export const BUNDLER_PACKAGES: ReadonlySet<string> = new Set(['vite', 'webpack', 'next', 'nuxt', 'react-scripts', '@sveltejs/kit', 'parcel', '@angular/cli', 'astro', '@remix-run/dev', '@react-router/dev', 'gatsby', 'esbuild', 'rollup']);

/** UI frameworks, and libraries that only run against a DOM (rich-text editors built on ProseMirror, jQuery). */
export const BROWSER_MODULES: readonly string[] = ['react', 'react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact', '@tiptap/core', '@tiptap/react', '@tiptap/vue-3', 'prosemirror-state', 'prosemirror-view', 'jquery'];

/**
 * Objects and calls that start or build a server: app objects (`FastAPI()`, `express()`, `new Hono()`), server
 * factories and runners (`uvicorn.run`, `http.createServer`).
 */
export const SERVER_CALLEE =
  /^(FastAPI|Flask|Starlette|Sanic|Quart|Litestar|web\.Application|aiohttp\.web\.Application|express|fastify|Fastify|Koa|Hono|NestFactory\.create|InversifyExpressServer|http\.createServer|https\.createServer|http2\.createSecureServer|uvicorn\.run|uvicorn\.Server|web\.run_app|aiohttp\.web\.run_app|get_wsgi_application|get_asgi_application)$/;
/**
 * `app.listen(…)`, `server.run(…)` at module level, or `serverInstance.listen(…)`, `server.app.listen(…)` anywhere
 * (often in the `.then` of a database connection): the call that starts serving, in a file of a web framework.
 */
export function startsServer(callee: string, moduleLevel: boolean): boolean {
  if (moduleLevel && /^(app|server|application|api|fastify|httpServer)\./.test(callee) && /\.(listen|run)$/.test(callee)) return true;
  return /^(\w+\.)?\w*([sS]erver|[aA]pp)\w*\.listen$/.test(callee);
}

/** Objects that consume jobs or run schedules: Celery apps, RQ/BullMQ workers, Kafka consumers, schedulers. */
export const WORKER_CALLEE =
  /^(Celery|celery\.Celery|Worker|rq\.Worker|KafkaConsumer|AIOKafkaConsumer|Consumer|dramatiq\.actor|BlockingScheduler|AsyncIOScheduler|BackgroundScheduler|cron\.schedule|schedule\.every|schedule\.run_pending|schedule\.scheduleJob|scheduleJob|new Worker|new CronJob|CronJob\.from|new Bree)$/;
/** Decorators of job handlers and scheduled jobs. */
export const WORKER_DECORATOR = /(\.task|^shared_task|^dramatiq\.actor|^actor|\.scheduled_job|^app\.on_after_configure\.connect|\.periodic_task|^periodic_task|^db_periodic_task|^\w*scheduler\.(add|cron|interval|every))$/;

/**
 * Files a full-stack framework runs on the server: route handlers and API routes (Next.js `app/**\/route.ts`,
 * `pages/api/`), SvelteKit `+server.ts`/`+page.server.ts`/`hooks.server.ts`, Nuxt `server/`, Remix and React
 * Router `*.server.ts`, and server-only folders (`src/server/`, `src/lib/server/`).
 */
export const FULL_STACK_SERVER_FILE =
  /(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$|(^|\/)pages\/api\/|(^|\/)\+(page|layout)?\.?server\.[jt]s$|(^|\/)\+server\.[jt]s$|(^|\/)hooks\.server\.[jt]s$|\.server\.[cm]?[jt]sx?$|(^|\/)(src\/)?(lib\/)?server\/|(^|\/)instrumentation\.[jt]s$/;
/** Edge middleware of Next.js (`middleware.ts` beside `app/` or `pages/`): it runs in the edge runtime by default. */
export const EDGE_MIDDLEWARE_FILE = /(^|\/)(src\/)?middleware\.[jt]s$/;

/** Commands that start a web server (image CMD, Procfile, compose `command`). */
export const SERVER_COMMAND =
  /\b(uvicorn|gunicorn|hypercorn|daphne|granian|waitress-serve|uwsgi|fastapi\s+(run|dev)|flask\s+run|manage\.py\s+runserver|node\s+\S*(server|main|app|index)\S*|nest\s+start|npm\s+(run\s+)?start|pm2(-runtime)?|next\s+start|nginx)\b/;
/** Commands that start a job worker or a scheduler. */
export const WORKER_COMMAND = /\b(celery\s+(-A\s+\S+\s+)?worker|celery\s+.*\bbeat\b|rq\s+worker|dramatiq|arq\s|huey_consumer)\b/;
/** Process names that say a deployed process consumes jobs: a compose service `worker`, `app-worker`, `celery-beat`, `scheduler`. */
export const WORKER_PROCESS_NAME = /(^|[-_.])(workers?|consumers?|processors?|scheduler|beat|cron\w*|jobs?|queue|celery|rq)([-_.]|\d*$)/i;
