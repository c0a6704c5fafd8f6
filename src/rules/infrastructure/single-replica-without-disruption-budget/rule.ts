import { defineRule } from '../../../engine/rule.js';
import { ownerOf } from '../../../project/deployment/owners.js';
import { autoscaler, disruptionBudget, driverLocations, helmField, publicEntry, servesTraffic, workloads } from '../../../project/deployment/workloads.js';

type MessageId = 'single' | 'helmSingle';

export default defineRule<MessageId>({
  meta: {
    code: 'INF008',
    name: 'single-replica-without-disruption-budget',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Public service runs a single replica with no disruption budget',
    description: 'A Deployment or StatefulSet that serves public traffic runs one replica, with no autoscaler and no PodDisruptionBudget: every node drain, eviction or crash is an outage.',
    archetypes: ['service', 'frontend', 'infra'],
    messages: {
      single: '{{kind}} `{{name}}` runs a single replica{{replicas}} and no PodDisruptionBudget or autoscaler covers it, while {{entry}} sends it public traffic: a node drain, an eviction or a crash takes the service down until a new pod is ready.',
      helmSingle: 'The {{kind}} of Helm chart `{{chart}}` renders {{replicas}} replica by default{{via}}, with no PodDisruptionBudget or autoscaler enabled, for a public service: a node drain, an eviction or a crash takes it down.',
    },
    fix: 'Run at least two replicas (spread over nodes with topologySpreadConstraints or anti-affinity) and add a PodDisruptionBudget (`minAvailable: 1` or `maxUnavailable: 1`); or scale with a HorizontalPodAutoscaler whose minReplicas is 2.',
    acceptance: 'The workload renders with replicas ≥ 2 (or an HPA with minReplicas ≥ 2) and a PodDisruptionBudget selects its pods.',
    references: ['kube-score deployment-has-poddisruptionbudget / deployment-replicas', 'kube-linter no-anti-affinity (related)', 'Polaris deploymentMissingReplicas / missingPodDisruptionBudget', 'Kubernetes docs: Specifying a Disruption Budget'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const w of workloads(project)) {
      if ((w.kind !== 'Deployment' && w.kind !== 'StatefulSet') || servesTraffic(project, w) !== 'yes') continue;
      if (disruptionBudget(project, w) !== null || autoscaler(project, w) !== null) continue;
      const entry = publicEntry(project, w);
      if (w.origin === 'manifest') {
        const replicas = w.object.replicas ?? 1;
        if (!entry || replicas > 1) continue;
        report({ messageId: 'single', data: { kind: w.kind, name: w.name, replicas: w.object.replicas === undefined ? ' (`replicas` is not set: the default is 1)' : '', entry: entry.what }, path: w.path, line: w.line, related: [{ path: entry.path, line: entry.line }] });
        continue;
      }
      const owner = ownerOf(project, w);
      if (!entry && owner?.component.exposure !== 'public') continue;
      const view = helmField(w, 'replicas');
      if (view.state === 'unknown' || (view.state === 'set' && (w.object.replicas === undefined || w.object.replicas > 1))) continue;
      const replicas = view.state === 'set' ? String(w.object.replicas) : '1';
      const value = driverLocations(w.chart, view.field)[0];
      const at = value ?? view.at;
      const related = [...(value ? [{ path: w.path, line: view.field?.line ?? w.line }] : view.related), ...(entry ? [{ path: entry.path, line: entry.line }] : [])];
      report({ messageId: 'helmSingle', data: { kind: w.kind, chart: w.chart.name, replicas, via: view.via ? ` (${view.via})` : '' }, path: at.path, line: at.line, related });
    }
  },
});
