import { defineStrength } from '../../../engine/strength.js';
import { autoscaler, servesTraffic, workloads } from '../../../project/deployment/workloads.js';

export default defineStrength({
  meta: {
    code: 'STR009',
    name: 'autoscaling',
    category: 'infrastructure',
    title: 'Autoscaling',
    description: 'Credits a Deployment that serves traffic and is scaled by a HorizontalPodAutoscaler (or a KEDA ScaledObject).',
    condition: 'A Deployment that a Service sends traffic to is the scale target of a HorizontalPodAutoscaler or ScaledObject that renders by default.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'autoscaling-off', scope: 'file' }],
    references: ['Kubernetes docs: Horizontal Pod Autoscaling'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const w of workloads(project)) {
      if (w.kind !== 'Deployment' || servesTraffic(project, w) !== 'yes') continue;
      const hpa = autoscaler(project, w);
      if (hpa === null || hpa === 'unknown') continue;
      credit({ message: `${w.kind} \`${w.name}\` is scaled by an autoscaler: capacity follows load instead of a fixed replica count.`, path: hpa.path, line: hpa.line, related: [{ path: w.path, line: w.line }] });
    }
  },
});
