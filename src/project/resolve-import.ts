/**
 * Which analysed file an import refers to, for imports inside the project: JS relative specifiers
 * (`./utils/mail.js`), tsconfig path aliases (`@/lib/auth`), the repository's own workspace packages
 * (`@acme/auth/session`), and Python relative or package-absolute modules (`.mail`, `app.utils.mail`, a sibling
 * package of a uv/poetry workspace). Anything else (third-party packages) resolves to nothing.
 */
import { posix } from 'node:path';
import type { CodeFacts, FileFacts, ImportFact } from '../facts/types.js';
import type { PathAliases } from './manifests/node.js';
import type { Manifest } from './manifests/types.js';
import { PathIndex } from './path-index.js';

/** What resolving needs of the project: its files, tsconfig aliases and manifests (a Project, or the same read before one exists). */
export interface ModuleIndex {
  readonly files: readonly FileFacts[];
  readonly aliases: readonly PathAliases[];
  readonly manifests: readonly Manifest[];
  file(path: string): FileFacts | undefined;
}


const JS_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.mjs'];

function codeAt(project: ModuleIndex, path: string): CodeFacts | undefined {
  const file = project.file(path);
  return file?.kind === 'code' ? file : undefined;
}

function jsFileAt(project: ModuleIndex, base: string): CodeFacts | undefined {
  const stem = posix.normalize(base).replace(/^\.\//, '').replace(/\.(m|c)?jsx?$/, '');
  for (const suffix of JS_SUFFIXES) {
    const hit = codeAt(project, stem + suffix);
    if (hit) return hit;
  }
  return undefined;
}

/** tsconfig `paths` of the tsconfig nearest to the importing file: `@/lib/auth` → `src/lib/auth.ts`. */
function resolveAlias(project: ModuleIndex, from: string, specifier: string): CodeFacts | undefined {
  const governing = project.aliases
    .filter((a) => a.dir === '.' || from.startsWith(`${a.dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length);
  for (const aliases of governing) {
    for (const [prefix, targets] of Object.entries(aliases.targets ?? {})) {
      const exact = !prefix.endsWith('/') && specifier === prefix;
      if (!exact && !(prefix.endsWith('/') && specifier.startsWith(prefix))) continue;
      for (const target of targets) {
        const hit = jsFileAt(project, exact ? target : `${target}${specifier.slice(prefix.length)}`);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** A workspace package of the repository by its name: `@acme/auth` → its folder's `src/index.ts`, `index.ts` … */
function resolveWorkspace(project: ModuleIndex, specifier: string): CodeFacts | undefined {
  for (const manifest of project.manifests) {
    if (manifest.ecosystem !== 'node' || !manifest.name || manifest.dir === '.') continue;
    if (specifier !== manifest.name && !specifier.startsWith(`${manifest.name}/`)) continue;
    const rest = specifier.slice(manifest.name.length).replace(/^\//, '');
    const dir = manifest.dir;
    const candidates = rest ? [`${dir}/src/${rest}`, `${dir}/${rest}`] : [`${dir}/src/index`, `${dir}/index`, `${dir}/src/main`, `${dir}/lib/index`];
    for (const candidate of candidates) {
      const hit = jsFileAt(project, candidate);
      if (hit) return hit;
    }
  }
  return undefined;
}

function resolveJs(project: ModuleIndex, from: string, specifier: string): CodeFacts | undefined {
  if (specifier.startsWith('.')) return jsFileAt(project, posix.join(posix.dirname(from), specifier));
  return resolveAlias(project, from, specifier) ?? resolveWorkspace(project, specifier);
}

/** Python files by path tail, one index per file list (a Project's, or the list read before one exists). */
const pythonFiles = new WeakMap<readonly FileFacts[], PathIndex<FileFacts>>();

function resolvePython(project: ModuleIndex, from: string, module: string): CodeFacts | undefined {
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
    let index = pythonFiles.get(project.files);
    if (!index) {
      index = new PathIndex(project.files.filter((f) => f.path.endsWith('.py')));
      pythonFiles.set(project.files, index);
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
export function resolveImport(project: ModuleIndex, from: CodeFacts, module: ImportFact['module']): CodeFacts | undefined {
  return from.language === 'python' ? resolvePython(project, from.path, module) : resolveJs(project, from.path, module);
}
