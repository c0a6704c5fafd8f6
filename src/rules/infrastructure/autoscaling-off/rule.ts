import { defineRule } from '../../../engine/rule.js';
import { isCacheImage, isDatastoreImage } from '../../../project/deployment/datastores.js';
import { imageBaseName } from '../../../project/deployment/security.js';
import { autoscaler, describeDrivers, servesTraffic, workloads } from '../../../project/deployment/workloads.js';

type MessageId = 'none' | 'helmOff';

export default defineRule<MessageId>({
  meta: {
    code: 'INF013',
    name: 'autoscaling-off',
    category: 'infrastructure',
    severity: 'info',
    confidence: 'high',
    title: 'No autoscaling for a Kubernetes service',
    description: 'A Deployment that serves traffic has no HorizontalPodAutoscaler (or KEDA ScaledObject), or its chart ships one switched off by default.',
    archetypes: ['service', 'frontend', 'infra'],
    messages: {
      none: 'No HorizontalPodAutoscaler targets {{kind}} `{{name}}`: its replica count is fixed, whatever the load.',
      helmOff: 'Helm chart `{{chart}}` ships a HorizontalPodAutoscaler that is off by default{{via}}: the {{kind}} keeps a fixed replica count unless an install turns it on.',
    },
    fix: 'Add a HorizontalPodAutoscaler (CPU or a request-rate metric) with minReplicas ≥ 2, once the container has resource requests; or document why a fixed replica count is right.',
    acceptance: 'An autoscaler targets the workload with the default configuration, or the fixed count is a documented decision.',
    references: ['kube-score (related: deployment-replicas)', 'Kubernetes docs: Horizontal Pod Autoscaling'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    for (const w of workloads(project)) {
      if (w.kind !== 'Deployment' || servesTraffic(project, w) !== 'yes') continue;
      // Datastores and caches are scaled by other means than an HPA.
      if (w.origin === 'manifest' && w.object.containers.some((c) => isDatastoreImage(imageBaseName(c.image)) || isCacheImage(imageBaseName(c.image)))) continue;
      const hpa = autoscaler(project, w);
      if (hpa === 'unknown') continue;
      if (hpa !== null) {
        strength({ title: 'Autoscaling', message: `${w.origin === 'helm' ? `Helm chart \`${w.chart.name}\`` : `${w.kind} \`${w.name}\``} is scaled by a HorizontalPodAutoscaler.`, path: hpa.path, line: hpa.line });
        continue;
      }
      if (w.origin === 'manifest') {
        report({ messageId: 'none', data: { kind: w.kind, name: w.name }, path: w.path, line: w.line });
        continue;
      }
      const off = w.chart.objects.find((o) => (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') && o.renders === 'no');
      if (!off) {
        report({ messageId: 'none', data: { kind: w.kind, name: w.chart.name }, path: w.path, line: w.line });
        continue;
      }
      const condition = off.conditions.find((c) => c.line !== null && c.truth === 'no') ?? off.conditions.find((c) => c.line !== null);
      const via = condition ? ` (${describeDrivers(w.chart, { line: off.line, state: 'empty', drivers: [condition] })})` : '';
      const at = condition?.line != null && w.chart.values ? { path: w.chart.values.path, line: condition.line } : { path: off.template, line: off.line };
      report({ messageId: 'helmOff', data: { chart: w.chart.name, kind: w.kind, via }, path: at.path, line: at.line, related: [{ path: off.template, line: off.line }] });
    }
  },
});
