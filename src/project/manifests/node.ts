/** package.json manifests and tsconfig path aliases. */
import type { DataFacts, LNode } from '../../facts/types.js';
import { at, entries, isMap, items, str } from '../../facts/located.js';
import type { DeclaredDependency, DependencyKind, EntryPoint, Manifest } from './types.js';
import { dirOf, joinPath } from '../../util/paths.js';

const SECTIONS: Array<[string, DependencyKind]> = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional'],
];

export function readPackageJson(file: DataFacts): Manifest | null {
  const doc = file.documents[0] ?? undefined;
  if (!isMap(doc)) return null;
  const path = file.path;
  const dependencies: DeclaredDependency[] = [];
  for (const [section, kind] of SECTIONS) {
    for (const e of entries(at(doc, section))) {
      dependencies.push({ name: e.key, normalized: e.key, spec: str(e.value) ?? '', kind, path, line: e.line });
    }
  }
  const name = str(at(doc, 'name'));
  const scripts: EntryPoint[] = [];
  const bin = at(doc, 'bin');
  if (bin?.t === 'scalar') scripts.push({ name: name ?? '', target: str(bin) ?? '', path, line: bin.line });
  for (const e of entries(bin)) scripts.push({ name: e.key, target: str(e.value) ?? '', path, line: e.line });
  const commands: Record<string, string> = {};
  for (const e of entries(at(doc, 'scripts'))) commands[e.key] = str(e.value) ?? '';
  const workspacesNode: LNode | undefined = at(doc, 'workspaces');
  const workspaces = (workspacesNode?.t === 'seq' ? items(workspacesNode) : items(at(workspacesNode, 'packages'))).map((n) => str(n) ?? '').filter(Boolean);
  const manifest: Manifest = {
    path,
    dir: dirOf(path),
    ecosystem: 'node',
    kind: 'package.json',
    dependencies,
    scripts,
    commands,
    workspaces,
    publishable: ['main', 'module', 'exports', 'types'].some((k) => at(doc, k) !== undefined) && str(at(doc, 'private')) !== 'true',
    line: doc.line,
    dependenciesLine: entries(doc).find((e) => e.key === 'dependencies')?.line ?? doc.line,
  };
  if (name) manifest.name = name;
  if (str(at(doc, 'private')) === 'true') manifest.private = true;
  const engine = at(doc, 'engines', 'node');
  if (engine && str(engine) !== undefined) manifest.runtime = { constraint: str(engine) ?? '', line: engine.line };
  return manifest;
}

export interface PathAliases {
  /** Directory of the tsconfig. */
  dir: string;
  /** Alias prefixes with the trailing `*` removed: `@/`, `~/`, `@app/`. Exact aliases keep their full text. */
  prefixes: string[];
  /** `compilerOptions.baseUrl`, relative to the repository root. */
  baseUrl?: string;
  /** Where each prefix points, relative to the repository root, trailing `*` removed: `@/` → [`src/`]. */
  targets?: Record<string, string[]>;
}

export function readTsconfigAliases(file: DataFacts): PathAliases | null {
  const doc = file.documents[0] ?? undefined;
  const options = at(doc, 'compilerOptions');
  if (!options) return null;
  const prefixes = entries(at(options, 'paths')).map((e) => e.key.replace(/\*$/, ''));
  const baseUrl = str(at(options, 'baseUrl'));
  const dir = dirOf(file.path);
  const aliases: PathAliases = { dir, prefixes };
  if (baseUrl !== undefined) aliases.baseUrl = [dir === '.' ? '' : dir, baseUrl.replace(/^\.\/?/, '')].filter(Boolean).join('/') || '.';
  const base = aliases.baseUrl ?? dir;
  const targets: Record<string, string[]> = {};
  for (const e of entries(at(options, 'paths'))) {
    const list = items(e.value).map((n) => str(n) ?? '').filter(Boolean);
    // A wildcard target (`./src/*`) maps a prefix to a folder; an exact one (`./src/index.ts`) to a file.
    targets[e.key.replace(/\*$/, '')] = list.map((t) => `${joinPath(base, t.replace(/\*$/, ''))}${/\/\*?$/.test(t) ? '/' : ''}`);
  }
  if (Object.keys(targets).length > 0) aliases.targets = targets;
  return aliases;
}
