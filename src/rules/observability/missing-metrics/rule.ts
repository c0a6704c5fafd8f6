import { at, str } from '../../../facts/located.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import { isComposeFile } from '../../../project/inventory/infra.js';
import type { Project } from '../../../project/project.js';

const METRICS_MODULES = /^(prometheus_client|prometheus_fastapi_instrumentator|starlette_exporter|django_prometheus|aioprometheus|statsd|datadog|ddtrace|opentelemetry|prom-client|express-prom-bundle|@willsoto\/nestjs-prometheus|hot-shots|@opentelemetry\/|dd-trace|newrelic|elastic-apm-node|elasticapm|sentry_sdk|@sentry\/)/;

interface Scaling {
  path: string;
  line: number;
  detail: string;
  /** Names that tie the scaling to a component: workload name, image, chart or compose service. */
  names: string[];
}

/** Evidence that something runs several instances: replicas > 1, an autoscaler, compose deploy.replicas. */
function scalingEvidence(project: Project): Scaling[] {
  const out: Scaling[] = [];
  const infra = project.inventory.infra;
  for (const k of infra.kubernetes) {
    const file = project.file(k.path);
    const doc = (file?.kind === 'data' && file.language === 'yaml' ? file.documents : []).find((d) => d?.line === k.line);
    const replicasLine = at(doc, 'spec', 'replicas')?.line ?? k.line;
    if (k.replicas !== undefined && k.replicas > 1) out.push({ path: k.path, line: replicasLine, detail: `${k.kind} \`${k.name}\` runs ${k.replicas} replicas`, names: [k.name, ...k.containers.map((c) => c.image)] });
    if (/^(HorizontalPodAutoscaler|ScaledObject)$/.test(k.kind)) out.push({ path: k.path, line: k.line, detail: `${k.kind} \`${k.name}\` scales it out`, names: [k.name] });
  }
  for (const chart of infra.helm) {
    const doc = chart.values?.doc;
    const replicas = at(doc, 'replicaCount');
    const auto = at(doc, 'autoscaling', 'enabled');
    if (replicas?.t === 'scalar' && typeof replicas.value === 'number' && replicas.value > 1) out.push({ path: chart.values?.path ?? chart.path, line: replicas.line, detail: `Helm chart \`${chart.name}\` sets replicaCount ${replicas.value}`, names: [chart.name, chart.dir] });
    if (auto?.t === 'scalar' && auto.value === true) out.push({ path: chart.values?.path ?? chart.path, line: auto.line, detail: `Helm chart \`${chart.name}\` enables autoscaling`, names: [chart.name, chart.dir] });
  }
  for (const file of project.data('yaml')) {
    if (!isComposeFile(file.path)) continue;
    const services = at(file.documents[0] ?? undefined, 'services');
    for (const entry of services?.t === 'map' ? services.entries : []) {
      const replicas = at(entry.value, 'deploy', 'replicas');
      if (replicas?.t === 'scalar' && typeof replicas.value === 'number' && replicas.value > 1) {
        out.push({ path: file.path, line: replicas.line, detail: `compose service \`${entry.key}\` runs ${replicas.value} replicas`, names: [entry.key, str(at(entry.value, 'build')) ?? str(at(entry.value, 'build', 'context')) ?? ''] });
      }
    }
  }
  return out;
}

function belongsTo(scaling: Scaling, component: ComponentProfile, longLived: readonly ComponentProfile[]): boolean {
  if (longLived.length === 1) return true;
  const name = component.name.toLowerCase();
  return scaling.names.some((n) => {
    const candidate = n.toLowerCase();
    return candidate !== '' && (candidate.includes(name) || (component.path !== '.' && candidate.includes(component.path.toLowerCase())) || scaling.path.startsWith(`${component.path}/`));
  });
}

export default defineRule({
  meta: {
    code: 'OBS005',
    name: 'missing-metrics',
    category: 'observability',
    severity: 'medium',
    confidence: 'medium',
    title: 'Scaled-out service without metrics',
    description: 'A service or worker deployed as several instances (replicas > 1 or an autoscaler) exports no metrics and has no APM or tracing library.',
    archetypes: ['service', 'worker'],
    nonGoal: 'Metrics, traces and request ids are for long-lived services run as several instances; a CLI reports through its output and exit code, and a library leaves instrumentation to the application.',
    messages: {
      noMetrics:
        '{{scaling}}, but `{{component}}` exports no metrics and uses no APM or tracing library ({{searched}}): with several instances, logs alone cannot show request rates, latencies or errors per instance, and an autoscaler has nothing but CPU to act on.',
    },
    fix: 'Export RED metrics (request rate, errors, duration) per instance — prometheus_client / prometheus-fastapi-instrumentator, prom-client / @willsoto/nestjs-prometheus, or OpenTelemetry metrics — and scrape them from every replica.',
    acceptance: 'Each instance exposes request count, error count and latency metrics that the platform scrapes.',
    references: ['https://prometheus.io/docs/practices/instrumentation/', 'https://opentelemetry.io/docs/concepts/signals/metrics/', 'https://sre.google/sre-book/monitoring-distributed-systems/'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const scaling = scalingEvidence(project);
    if (scaling.length === 0) return;
    const longLived = project.components.filter((c) => c.archetype === 'service' || c.archetype === 'worker');
    const scrapes = [...project.texts(), ...project.data('yaml')].some((f) => /prometheus\.io\/scrape|ServiceMonitor|PodMonitor/.test(project.readText(f.path) ?? ''));
    for (const component of longLived) {
      const evidence = scaling.find((s) => belongsTo(s, component, longLived));
      if (!evidence || scrapes) continue;
      const files = project.codeOfComponent(component.path);
      if (files.some((f) => f.imports.some((i) => !i.relative && METRICS_MODULES.test(i.module)))) continue;
      const server = project.inventory.runtime.servers.find((s) => (project.componentOf(s.path)?.path ?? '.') === component.path);
      report({
        messageId: 'noMetrics',
        data: {
          scaling: evidence.detail.charAt(0).toUpperCase() + evidence.detail.slice(1),
          component: component.path === '.' ? component.name : component.path,
          searched: `imports of ${files.length} production file${files.length === 1 ? '' : 's'} searched for Prometheus, StatsD, OpenTelemetry, Datadog, New Relic, Elastic APM and Sentry`,
        },
        path: evidence.path,
        line: evidence.line,
        related: server ? [{ path: server.path, line: server.line }] : [],
      });
    }
  },
});
