import { defineRule } from '../../../engine/rule.js';
import { isCacheImage, isDatastoreImage } from '../../../project/deployment/datastores.js';
import { imageBaseName } from '../../../project/deployment/security.js';
import { autoscaler, describeDrivers, servesTraffic, workloads, type Workload } from '../../../project/deployment/workloads.js';
import { byCodePoint } from '../../../util/order.js';
import { pushTo } from '../../../util/group.js';

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
      none: 'No HorizontalPodAutoscaler under `{{unit}}` targets {{kind}}: {{verb}} replica count is fixed, whatever the load.',
      helmOff: 'Helm chart `{{chart}}` ships a HorizontalPodAutoscaler that is off by default{{via}}: {{kind}} {{keeps}} a fixed replica count unless an install turns it on.',
    },
    fix: 'Add a HorizontalPodAutoscaler (CPU or a request-rate metric) with minReplicas ≥ 2, once the container has resource requests; or document why a fixed replica count is right.',
    acceptance: 'An autoscaler targets the workload with the default configuration, or the fixed count is a documented decision.',
    references: ['kube-score (related: deployment-replicas)', 'Kubernetes docs: Horizontal Pod Autoscaling'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const units = new Map<string, Workload[]>();
    for (const w of workloads(project)) {
      if (w.kind !== 'Deployment' || servesTraffic(project, w) !== 'yes') continue;
      // Datastores and caches are scaled by other means than an HPA.
      if (w.origin === 'manifest' && w.object.containers.some((c) => isDatastoreImage(imageBaseName(c.image)) || isCacheImage(imageBaseName(c.image)))) continue;
      const hpa = autoscaler(project, w);
      if (hpa === 'unknown') continue;
      if (hpa !== null) {
        strength({ title: 'Autoscaling', message: `${w.kind} \`${w.name}\` is scaled by a HorizontalPodAutoscaler.`, path: hpa.path, line: hpa.line });
        continue;
      }
      const unit = w.origin === 'helm' ? w.chart.dir : (w.path.split('/')[0] ?? '.');
      pushTo(units, unit, w);
    }
    for (const [unit, list] of [...units.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = list[0];
      if (!first) continue;
      const names = list.slice(0, 4).map((w) => `\`${w.name}\``).join(', ') + (list.length > 4 ? ', …' : '');
      const data = { kind: list.length === 1 ? `Deployment ${names}` : `${list.length} Deployments (${names})`, unit, verb: list.length === 1 ? 'its' : 'their', keeps: list.length === 1 ? 'keeps' : 'keep' };
      const off = first.origin === 'helm' ? first.chart.objects.find((o) => (o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject') && o.renders === 'no') : undefined;
      if (first.origin === 'helm' && off) {
        const condition = off.conditions.find((c) => c.line !== null && c.truth === 'no') ?? off.conditions.find((c) => c.line !== null);
        const via = condition ? ` (${describeDrivers(first.chart, { line: off.line, state: 'empty', drivers: [condition] })})` : '';
        const at = condition?.line != null && first.chart.values ? { path: first.chart.values.path, line: condition.line } : { path: off.template, line: off.line };
        report({ messageId: 'helmOff', data: { chart: first.chart.name, via, ...data }, path: at.path, line: at.line, related: [{ path: off.template, line: off.line }] });
        continue;
      }
      report({ messageId: 'none', data, path: first.path, line: first.line, related: list.slice(1, 4).map((w) => ({ path: w.path, line: w.line })) });
    }
  },
});
