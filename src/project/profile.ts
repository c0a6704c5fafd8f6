/** The report's `profile`: components with their evidence, and the inventories, as plain JSON. */
import type { Report } from '../model/report.js';
import type { Project } from './project.js';
import { byCodePoint } from '../util/order.js';

export function profileOf(project: Project): Report['profile'] {
  const languages: Record<string, { files: number; lines: number }> = {};
  for (const f of project.files) {
    const entry = (languages[f.language] ??= { files: 0, lines: 0 });
    entry.files++;
    entry.lines += f.lines;
  }
  const { tests, ci, infra, env, runtime } = project.inventory;
  const documented = new Map(env.documented.map((d) => [d.name, d.where]));
  const ciProvided = new Set(env.providedInCi.map((p) => p.name));
  // Raw values, as the inventories hold them: the output boundary (render/boundary.ts) masks what is printed.
  return {
    components: [...project.components],
    languages: Object.fromEntries(Object.entries(languages).sort(([a], [b]) => byCodePoint(a, b))),
    manifests: project.manifests.map((m) => ({
      path: m.path,
      ecosystem: m.ecosystem,
      kind: m.kind,
      ...(m.name ? { name: m.name } : {}),
      ...(m.runtime ? { runtime: m.runtime } : {}),
      dependencies: m.dependencies.map((d) => ({ name: d.name, spec: d.spec, kind: d.kind, ...(d.group ? { group: d.group } : {}), line: d.line })),
      entryPoints: m.scripts,
    })),
    lockfiles: [...project.lockfiles],
    tests,
    ci,
    infrastructure: infra,
    env: {
      read: env.read.map((r) => ({
        ...r,
        documented: documented.get(r.name)?.filter((w) => w.kind !== 'ci') ?? [],
        providedInCi: ciProvided.has(r.name),
      })),
      dynamicReads: env.dynamicReads,
      providedInCi: env.providedInCi,
    },
    runtime,
  };
}
