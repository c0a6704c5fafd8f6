import { defineStrength } from '../../../engine/strength.js';
import { helmField, workloads, type HelmFieldView } from '../../../project/deployment/workloads.js';

function readOnly(context: unknown): boolean {
  return typeof context === 'object' && context !== null && (context as Record<string, unknown>)['readOnlyRootFilesystem'] === true;
}

/** A Helm securityContext renders `readOnlyRootFilesystem: true` with the default values (or as literal template text). */
function helmReadOnly(view: HelmFieldView): boolean {
  if (view.state !== 'set' || !view.field) return false;
  if (view.field.content !== undefined) return readOnly(view.field.content);
  return /\breadOnlyRootFilesystem:\s*true\b/.test(view.field.literal ?? '');
}

export default defineStrength({
  meta: {
    code: 'STR008',
    name: 'read-only-root-filesystem',
    category: 'infrastructure',
    title: 'Read-only root filesystem',
    description: 'Credits Kubernetes containers (or Helm charts by default) that run with `readOnlyRootFilesystem: true`.',
    condition: 'A container of a long-running workload sets `securityContext.readOnlyRootFilesystem: true` and is not privileged; for a Helm chart, the container securityContext renders it with the default values.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [],
    references: ['kube-linter no-read-only-root-fs', 'CIS Kubernetes Benchmark 5.7.3'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const w of workloads(project)) {
      if (w.origin === 'manifest') {
        for (const c of w.object.containers) {
          const context = c.securityContext as Record<string, unknown> | undefined;
          if (!readOnly(context) || context?.['privileged'] === true) continue;
          credit({ message: `Container \`${c.name}\` of ${w.kind} \`${w.name}\` runs with a read-only root filesystem: an intruder cannot drop tools or alter the image's files.`, path: w.path, line: c.securityContextLine ?? c.line });
        }
        continue;
      }
      const view = helmField(w, 'securityContext');
      if (helmReadOnly(view)) credit({ message: `Helm chart \`${w.chart.name}\` renders its ${w.kind} with a read-only root filesystem by default.`, path: view.at.path, line: view.at.line });
    }
  },
});
