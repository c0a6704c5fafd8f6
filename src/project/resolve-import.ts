/**
 * Which analysed file an import refers to, for imports inside the project: JS relative specifiers
 * (`./utils/mail.js`) and Python relative or package-absolute modules (`.mail`, `app.utils.mail`).
 * Anything else (packages, path aliases) resolves to nothing.
 */
import { posix } from 'node:path';
import type { CodeFacts, ImportFact } from '../facts/types.js';
import { PathIndex } from './path-index.js';
import type { Project } from './project.js';

const JS_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs'];

function codeAt(project: Project, path: string): CodeFacts | undefined {
  const file = project.file(path);
  return file?.kind === 'code' ? file : undefined;
}

function resolveJs(project: Project, from: string, specifier: string): CodeFacts | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.(m|c)?jsx?$/, '');
  for (const suffix of JS_SUFFIXES) {
    const hit = codeAt(project, base + suffix);
    if (hit) return hit;
  }
  return undefined;
}

const pythonFiles = new WeakMap<Project, PathIndex<Project['files'][number]>>();

function resolvePython(project: Project, from: string, module: string): CodeFacts | undefined {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rest = module.slice(dots).split('.').filter(Boolean).join('/');
  const candidates: string[] = [];
  if (dots > 0) {
    let dir = posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
    const base = rest ? posix.join(dir, rest) : dir;
    candidates.push(`${base}.py`, `${base}/__init__.py`);
  } else if (rest) {
    // Package-absolute: the module path may start at any source root (`src/`, `backend/`): match by suffix.
    let index = pythonFiles.get(project);
    if (!index) {
      index = new PathIndex(project.files.filter((f) => f.path.endsWith('.py')));
      pythonFiles.set(project, index);
    }
    const found = index.endingWith(`${rest}.py`, `${rest}/__init__.py`);
    // Two files could be that module (two `utils.py` under different roots): do not guess.
    if (found.length === 1 && found[0]) candidates.push(found[0].path);
  }
  for (const path of candidates.map((c) => posix.normalize(c))) {
    const hit = codeAt(project, path);
    if (hit) return hit;
  }
  return undefined;
}

/** The file a module specifier of an import in `from` names (`ImportFact.module`), if it is one of the project's. */
export function resolveImport(project: Project, from: CodeFacts, module: ImportFact['module']): CodeFacts | undefined {
  return from.language === 'python' ? resolvePython(project, from.path, module) : resolveJs(project, from.path, module);
}
