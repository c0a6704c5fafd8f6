import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

const HEALTH_LITERAL = /["'`]\/?(api\/)?(v\d+\/)?(health|healthz|health-check|health_check|healthcheck|livez|readyz|liveness|readiness|ready|ping|heartbeat)\/?["'`]/;
const HEALTH_LIBRARIES = /^(@nestjs\/terminus|express-healthcheck|@godaddy\/terminus|lightship|fastify-healthcheck|@fastify\/under-pressure|health_check|django_health_check|fastapi_health|healthcheck|flask_healthz|py_healthcheck)(\.|\/|$)/;

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function inside(component: string, path: string): boolean {
  return component === '.' || path === component || path.startsWith(`${component}/`);
}

/** Anything in code or deployment files that gives the component a health or readiness signal. */
function healthEvidence(project: Project, component: string): string | undefined {
  const runtime = project.inventory.runtime;
  const route = runtime.health.find((r) => (project.componentOf(r.path)?.path ?? '.') === component);
  if (route) return `${route.path}:${route.line}`;
  const files = project.codeOfComponent(component);
  for (const file of files) {
    if (file.imports.some((i) => HEALTH_LIBRARIES.test(i.module))) return file.path;
    if (HEALTH_LITERAL.test(project.readText(file.path) ?? '')) return file.path;
  }
  const settings = files.find((f) => f.language === 'python' && /['"]health_check(\.\w+)*['"]/.test(project.readText(f.path) ?? ''));
  if (settings) return settings.path;
  const infra = project.inventory.infra;
  for (const d of infra.dockerfiles) if (inside(component, d.dir) && d.stages.some((s) => s.healthcheck)) return d.path;
  for (const c of infra.compose) for (const s of c.services) if (s.healthcheck && s.build !== undefined && inside(component, s.build)) return `${c.path}:${s.healthcheck.line}`;
  for (const k of infra.kubernetes) for (const c of k.containers) if (c.probes.length > 0) return `${k.path}:${c.line}`;
  for (const chart of infra.helm) for (const t of chart.templates) if (/livenessProbe|readinessProbe|startupProbe/.test(project.readText(t.path) ?? '')) return t.path;
  return undefined;
}

export default defineRule({
  meta: {
    code: 'OBS002',
    name: 'missing-health-endpoint',
    category: 'observability',
    severity: 'medium',
    confidence: 'medium',
    title: 'Service without a health check',
    description: 'A web service exposes no health or readiness endpoint, and no container HEALTHCHECK, compose healthcheck or Kubernetes probe watches it.',
    archetypes: ['service'],
    nonGoal: 'CLIs, libraries and batch jobs are not polled by an orchestrator; a health endpoint has nothing to report for them.',
    messages: {
      missing:
        'No health check found for `{{component}}`: no health/readiness route{{root}}, no health-check library, no Dockerfile HEALTHCHECK, compose healthcheck or Kubernetes probe ({{searched}}). An orchestrator or load balancer cannot tell a hung or disconnected instance from a healthy one.',
    },
    fix: 'Add a cheap liveness route (`GET /healthz` → 200) and a readiness route that checks the dependencies the service cannot work without (database, cache), e.g. with @nestjs/terminus; point the container HEALTHCHECK, compose healthcheck or Kubernetes probes at them.',
    acceptance: 'The service answers a health route, and the deployment (HEALTHCHECK, compose, probes) uses it to restart or take out unhealthy instances.',
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/', 'https://docs.docker.com/reference/dockerfile/#healthcheck', 'https://docs.nestjs.com/recipes/terminus', 'hadolint DL3057', 'kube-linter no-liveness-probe', 'kube-linter no-readiness-probe'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const runtime = project.inventory.runtime;
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const mine = (path: string): boolean => (project.componentOf(path)?.path ?? '.') === component.path;
      const routes = runtime.routes.filter((r) => mine(r.path));
      const server = runtime.servers.find((s) => mine(s.path) && !/seed|script|migrat/i.test(s.path));
      if (!server || routes.length === 0 || healthEvidence(project, component.path)) continue;
      // A root route is only known to be the site root for Nest controllers and Python app-level routes.
      const root = routes.find((r) => r.route === '/' && r.method === 'GET' && !r.prefixUnknown && (r.framework === 'nestjs' || r.owner === 'app'));
      const files = project.codeOfComponent(component.path).length;
      report({
        messageId: 'missing',
        data: {
          component: component.path === '.' ? component.name : component.path,
          root: root ? ` (only \`GET /\` at ${root.path}:${root.line}, which is not a health check)` : '',
          searched: `${count(routes.length, 'route')} and ${count(files, 'production file')} searched, plus the repository's ${count(project.inventory.infra.dockerfiles.length, 'Dockerfile')}, ${count(project.inventory.infra.compose.length, 'compose file')} and ${count(project.inventory.infra.kubernetes.length, 'Kubernetes object')}`,
        },
        path: server.path,
        line: server.line,
        related: root ? [{ path: root.path, line: root.line }] : [],
      });
    }
  },
});
