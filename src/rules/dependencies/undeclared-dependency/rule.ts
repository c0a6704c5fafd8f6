import { builtinModules } from 'node:module';
import type { CodeFacts, ImportFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { comesWith, isProvidedBy, isStdlib, suggestedDistribution } from '../../../project/knowledge/python-packages.js';
import type { Manifest } from '../../../project/manifests/types.js';
import { normalizePythonName } from '../../../project/manifests/types.js';
import type { Project } from '../../../project/project.js';
import { byCodePoint } from '../../../util/order.js';
import { PathIndex } from '../../../project/path-index.js';

const NODE_BUILTINS = new Set(builtinModules);

interface Site {
  path: string;
  line: number;
  lazy: boolean;
}

interface Gap {
  ecosystem: 'python' | 'node';
  name: string;
  component: string;
  manifests: Manifest[];
  sites: Site[];
  devOnly: boolean;
  test: boolean;
  /** The declared package it comes with (a hard dependency of it). */
  via?: string;
}

/** Every directory name and module stem that holds Python code: imports of these are first-party. */
function localPythonNames(project: Project): Set<string> {
  const names = new Set<string>();
  for (const file of project.files) {
    if (file.kind !== 'code' || file.language !== 'python') continue;
    const parts = file.path.split('/');
    const stem = (parts.pop() ?? '').replace(/\.py$/, '');
    names.add(stem);
    for (const dir of parts) names.add(dir);
  }
  for (const m of project.manifests) if (m.ecosystem === 'python' && m.name) names.add(m.name.replace(/-/g, '_'));
  return names;
}

/**
 * Which files a Python manifest speaks for. A package manifest (pyproject with a build system, setup.py,
 * setup.cfg) declares what its packages import: folders with `__init__.py` and modules next to it or under
 * `src/`, plus its tests. Scripts, benchmarks and packaging helpers elsewhere in the tree install their own
 * tools. A requirements file or an application pyproject speaks for its whole folder.
 */
function covers(manifest: Manifest, path: string, project: Project): boolean {
  const base = manifest.dir === '.' ? '' : `${manifest.dir}/`;
  if (!path.startsWith(base)) return false;
  if (!manifest.publishable || manifest.kind === 'requirements' || manifest.kind === 'pipfile') return true;
  const rest = path.slice(base.length);
  const parts = rest.split('/');
  const inSrc = parts[0] === 'src' ? parts.slice(1) : parts;
  const top = inSrc[0] ?? '';
  // Build hooks (`hatch_build.py`) import what `build-system.requires` installs, not the runtime dependencies.
  if (inSrc.length === 1) return top.endsWith('.py') && !['setup.py', 'noxfile.py', 'conftest.py', 'hatch_build.py'].includes(top);
  // Files in a package folder, however deep (lib/sqlalchemy, netbox/dcim), kept their `source` role when the
  // project model was built; helpers outside any package became scripts.
  const role = project.file(path)?.role;
  return role === 'source' || role === 'test';
}

function declaredNames(manifests: readonly Manifest[], kinds?: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const m of manifests) for (const d of m.dependencies) if (!kinds || kinds.has(d.kind)) out.add(d.normalized);
  return out;
}

const PRODUCTION_KINDS = new Set(['runtime', 'optional', 'peer']);

/** npm package of a bare specifier: `@scope/pkg/sub` → `@scope/pkg`, `pkg/sub` → `pkg`. */
export function npmPackageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const analysedPaths = new WeakMap<Project, PathIndex<Project['files'][number]>>();

function isNodeNonPackage(specifier: string, project: Project, prefixes: readonly string[], baseUrls: readonly string[]): boolean {
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0] ?? '')) return true;
  if (/^[.#~/$]|^@\/|:|!/.test(specifier)) return true;
  if (prefixes.some((p) => p !== '' && (specifier === p || specifier.startsWith(p)))) return true;
  const first = specifier.split('/')[0] ?? specifier;
  if (baseUrls.length === 0) return false;
  let paths = analysedPaths.get(project);
  if (!paths) {
    paths = new PathIndex(project.files);
    analysedPaths.set(project, paths);
  }
  const index = paths;
  return baseUrls.some((base) => {
    const prefix = base === '.' ? first : `${base}/${first}`;
    return project.file(prefix) !== undefined || index.someStartsWith(`${prefix}/`) || index.someStartsWith(`${prefix}.`);
  });
}

/**
 * A test that names the module in a string before importing it inside a test function (`purge_module("site_app")`,
 * `(tmp / "site_app.py").write_text(...)`) creates it on a temporary `sys.path` (flask's instance-path tests).
 */
function writtenByTest(module: string, text: string): boolean {
  // Python module names are identifiers: nothing to escape.
  return new RegExp(`(['"])${module}(\\.py)?\\1`).test(text);
}

function pythonGap(imp: ImportFact, file: CodeFacts, project: Project, local: Set<string>): Omit<Gap, 'sites' | 'component'> | null {
  if (imp.relative || imp.typeOnly || imp.guarded || imp.module === '') return null;
  const top = imp.module.split('.')[0] ?? imp.module;
  if (isStdlib(top) || local.has(top)) return null;
  const manifests = project.manifestsFor(file.path, 'python').filter((m) => covers(m, file.path, project));
  if (manifests.length === 0) return null;
  const test = file.role !== 'source' && file.role !== 'script' && file.role !== 'config';
  const all = declaredNames(manifests);
  if (test && !manifests.some((m) => m.dependencies.some((d) => d.kind === 'dev' || d.kind === 'optional'))) return null;
  if (test && imp.lazy && writtenByTest(top, project.readText(file.path) ?? '')) return null;
  if (!isProvidedBy(imp.module, all)) {
    const name = suggestedDistribution(imp.module);
    const via = comesWith(name, all);
    return via ? { ecosystem: 'python', name, manifests, devOnly: false, test, via } : { ecosystem: 'python', name, manifests, devOnly: false, test };
  }
  if (!test && !isProvidedBy(imp.module, declaredNames(manifests, PRODUCTION_KINDS)) && manifests.some((m) => m.dependencies.some((d) => d.kind === 'runtime'))) {
    return { ecosystem: 'python', name: suggestedDistribution(imp.module), manifests, devOnly: true, test };
  }
  return null;
}

function nodeGap(imp: ImportFact, file: CodeFacts, project: Project, prefixes: readonly string[], baseUrls: readonly string[], workspaceNames: Set<string>): Omit<Gap, 'sites' | 'component'> | null {
  if (imp.relative || imp.typeOnly || imp.module === '' || isNodeNonPackage(imp.module, project, prefixes, baseUrls)) return null;
  const name = npmPackageOf(imp.module);
  if (workspaceNames.has(name)) return null;
  const manifests = project.manifestsFor(file.path, 'node');
  if (manifests.length === 0) return null;
  const declared = declaredNames(manifests);
  if (declared.has(name)) return null;
  const test = file.role !== 'source' && file.role !== 'script' && file.role !== 'config';
  return { ecosystem: 'node', name, manifests, devOnly: false, test };
}

type MessageId = 'undeclared' | 'devOnly' | 'transitive';

export default defineRule<MessageId>({
  meta: {
    code: 'DEP001',
    name: 'undeclared-dependency',
    category: 'dependencies',
    severity: 'medium',
    confidence: 'high',
    title: 'Imported but undeclared dependency',
    description: 'A third-party package is imported but no manifest that covers the file declares it.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      undeclared: '`{{name}}` is imported ({{sites}}) but not declared in {{manifests}}: it works only where something else installs it (another dependency, or the developer\'s environment).',
      devOnly: '`{{name}}` is imported by production code ({{sites}}) but declared only as a development dependency in {{manifests}}: a production install will not have it.',
      transitive: '`{{name}}` is imported ({{sites}}) but not declared in {{manifests}}; it comes with `{{via}}`, so it is installed, but its version follows `{{via}}`\'s range rather than one you chose.',
    },
    fix: 'Declare the package (with a version range) in the manifest of the component that imports it: `[project].dependencies`, `install_requires`, requirements.txt or package.json `dependencies`.',
    acceptance: 'Every third-party import resolves to a declared dependency of the importing component.',
    references: ['deptry DEP001 (missing) / DEP003 (transitive) / DEP004 (dev)', 'eslint-plugin-import no-extraneous-dependencies', 'CWE-1104'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const local = localPythonNames(project);
    const prefixes = project.aliases.flatMap((a) => a.prefixes);
    const baseUrls = project.aliases.flatMap((a) => (a.baseUrl ? [a.baseUrl] : []));
    const workspaceNames = new Set(project.manifests.filter((m) => m.ecosystem === 'node' && m.name).map((m) => m.name as string));
    const gaps = new Map<string, Gap>();
    const files = project.code({ roles: ['source', 'script', 'config', 'test'] });
    for (const file of files) {
      for (const imp of file.imports) {
        const gap = file.language === 'python' ? pythonGap(imp, file, project, local) : nodeGap(imp, file, project, prefixes, baseUrls, workspaceNames);
        if (!gap) continue;
        const component = project.componentOf(file.path)?.path ?? '.';
        const key = [gap.ecosystem, component, gap.manifests[0]?.path ?? '', normalizePythonName(gap.name), gap.devOnly, gap.test].join('\u0000');
        const existing = gaps.get(key);
        const site = { path: file.path, line: imp.line, lazy: imp.lazy };
        if (existing) existing.sites.push(site);
        else gaps.set(key, { ...gap, component, sites: [site] });
      }
    }
    for (const gap of gaps.values()) {
      const sites = [...gap.sites].sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line);
      const first = sites[0];
      if (!first) continue;
      const files = new Set(sites.map((s) => s.path));
      const manifest = gap.manifests[0];
      report({
        messageId: gap.devOnly ? 'devOnly' : gap.via ? 'transitive' : 'undeclared',
        data: {
          via: gap.via ?? '',
          name: gap.name,
          sites: files.size === 1 ? `${first.path}:${first.line}` : `${files.size} files`,
          manifests: gap.manifests.map((m) => m.path).join(', '),
        },
        path: first.path,
        line: first.line,
        related: [...sites.slice(1, 10).map((s) => ({ path: s.path, line: s.line })), ...(manifest ? [{ path: manifest.path, line: manifest.dependenciesLine }] : [])],
        severity: gap.test || gap.via ? 'low' : 'medium',
        confidence: sites.every((s) => s.lazy) ? 'low' : 'high',
      });
    }
  },
});
