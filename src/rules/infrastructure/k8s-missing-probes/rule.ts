import { defineRule } from '../../../engine/rule.js';
import { helmField, servesTraffic, servicesOf, workloads } from '../../../project/deployment/workloads.js';

type MessageId = 'noReadiness' | 'noLiveness' | 'helmNoReadiness' | 'helmNoLiveness';

export default defineRule<MessageId>({
  meta: {
    code: 'INF006',
    name: 'k8s-missing-probes',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Kubernetes service without readiness or liveness probe',
    description: 'A workload behind a Kubernetes Service (manifest, or Helm chart with its default values) has a container without a readiness probe, or without a liveness probe.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    nonGoal: 'A CLI or library is not deployed to a cluster by its own repository.',
    messages: {
      noReadiness: 'Container `{{container}}` of {{kind}} `{{name}}` has no readinessProbe although Service `{{service}}` sends it traffic: pods get requests before they can answer them, during every start and rollout.',
      noLiveness: 'Container `{{container}}` of {{kind}} `{{name}}` has no livenessProbe: a hung process keeps its pod, and nothing restarts it.',
      helmNoReadiness: 'The {{kind}} of Helm chart `{{chart}}` renders no readinessProbe by default{{via}}: pods get traffic before they can answer it.',
      helmNoLiveness: 'The {{kind}} of Helm chart `{{chart}}` renders no livenessProbe by default{{via}}: a hung process is never restarted.',
    },
    fix: 'Add a readinessProbe (an endpoint that answers only when the app can serve, e.g. checks its database) and a livenessProbe (a cheap endpoint that fails only when the process must be restarted).',
    acceptance: 'Every container that serves traffic renders with a readinessProbe and a livenessProbe with the default values.',
    references: ['kube-linter no-readiness-probe / no-liveness-probe', 'kube-score container-probes', 'Polaris readinessProbeMissing / livenessProbeMissing', 'Checkov CKV_K8S_8 / CKV_K8S_9'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const w of workloads(project)) {
      if (servesTraffic(project, w) !== 'yes') continue;
      if (w.origin === 'manifest') {
        const service = servicesOf(project, w)[0];
        const serving = w.object.containers.filter((c, i) => c.ports.length > 0 || i === 0);
        for (const c of serving) {
          const data = { container: c.name, kind: w.kind, name: w.name, service: service?.name ?? '?' };
          if (!c.probes.some((p) => p.kind === 'readiness')) report({ messageId: 'noReadiness', data, path: w.path, line: c.line, ...(service ? { related: [{ path: service.path, line: service.nameLine }] } : {}) });
          else if (!c.probes.some((p) => p.kind === 'liveness')) report({ messageId: 'noLiveness', data, path: w.path, line: c.line, severity: 'low' });
        }
        continue;
      }
      const readiness = helmField(w, 'readinessProbe');
      const liveness = helmField(w, 'livenessProbe');
      const data = (via: string): Record<string, string> => ({ kind: w.kind, chart: w.chart.name, via: via ? ` (${via} is empty)` : '' });
      if (readiness.state === 'absent' || readiness.state === 'empty') report({ messageId: 'helmNoReadiness', data: data(readiness.state === 'empty' ? readiness.via : ''), path: readiness.at.path, line: readiness.at.line, related: readiness.related });
      else if (liveness.state === 'absent' || liveness.state === 'empty') report({ messageId: 'helmNoLiveness', data: data(liveness.state === 'empty' ? liveness.via : ''), path: liveness.at.path, line: liveness.at.line, related: liveness.related, severity: 'low' });
    }
  },
});
