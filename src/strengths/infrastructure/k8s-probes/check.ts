import { defineStrength } from '../../../engine/strength.js';
import { helmField, servesTraffic, workloads } from '../../../project/deployment/workloads.js';

export default defineStrength({
  meta: {
    code: 'STR005',
    name: 'k8s-probes',
    category: 'infrastructure',
    title: 'Readiness and liveness probes',
    description: 'Credits a Kubernetes workload that serves traffic and has readiness and liveness probes on every serving container (or a Helm chart that renders both by default).',
    condition:
      'A long-running workload that a Service sends traffic to has a readinessProbe and a livenessProbe on every container with a port (or its first container); for a Helm chart, both probes render with the default values.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'k8s-missing-probes', scope: 'file' }],
    references: ['Kubernetes docs: Configure Liveness, Readiness and Startup Probes', 'kube-linter no-readiness-probe / no-liveness-probe'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const w of workloads(project)) {
      if (servesTraffic(project, w) !== 'yes') continue;
      if (w.origin === 'manifest') {
        const serving = w.object.containers.filter((c, i) => c.ports.length > 0 || i === 0);
        if (serving.length > 0 && serving.every((c) => c.probes.some((p) => p.kind === 'readiness') && c.probes.some((p) => p.kind === 'liveness'))) {
          credit({ message: `${w.kind} \`${w.name}\` has readiness and liveness probes on every serving container: it gets traffic only when ready and is restarted when it hangs.`, path: w.path, line: w.line });
        }
        continue;
      }
      const readiness = helmField(w, 'readinessProbe');
      const liveness = helmField(w, 'livenessProbe');
      if (readiness.state === 'set' && liveness.state === 'set') {
        credit({ message: `Helm chart \`${w.chart.name}\` renders readiness and liveness probes by default.`, path: w.path, line: readiness.at.line, related: [...readiness.related, ...liveness.related].slice(0, 2) });
      }
    }
  },
});
