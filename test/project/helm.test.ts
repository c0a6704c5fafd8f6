/** Helm templates read through default values: which objects render, which fields, and which values drive them. */
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/parse/data/yaml.js';
import { readHelmObjects } from '../../src/project/inventory/helm.js';

function values(text: string): { doc: ReturnType<typeof parseYaml>['documents'][number] } {
  return { doc: parseYaml(text).documents[0] ?? null };
}

const TEMPLATE = `{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      {{- with .Values.podSecurityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
      - name: app
        image: "{{ .Values.image.repository }}"
        {{- if .Values.probes.enabled }}
        readinessProbe:
          httpGet:
            path: {{ .Values.probes.path }}
            port: http
        {{- else }}
        readinessProbe:
          tcpSocket:
            port: http
        {{- end }}
        livenessProbe:
          {{- toYaml .Values.livenessProbe | nindent 10 }}
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
{{- end }}
---
{{- if and .Values.enabled .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
spec:
  {{- with .Values.ingress.tls }}
  tls:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- define "unused" }}
kind: Secret
{{- end }}
`;

describe('readHelmObjects', () => {
  it('evaluates conditions, with blocks and value-driven fields against values.yaml', () => {
    const vals = values(`enabled: true
replicaCount: 3
autoscaling:
  enabled: false
podSecurityContext: {}
image:
  repository: ghcr.io/acme/app
probes:
  enabled: true
  path: /ready
livenessProbe:
  httpGet:
    path: /live
    port: http
resources: {}
ingress:
  enabled: true
  tls: []
`);
    const [deployment, ingress, ...rest] = readHelmObjects('chart/templates/app.yaml', TEMPLATE, vals);
    expect(rest).toEqual([]);
    expect(deployment?.kind).toBe('Deployment');
    expect(deployment?.renders).toBe('yes');
    expect(deployment?.replicas).toBe(3);
    expect(deployment?.fields.podSecurityContext?.state).toBe('empty');
    expect(deployment?.fields.podSecurityContext?.drivers.map((d) => d.path)).toEqual(['podSecurityContext']);
    expect(deployment?.fields.readinessProbe?.state).toBe('set');
    expect(deployment?.fields.readinessProbe?.httpGet).toMatchObject({ path: '/ready', file: 'values', valuesPath: 'probes.path', line: 10 });
    expect(deployment?.fields.livenessProbe?.httpGet).toMatchObject({ path: '/live', file: 'values', valuesPath: 'livenessProbe.httpGet.path', line: 13 });
    expect(deployment?.fields.resources).toMatchObject({ state: 'empty', drivers: [{ path: 'resources', line: 15, truth: 'no' }] });
    expect(ingress?.kind).toBe('Ingress');
    expect(ingress?.renders).toBe('yes');
    expect(ingress?.fields.tls?.state).toBe('empty');
  });

  it('says an object does not render when its condition is off, and unknown when it cannot tell', () => {
    const off = readHelmObjects('t.yaml', TEMPLATE, values('enabled: false\n'));
    expect(off.map((o) => o.renders)).toEqual(['no', 'no']);
    const noValues = readHelmObjects('t.yaml', TEMPLATE, null);
    expect(noValues.map((o) => o.renders)).toEqual(['unknown', 'unknown']);
  });

  it('takes the else branch when the condition is false, and leaves replicas to the autoscaler', () => {
    const [deployment] = readHelmObjects('t.yaml', TEMPLATE, values('enabled: true\nautoscaling:\n  enabled: true\nprobes:\n  enabled: false\n'));
    expect(deployment?.fields.readinessProbe?.state).toBe('set');
    expect(deployment?.fields.readinessProbe?.httpGet).toBeUndefined();
    expect(deployment?.replicas).toBeUndefined();
    expect(deployment?.fields.replicas?.state).toBe('empty');
  });

  it('treats a range body as unknown, never as rendered', () => {
    const template = `{{- range .Values.jobs }}
---
apiVersion: batch/v1
kind: Job
{{- end }}
`;
    expect(readHelmObjects('t.yaml', template, values('jobs:\n  - a\n')).map((o) => o.renders)).toEqual(['unknown']);
    expect(readHelmObjects('t.yaml', template, values('jobs: []\n')).map((o) => o.renders)).toEqual(['no']);
  });
});
