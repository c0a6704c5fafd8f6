import { defineRule } from '../../../engine/rule.js';
import { nonRootContext } from '../../../project/deployment/security.js';
import { helmField, workloads, type HelmFieldView } from '../../../project/deployment/workloads.js';

type MessageId = 'missing' | 'privileged' | 'helmMissing';

interface Hardening {
  nonRoot: boolean;
  noEscalation: boolean;
  readOnly: boolean;
  privileged: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function fromContexts(container: unknown, pod: unknown): Hardening {
  const c = record(container);
  return {
    nonRoot: nonRootContext(c) || nonRootContext(pod),
    noEscalation: c['allowPrivilegeEscalation'] === false,
    readOnly: c['readOnlyRootFilesystem'] === true,
    privileged: c['privileged'] === true,
  };
}

/** A Helm field's content: from values (plain data) or literal template text read for the keys that matter. */
function helmContent(view: HelmFieldView): Record<string, unknown> {
  if (view.state !== 'set' || !view.field) return {};
  if (view.field.content !== undefined) return record(view.field.content);
  const text = view.field.literal ?? '';
  const flag = (key: string): boolean | undefined => {
    const m = new RegExp(`\\b${key}:\\s*(true|false)\\b`).exec(text);
    return m ? m[1] === 'true' : undefined;
  };
  const user = /\brunAsUser:\s*(\d+)/.exec(text)?.[1];
  const out: Record<string, unknown> = {};
  for (const key of ['runAsNonRoot', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'privileged']) {
    const v = flag(key);
    if (v !== undefined) out[key] = v;
  }
  if (user !== undefined) out['runAsUser'] = Number(user);
  return out;
}

function consequence(h: Hardening): string {
  const parts = [
    ...(h.nonRoot ? [] : ['it runs as whatever user the image sets, often root']),
    ...(h.noEscalation ? [] : ['a setuid binary can raise its privileges']),
    ...(h.readOnly ? [] : ['an intruder can write to its filesystem']),
  ];
  return parts.join('; ');
}

function missingList(h: Hardening): string[] {
  return [...(h.nonRoot ? [] : ['runAsNonRoot/runAsUser']), ...(h.noEscalation ? [] : ['allowPrivilegeEscalation: false']), ...(h.readOnly ? [] : ['readOnlyRootFilesystem: true'])];
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF010',
    name: 'k8s-no-security-context',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Kubernetes container without a hardened securityContext',
    description: 'A container of a Kubernetes workload (manifest, or Helm chart with its default values) does not set runAsNonRoot/runAsUser, allowPrivilegeEscalation: false and readOnlyRootFilesystem: true, or runs privileged.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      missing: 'Container `{{container}}` of {{kind}} `{{name}}` does not set {{missing}} (container or pod securityContext): {{consequence}}.',
      privileged: 'Container `{{container}}` of {{kind}} `{{name}}` runs `privileged: true`: it has every capability and the host\'s devices, so a compromise of the container is a compromise of the node.',
      helmMissing: 'The {{kind}} of Helm chart `{{chart}}` renders without {{missing}} by default{{via}}: {{consequence}}.',
    },
    fix: 'Set `runAsNonRoot: true` (and a `runAsUser`) at pod level, and `allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true` and `capabilities: {drop: [ALL]}` on each container; mount an emptyDir where the app must write.',
    acceptance: 'Every container renders with runAsNonRoot (or runAsUser > 0), allowPrivilegeEscalation: false and readOnlyRootFilesystem: true, and none is privileged.',
    references: ['kube-linter run-as-non-root / privilege-escalation-container / no-read-only-root-fs / privileged-container', 'kube-score container-security-context-*', 'Polaris runAsRootAllowed / privilegeEscalationAllowed / notReadOnlyRootFilesystem', 'Checkov CKV_K8S_20 / CKV_K8S_22 / CKV_K8S_23 / CKV_K8S_16', 'CWE-250'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    for (const w of workloads(project)) {
      if (w.origin === 'manifest') {
        for (const c of w.object.containers) {
          const h = fromContexts(c.securityContext, w.object.podSecurityContext);
          const data = { container: c.name, kind: w.kind, name: w.name };
          const line = c.securityContextLine ?? c.line;
          if (h.privileged) {
            report({ messageId: 'privileged', data, path: w.path, line, severity: 'high' });
            continue;
          }
          const missing = missingList(h);
          if (missing.length > 0) report({ messageId: 'missing', data: { ...data, missing: missing.join(', '), consequence: consequence(h) }, path: w.path, line, severity: h.nonRoot ? 'low' : 'medium' });
        }
        continue;
      }
      const container = helmField(w, 'securityContext');
      const pod = helmField(w, 'podSecurityContext');
      if (container.state === 'unknown' || pod.state === 'unknown') continue;
      const h = fromContexts(helmContent(container), helmContent(pod));
      const missing = missingList(h);
      if (missing.length === 0 && !h.privileged) continue;
      const empty = [container, pod].find((v) => v.state === 'empty');
      const where = empty ?? (container.state === 'set' ? container : { at: { path: w.path, line: w.line }, related: [], via: '' });
      const via = [container, pod].filter((v) => v.via).map((v) => v.via).join(', ');
      report({
        messageId: 'helmMissing',
        data: { kind: w.kind, chart: w.chart.name, missing: h.privileged ? 'dropping `privileged: true`' : missing.join(', '), via: via ? ` (${via})` : '', consequence: h.privileged ? 'the container has every capability and the host\'s devices' : consequence(h) },
        path: where.at.path,
        line: where.at.line,
        related: where.related,
        severity: h.privileged ? 'high' : h.nonRoot ? 'low' : 'medium',
      });
    }
  },
});
