/**
 * Python manifests: pyproject.toml (PEP 621, PEP 735 groups, Poetry, PDM, uv), setup.cfg, setup.py (read as
 * text, never run), requirements files (with `-r` includes) and Pipfile.
 */
import type { DataFacts, LNode, TextFacts } from '../../facts/types.js';
import { at, entries, isMap, items, str } from '../../facts/located.js';
import { normalizePythonName, type DeclaredDependency, type DependencyKind, type EntryPoint, type Manifest } from './types.js';
import { dirOf, joinPath } from '../../util/paths.js';

const REQUIREMENT_NAME = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/;

/** Name and specifier of a PEP 508 requirement string, or null for URLs/paths without a name. */
export function parseRequirement(text: string): { name: string; spec: string } | null {
  const cleaned = text.split(/\s+#/)[0]?.trim() ?? '';
  if (cleaned === '' || cleaned.startsWith('#')) return null;
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(text);
  if (egg?.[1]) return { name: egg[1], spec: cleaned };
  if (/^(-|\.|\/|[a-z+]+:\/\/)/i.test(cleaned)) return null;
  const match = REQUIREMENT_NAME.exec(cleaned);
  if (!match?.[1]) return null;
  return { name: match[1], spec: (match[3] ?? '').trim() };
}

function dep(path: string, line: number, text: string, kind: DependencyKind, group?: string): DeclaredDependency | null {
  const parsed = parseRequirement(text);
  if (!parsed) return null;
  return { name: parsed.name, normalized: normalizePythonName(parsed.name), spec: parsed.spec, kind, path, line, ...(group ? { group } : {}) };
}

function fromStringList(node: LNode | undefined, path: string, kind: DependencyKind, group?: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  for (const item of items(node)) {
    const text = str(item);
    if (text === undefined) continue;
    const d = dep(path, item.line, text, kind, group);
    if (d) out.push(d);
  }
  return out;
}

/** Poetry-style tables: `name = "^1.0"` or `name = { version = "…", optional = true }`. */
function fromPoetryTable(node: LNode | undefined, path: string, kind: DependencyKind, group?: string): DeclaredDependency[] {
  const out: DeclaredDependency[] = [];
  for (const e of entries(node)) {
    if (e.key.toLowerCase() === 'python') continue;
    const optional = isMap(e.value) && at(e.value, 'optional') !== undefined && str(at(e.value, 'optional')) === 'true';
    const spec = str(e.value) ?? str(at(e.value, 'version')) ?? '';
    out.push({ name: e.key, normalized: normalizePythonName(e.key), spec, kind: optional ? 'optional' : kind, path, line: e.line, ...(group ? { group } : {}) });
  }
  return out;
}

function consoleScripts(node: LNode | undefined, path: string): EntryPoint[] {
  return entries(node).map((e) => ({ name: e.key, target: str(e.value) ?? str(at(e.value, 'reference')) ?? '', path, line: e.line }));
}

export function readPyproject(file: DataFacts): Manifest {
  const doc = file.documents[0] ?? undefined;
  const path = file.path;
  const project = at(doc, 'project');
  const poetry = at(doc, 'tool', 'poetry');
  const dependencies: DeclaredDependency[] = [
    ...fromStringList(at(project, 'dependencies'), path, 'runtime'),
    ...entries(at(project, 'optional-dependencies')).flatMap((e) => fromStringList(e.value, path, 'optional', e.key)),
    ...entries(at(doc, 'dependency-groups')).flatMap((e) => fromStringList(e.value, path, 'dev', e.key)),
    ...fromPoetryTable(at(poetry, 'dependencies'), path, 'runtime'),
    ...fromPoetryTable(at(poetry, 'dev-dependencies'), path, 'dev'),
    ...entries(at(poetry, 'group')).flatMap((e) => fromPoetryTable(at(e.value, 'dependencies'), path, 'dev', e.key)),
    ...entries(at(doc, 'tool', 'pdm', 'dev-dependencies')).flatMap((e) => fromStringList(e.value, path, 'dev', e.key)),
    ...fromStringList(at(doc, 'tool', 'uv', 'dev-dependencies'), path, 'dev'),
    ...fromStringList(at(doc, 'build-system', 'requires'), path, 'build'),
  ];
  const requiresPython = at(project, 'requires-python') ?? at(poetry, 'dependencies', 'python');
  const name = str(at(project, 'name')) ?? str(at(poetry, 'name'));
  const manifest: Manifest = {
    path,
    dir: dirOf(path),
    ecosystem: 'python',
    kind: 'pyproject',
    dependencies,
    scripts: [...consoleScripts(at(project, 'scripts'), path), ...consoleScripts(at(project, 'gui-scripts'), path), ...consoleScripts(at(poetry, 'scripts'), path)],
    commands: {},
    workspaces: [],
    publishable: at(doc, 'build-system') !== undefined,
    line: project?.line ?? poetry?.line ?? 1,
    dependenciesLine: entries(project).find((e) => e.key === 'dependencies')?.line ?? entries(poetry).find((e) => e.key === 'dependencies')?.line ?? project?.line ?? 1,
  };
  if (name) manifest.name = name;
  if (requiresPython && str(requiresPython) !== undefined) manifest.runtime = { constraint: str(requiresPython) ?? '', line: requiresPython.line };
  return manifest;
}

export function readPipfile(file: DataFacts): Manifest {
  const doc = file.documents[0] ?? undefined;
  return {
    path: file.path,
    dir: dirOf(file.path),
    ecosystem: 'python',
    kind: 'pipfile',
    dependencies: [...fromPoetryTable(at(doc, 'packages'), file.path, 'runtime'), ...fromPoetryTable(at(doc, 'dev-packages'), file.path, 'dev')],
    scripts: [],
    commands: {},
    workspaces: [],
    publishable: false,
    line: 1,
    dependenciesLine: entries(doc).find((e) => e.key === 'packages')?.line ?? 1,
  };
}

interface IniValue {
  value: string[];
  line: number;
  lines: number[];
}

/** setup.cfg sections → keys → values (continuation lines split out), with lines. */
export function parseIni(text: string): Map<string, Map<string, IniValue>> {
  const sections = new Map<string, Map<string, IniValue>>();
  let current: Map<string, IniValue> | null = null;
  let last: IniValue | null = null;
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const raw = all[i] ?? '';
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') continue;
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1].trim(), current);
      last = null;
      continue;
    }
    if (/^\s/.test(raw) && last) {
      last.value.push(raw.trim());
      last.lines.push(i + 1);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (kv?.[1] && current) {
      last = { value: kv[2] ? [kv[2].trim()] : [], line: i + 1, lines: kv[2] ? [i + 1] : [] };
      current.set(kv[1].trim(), last);
    }
  }
  return sections;
}

export function readSetupCfg(file: TextFacts): Manifest | null {
  const ini = parseIni(file.text);
  const options = ini.get('options');
  const metadata = ini.get('metadata');
  if (!options && !metadata) return null;
  const path = file.path;
  const dependencies: DeclaredDependency[] = [];
  const collect = (value: IniValue | undefined, kind: DependencyKind, group?: string): void => {
    value?.value.forEach((text, i) => {
      const d = dep(path, value.lines[i] ?? value.line, text, kind, group);
      if (d) dependencies.push(d);
    });
  };
  collect(options?.get('install_requires'), 'runtime');
  collect(options?.get('setup_requires'), 'build');
  collect(options?.get('tests_require'), 'dev');
  for (const [group, value] of ini.get('options.extras_require') ?? []) collect(value, 'optional', group);
  const scripts: EntryPoint[] = [];
  const consoleScriptsValue = ini.get('options.entry_points')?.get('console_scripts');
  consoleScriptsValue?.value.forEach((text, i) => {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(text);
    if (m?.[1] && m[2]) scripts.push({ name: m[1], target: m[2].trim(), path, line: consoleScriptsValue.lines[i] ?? consoleScriptsValue.line });
  });
  const manifest: Manifest = {
    path,
    dir: dirOf(path),
    ecosystem: 'python',
    kind: 'setup.cfg',
    dependencies,
    scripts,
    commands: {},
    workspaces: [],
    publishable: true,
    line: 1,
    dependenciesLine: options?.get('install_requires')?.line ?? 1,
  };
  const name = metadata?.get('name')?.value[0];
  if (name) manifest.name = name;
  const pythonRequires = options?.get('python_requires');
  if (pythonRequires?.value[0]) manifest.runtime = { constraint: pythonRequires.value[0], line: pythonRequires.line };
  return manifest;
}

/** setup.py, read as text: the string literals inside `install_requires=[…]`, `extras_require`, `entry_points`. */
export function readSetupPy(path: string, text: string): Manifest {
  const dependencies: DeclaredDependency[] = [];
  const lineAt = (offset: number): number => text.slice(0, offset).split('\n').length;
  const listAfter = (key: string, kind: DependencyKind): void => {
    const match = new RegExp(`${key}\\s*=\\s*\\[([^\\]]*)\\]`).exec(text);
    if (!match?.[1]) return;
    const base = (match.index ?? 0) + match[0].indexOf('[');
    for (const s of match[1].matchAll(/(['"])([^'"]+)\1/g)) {
      const d = dep(path, lineAt(base + (s.index ?? 0)), s[2] ?? '', kind);
      if (d) dependencies.push(d);
    }
  };
  listAfter('install_requires', 'runtime');
  listAfter('tests_require', 'dev');
  const extras = /extras_require\s*=\s*\{([\s\S]*?)\}\s*[,)]/.exec(text);
  if (extras?.[1]) {
    const base = (extras.index ?? 0) + extras[0].indexOf('{');
    for (const s of extras[1].matchAll(/(['"])([^'"]+)\1(?!\s*:)/g)) {
      const d = dep(path, lineAt(base + (s.index ?? 0)), s[2] ?? '', 'optional');
      if (d) dependencies.push(d);
    }
  }
  const scripts: EntryPoint[] = [];
  const consoleScriptsMatch = /console_scripts['"]\s*:\s*\[([^\]]*)\]/.exec(text);
  if (consoleScriptsMatch?.[1]) {
    const base = (consoleScriptsMatch.index ?? 0) + consoleScriptsMatch[0].indexOf('[');
    for (const s of consoleScriptsMatch[1].matchAll(/(['"])([^=\s'"]+)\s*=\s*([^'"]+)\1/g)) {
      scripts.push({ name: s[2] ?? '', target: (s[3] ?? '').trim(), path, line: lineAt(base + (s.index ?? 0)) });
    }
  }
  const installRequires = /install_requires\s*=/.exec(text);
  const manifest: Manifest = {
    path,
    dir: dirOf(path),
    ecosystem: 'python',
    kind: 'setup.py',
    dependencies,
    scripts,
    commands: {},
    workspaces: [],
    publishable: true,
    line: 1,
    dependenciesLine: installRequires ? lineAt(installRequires.index) : 1,
  };
  const name = /\bname\s*=\s*(['"])([^'"]+)\1/.exec(text)?.[2];
  if (name) manifest.name = name;
  const pythonRequires = /python_requires\s*=\s*(['"])([^'"]+)\1/.exec(text);
  if (pythonRequires?.[2]) manifest.runtime = { constraint: pythonRequires[2], line: lineAt(pythonRequires.index ?? 0) };
  return manifest;
}

export function isRequirementsFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^requirements.*\.(txt|in)$/i.test(name) || /(^|\/)requirements\/[^/]+\.(txt|in)$/i.test(path) || /^(dev|test|tests|docs|prod|production|base)-?requirements\.(txt|in)$/i.test(name);
}

/** Dependency kind of a requirements file from its name: `requirements-dev.txt`, `requirements/test.txt` → dev. */
function requirementsKind(path: string): DependencyKind {
  return /(dev|test|lint|doc|ci|tox|type|check|bench)/i.test(path.slice(path.lastIndexOf('/') + 1)) || /requirements\/(dev|test|lint|doc|ci)/i.test(path) ? 'dev' : 'runtime';
}

export function readRequirements(file: TextFacts, byPath: ReadonlyMap<string, TextFacts>): Manifest {
  const dependencies: DeclaredDependency[] = [];
  const kind = requirementsKind(file.path);
  const visited = new Set<string>();
  const read = (current: TextFacts): void => {
    if (visited.has(current.path)) return;
    visited.add(current.path);
    current.text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      const include = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
      if (include?.[1]) {
        const target = byPath.get(joinPath(dirOf(current.path), include[1]));
        if (target) read(target);
        return;
      }
      if (line.startsWith('-c') || line.startsWith('--') || (line.startsWith('-') && !line.startsWith('-e'))) return;
      const d = dep(current.path, i + 1, line.replace(/^-e\s+/, ''), kind);
      if (d) dependencies.push(d);
    });
  };
  read(file);
  const transitive = transitiveEntries(file.text);
  const declared = transitive.size > 0 ? dependencies.filter((d) => !(d.path === file.path && transitive.has(d.line))) : dependencies;
  return { path: file.path, dir: dirOf(file.path), ecosystem: 'python', kind: 'requirements', dependencies: declared, scripts: [], commands: {}, workspaces: [], publishable: false, line: 1, dependenciesLine: 1 };
}

/** A `# via` target that is a file the requirement was declared in (`-r requirements.in`, `pyproject.toml`, `myapp (setup.py)`), not a package. */
const DECLARING_SOURCE = /^(-r\s|-c\s)|\.(in|txt|toml|cfg|py)\)?$/;

/**
 * The lines of a compiled requirements file (pip-compile or `uv pip compile` output, annotated with `# via`) that
 * pin transitive dependencies: entries whose `# via` names only other packages. Such a file is a lock file; only
 * the entries its source declares are dependencies of the project. Empty for a hand-written file.
 */
function transitiveEntries(text: string): Set<number> {
  const out = new Set<number>();
  let entry: { line: number; via: string[] } | null = null;
  let inVia = false;
  const close = (): void => {
    if (entry && entry.via.length > 0 && !entry.via.some((v) => DECLARING_SOURCE.test(v))) out.add(entry.line);
  };
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    const via = /^#\s*via\b\s*(.*)$/.exec(line);
    if (via) {
      inVia = true;
      if (entry && via[1]) entry.via.push(via[1].trim());
    } else if (inVia && /^#\s{2,}\S/.test(line)) {
      entry?.via.push(line.replace(/^#\s*/, ''));
    } else if (line !== '' && !line.startsWith('#') && !line.startsWith('--') && !raw.startsWith(' ')) {
      close();
      entry = { line: i + 1, via: [] };
      inVia = false;
    } else if (!line.startsWith('--')) inVia = false;
  });
  close();
  return out;
}

