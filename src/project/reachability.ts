/**
 * Which production files an entry point reaches through imports written in the code: relative and absolute
 * Python imports (matched by module path suffix), relative JS/TS imports and `require()`. Used to tell the code a
 * server actually runs from scripts and tools that merely sit in the same folder.
 */
import type { CodeFacts } from '../facts/types.js';
import type { Project } from './project.js';
import { pushTo } from '../util/group.js';

const JS_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '/index.ts', '/index.js', '/index.tsx', '/index.mjs'];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function joinPath(dir: string, rel: string): string {
  const parts = dir === '' ? [] : dir.split('/');
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

/** Python modules by every suffix of their dotted path: `app/core/db.py` answers `db`, `core.db` and `app.core.db`. */
function pythonIndex(files: readonly CodeFacts[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const file of files) {
    if (file.language !== 'python') continue;
    const stem = file.path.replace(/\/__init__\.py$|\.py$/, '');
    const parts = stem.split('/');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(i).join('.');
      pushTo(index, key, file.path);
    }
  }
  return index;
}

function pythonTargets(file: CodeFacts, index: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const imp of file.imports) {
    const modules: string[] = [];
    if (imp.relative) {
      const dots = /^\.+/.exec(imp.module)?.[0].length ?? 1;
      let dir = dirOf(file.path);
      for (let i = 1; i < dots; i++) dir = dirOf(dir);
      const base = [dir, imp.module.slice(dots).replace(/\./g, '/')].filter(Boolean).join('/');
      modules.push(base.replace(/\//g, '.'), ...imp.names.map((n) => `${base}/${n}`.replace(/\//g, '.')));
    } else modules.push(imp.module, ...imp.names.map((n) => `${imp.module}.${n}`));
    for (const m of modules) {
      const hits = index.get(m.replace(/^\./, ''));
      // An absolute name that several files answer is ambiguous: take the ones sharing the importer's top folder.
      if (hits) out.push(...(hits.length === 1 ? hits : hits.filter((h) => h.split('/')[0] === file.path.split('/')[0])));
    }
  }
  return out;
}

function jsTargets(project: Project, file: CodeFacts): string[] {
  const out: string[] = [];
  for (const imp of file.imports) {
    if (!imp.module.startsWith('.')) continue;
    const base = joinPath(dirOf(file.path), imp.module).replace(/\.(js|mjs|cjs)$/, '');
    const hit = [imp.module.match(/\.\w+$/) ? joinPath(dirOf(file.path), imp.module) : '', ...JS_EXTENSIONS.map((e) => `${base}${e}`)].find((p) => p && project.file(p));
    if (hit) out.push(hit);
  }
  return out;
}

/** Production files reachable from the entry files (entries included). */
export function reachableFrom(project: Project, entries: readonly string[]): Set<string> {
  const code = project.code();
  const byPath = new Map(code.map((f) => [f.path, f]));
  const index = pythonIndex(code);
  const seen = new Set<string>();
  const queue = entries.filter((e) => byPath.has(e));
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    const file = byPath.get(path);
    if (!file) continue;
    for (const next of file.language === 'python' ? pythonTargets(file, index) : jsTargets(project, file)) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

/**
 * The production files a service's or worker's server/worker entries reach, or undefined when that cannot be told
 * (another archetype, no entry found, a Django project whose apps load by name, or imports that could not be followed).
 */
export function runtimeFilesOf(project: Project, component: string): Set<string> | undefined {
  const runtime = project.inventory.runtime;
  const profile = project.components.find((c) => c.path === component);
  if (profile?.archetype !== 'service' && profile?.archetype !== 'worker') return undefined;
  const mine = (path: string): boolean => (project.componentOf(path)?.path ?? '.') === component;
  const entries = [...runtime.servers, ...runtime.workers].map((s) => s.path).filter(mine);
  if (entries.length === 0) return undefined;
  const files = project.codeOfComponent(component);
  if (files.some((f) => f.imports.some((i) => i.module.startsWith('django')))) return undefined;
  const reached = reachableFrom(project, entries);
  return reached.size <= new Set(entries).size ? undefined : reached;
}
