/**
 * Where a file's code runs, from evidence: its role, its path, what it imports and calls, and the framework of the
 * package it belongs to. Rules that assume a Node or Python process (an unhandled rejection ends the process, a
 * message comes from a queue, a handler runs in a server) ask here first: the same line means something else in a
 * browser tab or an edge isolate.
 *
 * - `server`: a Node or Python process — a service, a command, a script;
 * - `worker`: a process that consumes jobs or runs schedules (the file builds or decorates job handlers);
 * - `browser`: a web page or a service worker — a bundled front end, a script served from `static/` or `public/`,
 *   a module of a UI framework or one that drives the DOM;
 * - `edge`: an edge runtime isolate (Cloudflare Workers, Next.js middleware, `runtime = 'edge'` routes);
 * - `test`: test code; `build`: configuration of build and test tools.
 */
import type { CodeFacts } from '../facts/types.js';
import { BROWSER_MODULES, EDGE_MIDDLEWARE_FILE, FRAMEWORKS, FULL_STACK_SERVER_FILE, WORKER_CALLEE, WORKER_DECORATOR } from './knowledge/frameworks.js';
import { manifestsFor } from './manifests/index.js';
import type { Manifest } from './manifests/types.js';

export type ExecutionContext = 'server' | 'worker' | 'browser' | 'edge' | 'test' | 'build';

export interface ContextDecision {
  context: ExecutionContext;
  /** Why, in words a reader can check. */
  reason: string;
  /** The line that decided it, when it is not the path. */
  line?: number;
}

/** What the package around a file says about it. */
export interface PackageContext {
  /** The full-stack framework the file's package depends on (`next`, `sveltekit`, `nuxt`, `remix`, `react-router`). */
  fullStack?: string;
  /** The edge runtime configuration beside the file's package (`wrangler.toml`). */
  edgeConfig?: string;
}

const EDGE_CONFIGS = ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc'];

/** The package context of a file: from its nearest package.json and the files beside it. */
export function packageContextOf(path: string, manifests: readonly Manifest[], exists: (path: string) => boolean): PackageContext {
  const manifest = manifestsFor(manifests, path, 'node')[0];
  if (!manifest) return {};
  const out: PackageContext = {};
  const deps = new Set(manifest.dependencies.map((d) => d.normalized));
  const fullStack = FRAMEWORKS.find((f) => f.kind === 'full-stack' && f.packages.some((p) => deps.has(p)));
  if (fullStack) out.fullStack = fullStack.name;
  const base = manifest.dir === '.' ? '' : `${manifest.dir}/`;
  const edge = EDGE_CONFIGS.map((n) => `${base}${n}`).find(exists);
  if (edge) out.edgeConfig = edge;
  return out;
}

/** Folders whose scripts a web server hands to browsers as they are. */
const SERVED_FOLDER = /(^|\/)(static|public|assets|wwwroot|htdocs|templates)\//;
/** Calls that only exist in a browser: the DOM, browser storage, the window. */
const DOM_CALL = /^(document|window|localStorage|sessionStorage)\./;
/** Modules that render React outside a browser: a terminal UI, e-mails rendered on the server. */
const NON_BROWSER_REACT = /^(ink|ink-[\w-]+|@react-email\/[\w-]+|react-email|@react-pdf\/renderer|react-dom\/server)$/;

function decision(context: ExecutionContext, reason: string, line?: number): ContextDecision {
  return line === undefined ? { context, reason } : { context, reason, line };
}

/** The context a file's own evidence decides, or undefined when only its component can tell. */
export function intrinsicContext(file: CodeFacts, pkg: PackageContext): ContextDecision | undefined {
  if (file.role === 'test' || file.role === 'fixture') return decision('test', 'a test file');
  if (file.role === 'config') return decision('build', 'configuration of a build or test tool');
  if (file.language === 'python') return workerEvidence(file);
  if (pkg.edgeConfig) return decision('edge', `its package deploys to an edge runtime (${pkg.edgeConfig})`);
  const edgeRuntime = file.bindings.find((b) => b.name === 'runtime' && b.value.value === 'edge' && b.fn === -1);
  if (edgeRuntime) return decision('edge', "`export const runtime = 'edge'`", edgeRuntime.line);
  if (pkg.fullStack === 'next' && EDGE_MIDDLEWARE_FILE.test(file.path)) return decision('edge', 'Next.js middleware (edge runtime)');
  if (pkg.fullStack && FULL_STACK_SERVER_FILE.test(file.path)) return decision('server', `a server file of ${pkg.fullStack} (route handler, API route, server hook or server-only module)`);
  if (SERVED_FOLDER.test(file.path) && file.language === 'javascript' && file.role !== 'template') return decision('browser', `served to browsers from \`${SERVED_FOLDER.exec(file.path)?.[2] ?? 'static'}/\``);
  const dom = file.calls.find((c) => DOM_CALL.test(c.callee));
  if (dom) return decision('browser', `drives the DOM (\`${dom.callee}\`)`, dom.line);
  const amd = file.calls.find((c) => c.fn === -1 && (c.callee === 'define' || c.callee === 'require') && c.args.some((a) => a.kind === 'array') && c.args.some((a) => a.kind === 'lambda'));
  if (amd) return decision('browser', 'an AMD module (`define([...], function …)`) loaded by a browser', amd.line);
  const serverReact = file.imports.find((i) => NON_BROWSER_REACT.test(i.module));
  if (!serverReact) {
    const ui = file.imports.find((i) => !i.typeOnly && BROWSER_MODULES.some((m) => i.module === m || i.module.startsWith(`${m}/`)));
    if (ui) return decision('browser', `a module of a UI framework (imports \`${ui.module}\`)`, ui.line);
    if (/\.[jt]sx$/.test(file.path)) return decision('browser', 'a JSX component');
  }
  return workerEvidence(file);
}

/** A file that builds job consumers or decorates job handlers runs in a worker process. */
function workerEvidence(file: CodeFacts): ContextDecision | undefined {
  const decorated = file.functions.flatMap((f) => f.decorators).find((d) => WORKER_DECORATOR.test(d.name));
  if (decorated) return decision('worker', `defines job handlers (\`@${decorated.name}\`)`, decorated.line);
  const consumer = file.calls.find((c) => WORKER_CALLEE.test(c.isNew ? `new ${c.callee}` : c.callee) && !(c.isNew && c.callee === 'Worker' && !file.imports.some((i) => i.module === 'bullmq')));
  if (consumer) return decision('worker', `builds a job consumer (\`${consumer.callee}\`)`, consumer.line);
  return undefined;
}
