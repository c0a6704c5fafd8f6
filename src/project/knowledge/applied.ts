/**
 * Applied, not defined: is a function, class or constant of the code actually used? A retry helper nobody calls, an
 * exception class nobody raises, a validator nobody runs earn no credit. Names are matched by their last segment
 * (`self.client.get` → `get`), across the production code and its configuration, once per project.
 */
import type { FunctionFact } from '../../facts/types.js';
import type { Project } from '../project.js';

interface UseIndex {
  /** Last segment of every callee (`module.helper` → `helper`), with how many call sites. */
  called: Map<string, number>;
  /** Identifiers passed as arguments or assigned (`app.use(guard)`, `handler = guard`): references that are not calls. */
  referenced: Set<string>;
}

const cache = new WeakMap<Project, UseIndex>();

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

function index(project: Project): UseIndex {
  let found = cache.get(project);
  if (found) return found;
  found = { called: new Map(), referenced: new Set() };
  for (const file of project.code({ roles: ['source', 'script', 'config'] })) {
    for (const call of file.calls) {
      const name = lastSegment(call.callee);
      found.called.set(name, (found.called.get(name) ?? 0) + 1);
      for (const arg of [...call.args, ...Object.values(call.kwargs)]) {
        if (arg.kind === 'identifier' || arg.kind === 'attribute' || arg.kind === 'array' || arg.kind === 'object') for (const id of arg.text.match(IDENTIFIER) ?? []) found.referenced.add(id);
      }
    }
    for (const b of file.bindings) if (b.value.kind === 'identifier' || b.value.kind === 'attribute') found.referenced.add(lastSegment(b.value.text));
    for (const fn of file.functions) for (const d of fn.decorators) for (const id of d.text.match(IDENTIFIER) ?? []) found.referenced.add(id);
  }
  cache.set(project, found);
  return found;
}

/** How many call sites call something by this name (its last segment). */
export function callSites(project: Project, name: string): number {
  return index(project).called.get(lastSegment(name)) ?? 0;
}

/** The name is called, or passed/assigned as a value somewhere in the code. */
export function isUsed(project: Project, name: string): boolean {
  const short = lastSegment(name);
  const i = index(project);
  return (i.called.get(short) ?? 0) > 0 || i.referenced.has(short);
}

/** Decorators that make the framework call a function: validators, routes, handlers, hooks, fixtures. */
const FRAMEWORK_CALLED = /(^|\.)(model_validator|field_validator|validator|root_validator|validates|on_event|before_request|after_request|middleware|get|post|put|patch|delete|route|api_view|task|shared_task|command|callback|listener|receiver|fixture|hookimpl|lru_cache|cache|cached_property|property|Injectable|Get|Post|Put|Patch|Delete|Cron|OnEvent)$/;

/** A function runs: it is called or referenced by name, a framework calls it (a decorator says so), or it is a dunder method. */
export function isApplied(project: Project, fn: FunctionFact): boolean {
  if (/^__\w+__$/.test(fn.name) || fn.name === 'constructor') return true;
  if (fn.passedTo !== undefined) return true;
  if (fn.decorators.some((d) => FRAMEWORK_CALLED.test(d.name))) return true;
  return isUsed(project, fn.name);
}

/** The file mentions the name (as a whole word) on a line other than `line`, outside comments: `async with limiter:`, `return pool`. */
export function mentionedAgain(project: Project, path: string, name: string, line: number): boolean {
  const word = new RegExp(`(^|[^\\w.$])${name.replace(/[$]/g, '\\$&')}\\b`);
  return (project.readText(path) ?? '').split('\n').some((l, i) => i + 1 !== line && word.test(l) && !/^\s*(#|\/\/)/.test(l));
}
