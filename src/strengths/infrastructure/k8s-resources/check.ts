import { defineStrength } from '../../../engine/strength.js';
import { helmField, workloads, WORKLOAD_KINDS } from '../../../project/deployment/workloads.js';

function hasKey(content: unknown, key: string): boolean {
  return typeof content === 'object' && content !== null && key in content;
}

export default defineStrength({
  meta: {
    code: 'STR006',
    name: 'k8s-resources',
    category: 'infrastructure',
    title: 'Resource requests and limits set',
    description: 'Credits a Kubernetes workload whose every container sets resource requests and limits (or a Helm chart that renders them by default).',
    condition: 'Every container of a workload sets `resources.requests` and `resources.limits`; for a Helm chart, `resources` renders with requests and limits from the default values.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'k8s-missing-resources', scope: 'file' }],
    references: ['Kubernetes docs: Resource Management for Pods and Containers', 'kube-linter unset-cpu-requirements / unset-memory-requirements'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const w of workloads(project, WORKLOAD_KINDS)) {
      if (w.origin === 'manifest') {
        if (w.object.containers.length > 0 && w.object.containers.every((c) => c.resources.requests && c.resources.limits)) {
          credit({ message: `Every container of ${w.kind} \`${w.name}\` sets resource requests and limits: the scheduler places it knowingly and a leak cannot take the node.`, path: w.path, line: w.line });
        }
        continue;
      }
      const view = helmField(w, 'resources');
      if (view.state !== 'set') continue;
      const content = view.field?.content;
      if (content !== undefined && !(hasKey(content, 'requests') && hasKey(content, 'limits'))) continue;
      credit({ message: `Helm chart \`${w.chart.name}\` renders its ${w.kind} with resources by default${view.via ? ` (${view.via})` : ''}.`, path: view.at.path, line: view.at.line });
    }
  },
});
