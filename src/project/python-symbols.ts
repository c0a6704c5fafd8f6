/**
 * Resolving Python names across modules, as far as imports written in the code say: which file a module is,
 * and which function a call names. No execution, no sys.path: a module is found by its dotted path's suffix.
 */
import type { CodeFacts, FunctionFact } from '../facts/types.js';
import { PathIndex } from './path-index.js';
import type { Project } from './project.js';
import { byCodePoint } from '../util/order.js';

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

const productionPython = new WeakMap<Project, PathIndex<CodeFacts>>();

/** The file of a module imported from `from`: `.utils`, `..core.db` or `app.utils` (suffix match, nearest first). */
export function pythonModuleFile(project: Project, from: string, module: string): CodeFacts | undefined {
  let files = productionPython.get(project);
  if (!files) {
    files = new PathIndex(project.code().filter((f) => f.language === 'python'));
    productionPython.set(project, files);
  }
  if (module.startsWith('.')) {
    const dots = /^\.+/.exec(module)?.[0].length ?? 1;
    let dir = dirOf(from);
    for (let i = 1; i < dots; i++) dir = dirOf(dir);
    const rest = module.slice(dots).replace(/\./g, '/');
    const base = [dir, rest].filter(Boolean).join('/');
    return files.endingWith(`${base}.py`, `${base}/__init__.py`).find((f) => f.path === `${base}.py` || f.path === `${base}/__init__.py`);
  }
  const stem = module.replace(/\./g, '/');
  const candidates = files.endingWith(`${stem}.py`, `${stem}/__init__.py`);
  const shared = (p: string): number => {
    const a = p.split('/');
    const b = from.split('/');
    let n = 0;
    while (n < a.length && a[n] === b[n]) n++;
    return n;
  };
  return candidates.sort((x, y) => shared(y.path) - shared(x.path) || byCodePoint(x.path, y.path))[0];
}

function topLevel(file: CodeFacts, name: string): FunctionFact | undefined {
  return file.functions.find((f) => f.name === name && f.parent === -1 && f.className === undefined);
}

/** The module-level function a call in `file` names: defined in the file, imported by name, or `module.func`. */
export function resolvePythonCall(project: Project, file: CodeFacts, callee: string): { file: CodeFacts; fn: FunctionFact } | undefined {
  const dot = callee.lastIndexOf('.');
  if (dot === -1) {
    const local = topLevel(file, callee);
    if (local) return { file, fn: local };
    const imp = file.imports.find((i) => i.names.includes(callee));
    const target = imp ? pythonModuleFile(project, file.path, imp.module) : undefined;
    const fn = target ? topLevel(target, callee) : undefined;
    return target && fn ? { file: target, fn } : undefined;
  }
  const owner = callee.slice(0, dot);
  const name = callee.slice(dot + 1);
  if (/[()]/.test(owner)) return undefined;
  const whole = file.imports.find((i) => i.names.length === 0 && (i.alias ?? i.module) === owner);
  const fromImport = file.imports.find((i) => i.names.includes(owner));
  const module = whole ? whole.module : fromImport ? `${fromImport.module}${fromImport.module.endsWith('.') ? '' : '.'}${owner}` : undefined;
  const target = module ? pythonModuleFile(project, file.path, module) : undefined;
  const fn = target ? topLevel(target, name) : undefined;
  return target && fn ? { file: target, fn } : undefined;
}
