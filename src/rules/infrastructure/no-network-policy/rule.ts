import { defineRule } from '../../../engine/rule.js';
import { isDatastoreImage } from '../../../project/deployment/datastores.js';
import { imageBaseName } from '../../../project/deployment/security.js';
import { networkPolicy, workloads, type Workload } from '../../../project/deployment/workloads.js';
import { byCodePoint } from '../../../util/order.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'none' | 'helmOff';

/** The unit a policy would be written for: a chart, or the top folder of plain manifests. */
function unitOf(w: Workload): string {
  return w.origin === 'helm' ? w.chart.dir : (w.path.split('/')[0] ?? '.');
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF009',
    name: 'no-network-policy',
    category: 'infrastructure',
    severity: 'low',
    confidence: 'medium',
    title: 'No NetworkPolicy for the Kubernetes workloads',
    description: 'No NetworkPolicy selects the workloads of a set of manifests or a Helm chart (with its default values): every pod in the cluster can connect to them.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      none: 'No NetworkPolicy under `{{unit}}` selects the pods of {{workloads}} ({{count}}): any pod in the cluster can connect to them{{datastore}}.',
      helmOff: 'Helm chart `{{chart}}` ships a NetworkPolicy that is off by default{{via}}: any pod in the cluster can connect to its pods{{datastore}}.',
    },
    fix: 'Add a default-deny ingress NetworkPolicy for the namespace and allow only the traffic each workload needs (the Ingress controller to the web tier, the app to its database); in a chart, enable the policy by default.',
    acceptance: 'Every workload is selected by a NetworkPolicy that allows only its expected clients, and the cluster\'s CNI enforces policies.',
    references: ['kube-score pod-networkpolicy', 'kube-linter (related: non-isolated-pod)', 'Checkov CKV_K8S_... (namespace network policy)', 'Kubernetes docs: Network Policies', 'NSA/CISA Kubernetes Hardening Guide: network separation'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const units = new Map<string, Workload[]>();
    for (const w of workloads(project)) pushTo(units, unitOf(w), w);
    for (const [unit, list] of [...units.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const covered = list.map((w) => networkPolicy(project, w));
      if (covered.some((c) => c !== null && c !== 'unknown')) continue;
      const first = list[0];
      if (!first) continue;
      const datastores = list.filter((w) => w.origin === 'manifest' && w.object.containers.some((c) => isDatastoreImage(imageBaseName(c.image))));
      const datastore = datastores.length > 0 ? `, including the datastore${datastores.length > 1 ? 's' : ''} ${datastores.map((d) => `\`${d.name}\``).join(', ')}` : '';
      const severity = datastores.length > 0 ? 'medium' : 'low';
      if (first.origin === 'helm') {
        const off = first.chart.objects.find((o) => o.kind === 'NetworkPolicy' && o.renders === 'no');
        if (covered.some((c) => c === 'unknown')) continue;
        if (off) {
          const condition = off.conditions.find((c) => c.line !== null && c.truth === 'no') ?? off.conditions.find((c) => c.line !== null);
          const at = condition?.line != null && first.chart.values ? { path: first.chart.values.path, line: condition.line } : { path: off.template, line: off.line };
          report({ messageId: 'helmOff', data: { chart: first.chart.name, via: condition ? ` (\`.Values.${condition.path}\`)` : '', datastore }, path: at.path, line: at.line, related: [{ path: off.template, line: off.line }], severity });
          continue;
        }
      }
      const names = list.slice(0, 4).map((w) => `${w.kind} \`${w.name}\``).join(', ') + (list.length > 4 ? ', …' : '');
      report({ messageId: 'none', data: { workloads: names, count: `${list.length} workload${list.length === 1 ? '' : 's'}`, unit, datastore }, path: first.path, line: first.line, related: list.slice(1, 4).map((w) => ({ path: w.path, line: w.line })), severity });
    }
  },
});
