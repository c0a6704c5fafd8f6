/**
 * Where work enters the code: request handlers (the routes of the runtime inventory, Django views named in a
 * URLconf, class-based views) and job handlers (task decorators, queue consumers, schedulers). A failure inside one
 * decides what the caller sees: an HTTP answer, or a job marked done. Computed once per file.
 */
import type { CodeFacts, FunctionFact } from '../facts/types.js';
import type { Route } from './inventory/runtime.js';
import type { Project } from './project.js';
import { resolveClass, resolveFunctions, type FunctionRef } from './surface/code.js';

export interface EntryPoint {
  kind: 'route' | 'job';
  /** `POST /items`, `task process_upload`, `consumer of 'emails'`. */
  label: string;
  /** Index of the entry function in its file's `functions`. */
  fn: number;
}

/** Decorators that make a function a background job: Celery, Dramatiq, RQ, Huey, APScheduler, NestJS schedulers and queues. */
export const JOB_DECORATOR = /(^|\.)(task|shared_task|actor|job|periodic_task|db_periodic_task|scheduled_job|Cron|Interval|Timeout|Process|OnQueueActive|EventPattern|MessagePattern|RabbitSubscribe|SqsMessageHandler)$/;
/** Calls that take a callback run once per job or message: BullMQ `new Worker(q, fn)`, `queue.process(fn)`, amqplib `channel.consume(q, fn)`, Agenda `define`, node-cron `schedule`. */
export const JOB_CALLBACK = /(^|\.)(Worker|schedule|scheduleJob|setInterval|define|process|consume|subscribe)$/;
/** Callback properties of message consumers: kafkajs `consumer.run({ eachMessage })`. */
const JOB_PROPERTY = /^(eachMessage|eachBatch|handleMessage|handleMessageBatch)$/;
/** Events of consumers that deliver one message or job: `consumer.on('message', fn)`. */
const JOB_EVENT = /^(message|job|data)$/;

/** Methods of a class-based view that answer a request (Django, DRF). */
const VIEW_METHOD = /^(get|post|put|patch|delete|head|options|create|update|partial_update|destroy|list|retrieve|perform_create|perform_update|perform_destroy|form_valid)$/;
const VIEW_BASE = /(View|ViewSet|APIView|Mixin)$/;

const cache = new WeakMap<CodeFacts, Map<number, EntryPoint>>();

function jobLabel(fn: FunctionFact): string | undefined {
  const decorator = fn.decorators.find((d) => JOB_DECORATOR.test(d.name));
  if (decorator) return `job \`${fn.qualifiedName}\` (@${decorator.name})`;
  if (fn.passedTo !== undefined && JOB_CALLBACK.test(fn.passedTo)) return `job handler passed to \`${fn.passedTo}\`${fn.eventName ? ` ('${fn.eventName}')` : ''}`;
  if (fn.passedTo !== undefined && /(^|\.)on$/.test(fn.passedTo) && JOB_EVENT.test(fn.eventName ?? '')) return `'${fn.eventName ?? ''}' handler of \`${fn.passedTo}\``;
  if (JOB_PROPERTY.test(fn.name)) return `message handler \`${fn.name}\``;
  return undefined;
}

/** Names that Django URLconfs of the project route to (`views.index`, `ItemView.as_view()` → index, ItemView). */
function djangoViewNames(project: Project): Set<string> {
  const names = new Set<string>();
  for (const route of project.inventory.runtime.routes) {
    if (route.framework !== 'django' || !route.handler) continue;
    const name = /([A-Za-z_]\w*)(\.as_view\b.*)?$/.exec(route.handler.replace(/\(.*$/s, ''))?.[1];
    if (name) names.add(name);
  }
  return names;
}

const viewNameCache = new WeakMap<Project, Set<string>>();

function routedViews(project: Project): Set<string> {
  let names = viewNameCache.get(project);
  if (!names) {
    names = djangoViewNames(project);
    viewNameCache.set(project, names);
  }
  return names;
}

function buildEntryPoints(project: Project, file: CodeFacts): Map<number, EntryPoint> {
  const out = new Map<number, EntryPoint>();
  const routes = project.inventory.runtime.routes.filter((r) => r.path === file.path);
  const views = file.language === 'python' ? routedViews(project) : new Set<string>();
  const viewClasses = new Set(file.classes.filter((c) => views.has(c.name) || c.bases.some((b) => VIEW_BASE.test(b))).map((c) => c.name));
  file.functions.forEach((fn, index) => {
    const route = routes.find(
      (r) =>
        r.handler === fn.qualifiedName ||
        (fn.passedTo !== undefined && r.line <= fn.line && fn.line <= r.line + 1 && fn.passedTo.toLowerCase().endsWith(`.${r.method.toLowerCase()}`)),
    );
    if (route) {
      out.set(index, { kind: 'route', label: `${route.method} ${route.route}`, fn: index });
      return;
    }
    if (fn.parent === -1 && fn.className === undefined && views.has(fn.name)) {
      out.set(index, { kind: 'route', label: `view \`${fn.name}\``, fn: index });
      return;
    }
    if (fn.className !== undefined && viewClasses.has(fn.className) && VIEW_METHOD.test(fn.name)) {
      out.set(index, { kind: 'route', label: `view \`${fn.qualifiedName}\``, fn: index });
      return;
    }
    const job = jobLabel(fn);
    if (job) out.set(index, { kind: 'job', label: job, fn: index });
  });
  return out;
}

/** The request and job handlers of one file, by function index. */
export function entryPoints(project: Project, file: CodeFacts): Map<number, EntryPoint> {
  let found = cache.get(file);
  if (!found) {
    found = buildEntryPoints(project, file);
    cache.set(file, found);
  }
  return found;
}

/** The entry point a function belongs to: itself, or the nearest enclosing function that is one. */
export function enclosingEntryPoint(project: Project, file: CodeFacts, fn: number): EntryPoint | undefined {
  const entries = entryPoints(project, file);
  for (let i = fn; i >= 0; i = file.functions[i]?.parent ?? -1) {
    const entry = entries.get(i);
    if (entry) return entry;
  }
  return undefined;
}

const handlerCache = new WeakMap<Route, FunctionRef | null>();

/**
 * The function that answers a route: the decorated function or inline callback at the route, a method of its
 * controller or view class, or a function it names in its own module, an imported one, a sibling package's
 * (`router.post('/x', auth, controller.create)`, `path('x/', views.create)`).
 */
export function routeHandler(project: Project, route: Route): FunctionRef | undefined {
  const cached = handlerCache.get(route);
  if (cached !== undefined) return cached ?? undefined;
  const file = project.file(route.path);
  let found: FunctionRef | undefined;
  if (file?.kind === 'code') {
    const at = (predicate: (fn: FunctionFact) => boolean): FunctionRef | undefined => {
      const index = file.functions.findIndex(predicate);
      const fn = file.functions[index];
      return fn ? { file, fn, index } : undefined;
    };
    found =
      (route.handlerLine !== undefined ? at((f) => f.line === route.handlerLine) : undefined) ??
      at((f) => f.qualifiedName === route.handler && f.line >= route.line) ??
      at((f) => f.qualifiedName === route.handler);
    if (!found && route.handler && route.handler !== '(inline)') {
      const name = route.handler.replace(/\.as_view\(.*$/s, '').replace(/\(.*$/s, '');
      found = resolveFunctions(project, file, name)[0];
      if (!found) {
        // A class-based view or resource named by the route: its first request method.
        const cls = resolveClass(project, file, name);
        if (cls) {
          const index = cls.file.functions.findIndex((f) => f.className === cls.cls.name && /^(get|post|put|patch|delete|create|list|dispatch)$/.test(f.name));
          const fn = cls.file.functions[index];
          if (fn) found = { file: cls.file, fn, index };
        }
      }
    }
  }
  handlerCache.set(route, found ?? null);
  return found;
}
