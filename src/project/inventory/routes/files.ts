/**
 * Routes that frameworks serve from file names: Next.js route handlers (`app/**\/route.ts` exporting `GET`,
 * `POST` …), API routes (`pages/api/**`), server actions (`'use server'` modules), SvelteKit endpoints
 * (`src/routes/**\/+server.ts`), and the Next.js `middleware.ts` that runs before them.
 */
import type { CodeFacts } from '../../../facts/types.js';
import type { Hook, Route } from './model.js';

const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const CODE_EXTENSION = /\.(ts|tsx|js|jsx|mjs)$/;
const NEXT_ROUTE = /(^|\/)app\/(.*\/)?route\.(ts|js|mjs)$/;
const NEXT_API = /(^|\/)pages\/api\/(.+)\.(ts|tsx|js|jsx|mjs)$/;
const NEXT_MIDDLEWARE = /(^|\/)(src\/)?(middleware|proxy)\.(ts|js|mjs)$/;
const SVELTE_ENDPOINT = /(^|\/)src\/routes\/(.*\/)?\+server\.(ts|js)$/;

/** A folder segment as a path segment: route groups and parallel slots vanish, `[id]` → `:id`, `[...slug]` → `*`. */
function segment(name: string): string | null {
  if (/^\(.*\)$/.test(name) || name.startsWith('@')) return null;
  if (/^\[\[?\.\.\..+\]\]?$/.test(name)) return '*';
  const param = /^\[(.+)\]$/.exec(name)?.[1];
  return param ? `:${param}` : name;
}

function pathOf(dirs: string): string {
  const parts = dirs
    .split('/')
    .filter(Boolean)
    .map(segment)
    .filter((s): s is string => s !== null);
  return `/${parts.join('/')}`;
}

/** Top-level functions (or `export const GET = …` bindings) named like HTTP methods. */
function methodExports(file: CodeFacts): Array<{ method: string; line: number; handlerLine?: number }> {
  const out: Array<{ method: string; line: number; handlerLine?: number }> = [];
  for (const fn of file.functions) if (fn.parent === -1 && fn.className === undefined && HTTP_EXPORTS.has(fn.name)) out.push({ method: fn.name, line: fn.line, handlerLine: fn.line });
  for (const b of file.bindings) if (b.fn === -1 && b.via === 'assign' && HTTP_EXPORTS.has(b.name) && !out.some((o) => o.method === b.name)) out.push({ method: b.name, line: b.line });
  // `export { handler as GET, handler as POST }` (NextAuth): the handler is re-exported under method names.
  for (const i of file.imports) for (const local of Object.keys(i.renamed ?? {})) if (HTTP_EXPORTS.has(local) && !out.some((o) => o.method === local)) out.push({ method: local, line: i.line });
  return out;
}

export function fileRoutes(file: CodeFacts, framework: (file: CodeFacts) => string | undefined): Route[] {
  if (!CODE_EXTENSION.test(file.path)) return [];
  const kind = framework(file);
  if (!kind) return [];
  const base = { path: file.path, framework: kind, guards: [] as string[], params: [] as string[] };
  const next = NEXT_ROUTE.exec(file.path);
  const svelte = SVELTE_ENDPOINT.exec(file.path);
  if ((kind === 'next' && next) || (kind === 'sveltekit' && svelte)) {
    const route = pathOf((next ?? svelte)?.[2] ?? '');
    return methodExports(file).map((m) => ({ ...base, line: m.line, method: m.method, route, handler: m.method, ...(m.handlerLine ? { handlerLine: m.handlerLine } : {}) }));
  }
  const api = kind === 'next' ? NEXT_API.exec(file.path) : null;
  if (api) {
    const route = pathOf(`api/${(api[2] ?? '').replace(/(^|\/)index$/, '')}`);
    const handler = file.functions.find((f) => f.parent === -1 && f.className === undefined && /^(handler|default|\w*[Hh]andler)$/.test(f.name)) ?? file.functions.find((f) => f.parent === -1 && f.className === undefined);
    return [{ ...base, line: handler?.line ?? 1, method: 'ANY', route, handler: handler?.name || 'default', ...(handler ? { handlerLine: handler.line } : {}) }];
  }
  if (kind === 'next' && file.directives?.includes('use server')) {
    return file.functions
      .filter((f) => f.parent === -1 && f.className === undefined && f.name !== '')
      .map((f) => ({ ...base, line: f.line, method: 'POST', route: `action:${f.name}`, handler: f.name, kind: 'action' as const, handlerLine: f.line }));
  }
  return [];
}

/**
 * Next.js `middleware.ts` (or `proxy.ts`): runs before every request its `config.matcher` selects (read by the
 * surface, which has the file's text), for the whole app.
 */
export function fileHooks(file: CodeFacts, framework: (file: CodeFacts) => string | undefined): Hook[] {
  if (framework(file) !== 'next' || !NEXT_MIDDLEWARE.test(file.path)) return [];
  const fn = file.functions.find((f) => f.parent === -1 && /^(middleware|proxy|default)$/.test(f.name)) ?? file.functions.find((f) => f.parent === -1);
  return [{ path: file.path, line: fn?.line ?? 1, owner: `${file.path}#*`, text: fn?.name || 'middleware', ...(fn ? { fnLine: fn.line } : {}), ordered: false, appWide: true, kind: 'middleware' }];
}
