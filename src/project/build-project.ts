/** From facts to the project model: manifests, then components (which need the manifests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileFacts } from '../facts/types.js';
import type { ComponentProfile } from '../model/report.js';
import { detectComponents } from './components/detect.js';
import { buildInventory } from './inventory/index.js';
import { readManifests } from './manifests/index.js';
import type { Manifest } from './manifests/types.js';
import { Project } from './project.js';
import { byCodePoint } from '../util/order.js';

export interface BuildProjectInput {
  root: string;
  files: readonly FileFacts[];
  lockfiles: readonly string[];
  otherFiles?: readonly string[];
  /** Components fixed by configuration, by path. */
  configured?: ReadonlyArray<Pick<ComponentProfile, 'path'> & Partial<Pick<ComponentProfile, 'archetype' | 'exposure'>>>;
}

function readText(root: string, path: string): string | null {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return null;
  }
}

/**
 * A Python package manifest (pyproject with a build system, setup.py, setup.cfg) says what ships: the packages
 * (folders with `__init__.py`, at its level, under `src/` or further down) and top-level modules. Other Python
 * files under it (extras/, benchmarks/, packaging helpers) are tooling: their role becomes `script`.
 */
function refineRoles(files: readonly FileFacts[], manifests: readonly Manifest[]): void {
  const paths = new Set(files.map((f) => f.path));
  const packages = manifests.filter((m) => m.ecosystem === 'python' && m.publishable);
  for (const file of files) {
    if (file.kind !== 'code' || file.language !== 'python' || file.role !== 'source') continue;
    const owner = packages.filter((m) => m.dir === '.' || file.path.startsWith(`${m.dir}/`)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (!owner) continue;
    const base = owner.dir === '.' ? '' : `${owner.dir}/`;
    const parts = file.path.slice(base.length).split('/');
    const inner = parts[0] === 'src' ? parts.slice(1) : parts;
    if (inner.length === 1) continue;
    // A package may sit one or more folders down (netbox ships netbox/dcim, netbox/ipam… from a folder without
    // `__init__.py`, listed in its hatch configuration): any package folder on the way counts.
    const prefix = `${base}${parts[0] === 'src' ? 'src/' : ''}`;
    const inPackage = inner.slice(0, -1).some((_, i) => paths.has(`${prefix}${inner.slice(0, i + 1).join('/')}/__init__.py`));
    if (!inPackage) file.role = 'script';
  }
}

export function buildProject(input: BuildProjectInput): Project {
  const { manifests, aliases } = readManifests(input.files, (path) => readText(input.root, path));
  refineRoles(input.files, manifests);
  const inventory = buildInventory(input.files, manifests);
  const rootName = input.root.split('/').pop() ?? '.';
  const detected = detectComponents({ rootName, files: input.files, manifests, infra: inventory.infra, runtime: inventory.runtime });
  const components = applyConfiguredComponents(detected, input.configured ?? [], rootName);
  return new Project({ root: input.root, files: input.files, lockfiles: input.lockfiles, otherFiles: input.otherFiles ?? [], manifests, aliases, inventory, components });
}

function applyConfiguredComponents(detected: ComponentProfile[], configured: NonNullable<BuildProjectInput['configured']>, rootName: string): ComponentProfile[] {
  const out = detected.map((c) => ({ ...c }));
  for (const wanted of configured) {
    const path = wanted.path.replace(/^\.\/|\/$/g, '') || '.';
    let component = out.find((c) => c.path === path);
    if (!component) {
      component = {
        path,
        name: path === '.' ? rootName : (path.split('/').pop() ?? path),
        archetype: wanted.archetype ?? 'library',
        confidence: 'high',
        exposure: wanted.exposure ?? 'internal',
        evidence: [],
        languages: [],
        frameworks: [],
        entryPoints: [],
        manifests: [],
      };
      out.push(component);
    }
    // Evidence for another archetype than the one configured no longer explains anything.
    if (wanted.archetype && wanted.archetype !== component.archetype) component.evidence = [];
    if (wanted.archetype) component.archetype = wanted.archetype;
    if (wanted.exposure) component.exposure = wanted.exposure;
    component.confidence = 'high';
    component.configured = true;
    component.evidence = [{ path: '.seaworthy.yml', line: null, detail: `set in configuration: ${[wanted.archetype, wanted.exposure].filter(Boolean).join(', ')}` }, ...component.evidence];
  }
  return out.sort((a, b) => (a.path === '.' ? -1 : b.path === '.' ? 1 : byCodePoint(a.path, b.path)));
}
