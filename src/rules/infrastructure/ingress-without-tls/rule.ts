import { defineRule } from '../../../engine/rule.js';
import { chartObjects, describeDrivers, driverLocations, manifestObjects } from '../../../project/deployment/workloads.js';

type MessageId = 'noTls' | 'helmNoTls';

/** Annotations that terminate TLS at a cloud load balancer in front of the Ingress. */
const LB_TLS = /certificate-arn|ssl-cert|managed-certificates|pre-shared-cert|ingress\.allow-http|appgw-ssl-certificate|frontend-config/;

export default defineRule<MessageId>({
  meta: {
    code: 'INF011',
    name: 'ingress-without-tls',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Ingress serves plain HTTP',
    description: 'A Kubernetes Ingress (manifest, or Helm chart with its default values) routes hosts without a `tls` section and no load-balancer certificate annotation.',
    archetypes: ['service', 'frontend', 'infra'],
    messages: {
      noTls: 'Ingress `{{name}}` routes {{hosts}} with no `tls:` section and no load-balancer certificate: traffic, including credentials and session cookies, travels in clear text.',
      helmNoTls: 'The Ingress of Helm chart `{{chart}}` renders without TLS by default{{via}}: traffic, including credentials and session cookies, travels in clear text.',
    },
    fix: 'Add a `tls:` section with the hosts and a certificate secret (cert-manager can issue it), or terminate TLS at the load balancer and say so with its annotation; redirect HTTP to HTTPS.',
    acceptance: 'Every Ingress host is served over HTTPS (tls section or load-balancer certificate) and plain HTTP redirects.',
    references: ['kube-score (related: ingress-targets-service)', 'Checkov CKV_K8S_... (Ingress TLS)', 'CWE-319: Cleartext Transmission of Sensitive Information', 'OWASP ASVS 9.1'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    for (const ingress of manifestObjects(project)) {
      if (ingress.kind !== 'Ingress') continue;
      if (ingress.tls) continue;
      if (Object.keys(ingress.annotations ?? {}).some((k) => LB_TLS.test(k))) continue;
      const hosts = (ingress.hosts ?? []).length > 0 ? (ingress.hosts ?? []).map((h) => `\`${h}\``).join(', ') : 'every host';
      report({ messageId: 'noTls', data: { name: ingress.name, hosts }, path: ingress.path, line: ingress.nameLine });
    }
    for (const chart of project.inventory.infra.helm) {
      for (const ingress of chartObjects(chart, 'Ingress')) {
        if (ingress.renders !== 'yes') continue;
        const tls = ingress.fields.tls;
        if (tls?.state === 'set' || tls?.state === 'unknown') continue;
        const values = driverLocations(chart, tls)[0];
        const via = tls ? describeDrivers(chart, tls) : '';
        const at = values ?? { path: ingress.template, line: tls?.line ?? ingress.line };
        report({ messageId: 'helmNoTls', data: { chart: chart.name, via: via ? ` (${via} is empty)` : '' }, path: at.path, line: at.line, related: [{ path: ingress.template, line: ingress.line }] });
      }
    }
  },
});
