import { defineStrength } from '../../../engine/strength.js';
import { manifestObjects } from '../../../project/deployment/workloads.js';

export default defineStrength({
  meta: {
    code: 'STR007',
    name: 'ingress-tls',
    category: 'infrastructure',
    title: 'Ingress serves TLS',
    description: 'Credits a Kubernetes Ingress with a `tls` section.',
    condition: 'A Kubernetes Ingress manifest has a non-empty `spec.tls` section.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'ingress-without-tls', scope: 'file' }],
    references: ['Kubernetes docs: Ingress TLS', 'CWE-319'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const ingress of manifestObjects(project)) {
      if (ingress.kind !== 'Ingress' || !ingress.tls) continue;
      credit({ message: `Ingress \`${ingress.name}\` has a \`tls\` section: traffic from clients is encrypted up to the cluster.`, path: ingress.path, line: ingress.nameLine });
    }
  },
});
