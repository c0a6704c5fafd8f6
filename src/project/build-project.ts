/** From facts to the project model: manifests, then components (which need the manifests). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileFacts } from '../facts/types.js';
import type { ComponentProfile } from '../model/report.js';
import { detectComponents } from './components/detect.js';
import { intrinsicContext, packageContextOf } from './execution-context.js';
import { refineFileRoles } from './file-roles.js';
import { buildInventory } from './inventory/index.js';
import { readManifests } from './manifests/index.js';
import { Project } from './project.js';
import type { ShellReader } from '../parse/shell.js';
import { byCodePoint } from '../util/order.js';

export interface BuildProjectInput {
  root: string;
  files: readonly FileFacts[];
  lockfiles: readonly string[];
  otherFiles?: readonly string[];
  /** Components fixed by configuration, by path. */
  configured?: ReadonlyArray<Pick<ComponentProfile, 'path'> & Partial<Pick<ComponentProfile, 'archetype' | 'exposure'>>>;
  /** Reads the shell scripts of CI steps, package scripts, Makefiles and entrypoints (parse/shell.ts). */
  shell: ShellReader;
}

function readText(root: string, path: string): string | null {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return null;
  }
}

export function buildProject(input: BuildProjectInput): Project {
  const { manifests, aliases } = readManifests(input.files, (path) => readText(input.root, path));
  const roleDecisions = refineFileRoles(input.files, manifests, input.root, input.otherFiles ?? []);
  const inventory = buildInventory(input.files, manifests, input.shell, aliases);
  const rootName = input.root.split('/').pop() ?? '.';
  const present = new Set([...input.files.map((f) => f.path), ...(input.otherFiles ?? [])]);
  const texts = new Map(input.files.flatMap((f) => (f.kind === 'text' ? [[f.path, f.text] as const] : [])));
  const detected = detectComponents({
    rootName,
    files: input.files,
    manifests,
    infra: inventory.infra,
    runtime: inventory.runtime,
    otherFiles: input.otherFiles ?? [],
    contextOf: (file) => intrinsicContext(file, packageContextOf(file.path, manifests, (p) => present.has(p))),
    readText: (path) => texts.get(path) ?? (present.has(path) ? readText(input.root, path) : null),
  });
  const components = applyConfiguredComponents(detected, input.configured ?? [], rootName);
  return new Project({ root: input.root, files: input.files, roleDecisions, lockfiles: input.lockfiles, otherFiles: input.otherFiles ?? [], manifests, aliases, inventory, components, shell: input.shell });
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
    // The configured archetype comes first; the other parts found stay, each judged by its own rules.
    if (wanted.archetype && component.roles) {
      const archetype = wanted.archetype;
      const rest = component.roles.filter((r) => r.archetype !== archetype);
      component.roles = [{ archetype, evidence: [{ path: '.seaworthy.yml', line: null, detail: `set in configuration: ${archetype}` }] }, ...rest];
    }
    if (wanted.exposure) component.exposure = wanted.exposure;
    component.confidence = 'high';
    component.configured = true;
    component.evidence = [{ path: '.seaworthy.yml', line: null, detail: `set in configuration: ${[wanted.archetype, wanted.exposure].filter(Boolean).join(', ')}` }, ...component.evidence];
  }
  return out.sort((a, b) => (a.path === '.' ? -1 : b.path === '.' ? 1 : byCodePoint(a.path, b.path)));
}
