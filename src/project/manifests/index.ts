/** Every manifest of the repository, read from facts (setup.py from its text). */
import type { DataFacts, FileFacts, TextFacts } from '../../facts/types.js';
import { readPackageJson, readTsconfigAliases, type PathAliases } from './node.js';
import { isRequirementsFile, readPipfile, readPyproject, readRequirements, readSetupCfg, readSetupPy } from './python.js';
import type { Manifest } from './types.js';
import { byCodePoint } from '../../util/order.js';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface ManifestSet {
  manifests: Manifest[];
  aliases: PathAliases[];
}

export function readManifests(files: readonly FileFacts[], readText: (path: string) => string | null): ManifestSet {
  const manifests: Manifest[] = [];
  const aliases: PathAliases[] = [];
  const texts = new Map<string, TextFacts>();
  for (const f of files) if (f.kind === 'text') texts.set(f.path, f);
  for (const file of files) {
    const name = baseName(file.path);
    if (file.role === 'fixture') continue;
    if (file.kind === 'data') {
      const data: DataFacts = file;
      if (name === 'pyproject.toml') manifests.push(readPyproject(data));
      else if (name === 'Pipfile' && data.language === 'toml') manifests.push(readPipfile(data));
      else if (name === 'package.json') {
        const m = readPackageJson(data);
        if (m) manifests.push(m);
      } else if (/^tsconfig.*\.json$|^jsconfig\.json$/.test(name)) {
        const a = readTsconfigAliases(data);
        if (a) aliases.push(a);
      }
    } else if (file.kind === 'text') {
      if (name === 'setup.cfg') {
        const m = readSetupCfg(file);
        if (m) manifests.push(m);
      } else if (isRequirementsFile(file.path)) manifests.push(readRequirements(file, texts));
    } else if (file.kind === 'code' && name === 'setup.py') {
      const text = readText(file.path);
      if (text !== null) manifests.push(readSetupPy(file.path, text));
    }
  }
  manifests.sort((a, b) => byCodePoint(a.path, b.path));
  return { manifests, aliases };
}

/** Manifests of one ecosystem in the directory of `path` and its ancestors, nearest first. */
export function manifestsFor(manifests: readonly Manifest[], path: string, ecosystem: Manifest['ecosystem']): Manifest[] {
  const dirs: string[] = [];
  let dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
  for (;;) {
    dirs.push(dir);
    if (dir === '.') break;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.';
  }
  const out: Manifest[] = [];
  for (const d of dirs) for (const m of manifests) if (m.dir === d && m.ecosystem === ecosystem) out.push(m);
  return out;
}
