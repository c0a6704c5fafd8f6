/**
 * Does the component serve the path a health check or probe asks for? Answered from the routes found in the code
 * (runtime.routes), with the prefixes that cannot be read from the code (a configured prefix, a Nest global
 * prefix, a Django include, an Express router mounted on a path) matched by suffix. When no route matches, the
 * path's last word is looked for in the component's code and file names: a route added in a way seaworthy does
 * not read (middleware, a framework's built-in endpoint, a static file) makes the answer "unknown", never "no".
 */
import type { ComponentProfile } from '../../model/report.js';
import type { Route } from '../inventory/runtime.js';
import { FILE_ROUTED_FRAMEWORKS as FILE_ROUTED, ROUTED_FRAMEWORKS as ROUTED } from '../knowledge/frameworks.js';
import type { Project } from '../project.js';


export interface ProbeAnswer {
  served: 'yes' | 'no' | 'unknown';
  /** The route that serves it. */
  route?: Route;
  /** Routes of the component (for the message). */
  routes: Route[];
  /** Where the path's last word appears when no route matches. */
  mention?: { path: string; line: number };
  /** Prefixes cannot all be read from the code: matching was by suffix. */
  suffixOnly: boolean;
}

/** `http://localhost:8000/api/health?x=1` in a health-check command → `/api/health`. */
export function probePathOf(command: string): { path: string; port?: string } | null {
  const match = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\$\{?HOSTNAME\}?|\$\(hostname\))(?::(\d+|\$\{?\w+\}?))?(\/[^\s"'`]*)?/.exec(command);
  if (!match) return null;
  const path = (match[2] ?? '/').split('?')[0] ?? '/';
  return match[1] ? { path, port: match[1] } : { path };
}

function normalise(path: string): string {
  const clean = path.split('?')[0]?.split('#')[0] ?? path;
  const trimmed = clean.length > 1 ? clean.replace(/\/+$/, '') : clean;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function routePattern(route: Route): string {
  let text = route.route;
  if (route.framework === 'django' || route.framework === 'django-rest-framework') {
    text = text.replace(/^\/\^?/, '/').replace(/\$$/, '');
    if (/[()[\]\\?+]/.test(text)) return text.replace(/\/+$/, '');
  }
  const escaped = normalise(text)
    .split('/')
    .map((segment) => {
      if (/^(\{[^}]+\}|:\w+\??|<[^>]+>)$/.test(segment)) return '[^/]+';
      if (segment === '*' || segment === '(.*)' || segment === '*path') return '.*';
      return segment.replace(/[.+^${}()|[\]\\?*]/g, '\\$&');
    })
    .join('/');
  return escaped === '' ? '/' : escaped;
}

function routeServes(route: Route, path: string, suffix: boolean): boolean {
  const pattern = routePattern(route);
  try {
    const exact = new RegExp(`^${pattern}/?$`);
    if (exact.test(path)) return true;
    return suffix && pattern !== '/' && new RegExp(`${pattern}/?$`).test(path);
  } catch {
    return false;
  }
}

function inComponent(project: Project, component: ComponentProfile, path: string): boolean {
  return project.componentOf(path)?.path === component.path;
}

/** Prefixes added at run time: Nest `setGlobalPrefix`, routers mounted on a path (`app.use('/api', router)`). */
function runtimePrefixes(project: Project, component: ComponentProfile): { global: boolean; mounts: string[] } {
  let global = false;
  const mounts: string[] = [];
  for (const file of project.code()) {
    if (!inComponent(project, component, file.path)) continue;
    for (const call of file.calls) {
      if (/(^|\.)setGlobalPrefix$/.test(call.callee)) global = true;
      const first = call.args[0];
      if (/(^|\.)(use|mount|route|register)$/.test(call.callee) && first?.kind === 'string' && String(first.value).startsWith('/') && call.args.length >= 2) mounts.push(normalise(String(first.value)));
      if (/(^|\.)register$/.test(call.callee) && call.args.some((a) => a.props?.['prefix'] !== undefined)) global = true;
    }
  }
  return { global, mounts };
}

/** The last literal word of a path: `/api/v1/health-check/` → `health-check`. */
function lastWord(path: string): string | null {
  const words = path.split('/').filter((s) => s !== '' && !/^[{:<]/.test(s));
  return words[words.length - 1] ?? null;
}

function mentionOf(project: Project, component: ComponentProfile, word: string): { path: string; line: number } | undefined {
  const quoted = new RegExp(`["'\`/]${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\`/]`);
  for (const file of project.files) {
    if (!inComponent(project, component, file.path)) continue;
    if (file.path.endsWith(`/${word}`) || file.path === word) return { path: file.path, line: 1 };
    if (file.kind !== 'code' || (file.role !== 'source' && file.role !== 'config')) continue;
    const text = project.readText(file.path) ?? '';
    const index = text.split('\n').findIndex((l) => quoted.test(l));
    if (index !== -1) return { path: file.path, line: index + 1 };
  }
  return undefined;
}

/** Whether the component's code serves `path`; `unknown` when its routes cannot be known well enough. */
export function probeServed(project: Project, component: ComponentProfile, path: string): ProbeAnswer {
  const routes = project.inventory.runtime.routes.filter((r) => inComponent(project, component, r.path));
  const frameworks = new Set(routes.map((r) => r.framework));
  const unknown: ProbeAnswer = { served: 'unknown', routes, suffixOnly: false };
  if (routes.length === 0 || component.frameworks.some((f) => FILE_ROUTED.has(f)) || [...frameworks].some((f) => !ROUTED.has(f))) return unknown;
  const target = normalise(path);
  if (target === '/') return unknown;
  const prefixes = runtimePrefixes(project, component);
  const django = [...frameworks].some((f) => f.startsWith('django'));
  const suffixOnly = prefixes.global || django || routes.some((r) => r.prefixUnknown === true);
  const route = routes.find((r) => routeServes(r, target, prefixes.global || django || r.prefixUnknown === true));
  if (route) return { served: 'yes', route, routes, suffixOnly };
  if (prefixes.mounts.some((m) => m !== '/' && (target === m || target.startsWith(`${m}/`)))) return { ...unknown, suffixOnly };
  const word = lastWord(target);
  const mention = word ? mentionOf(project, component, word) : undefined;
  if (mention) return { served: 'unknown', routes, mention, suffixOnly };
  return { served: 'no', routes, suffixOnly };
}
