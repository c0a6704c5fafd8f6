import { defineRule } from '../../../engine/rule.js';
import { finalChain, imageUses, startCommand } from '../../../project/deployment/images.js';
import { ownerOfImage } from '../../../project/deployment/owners.js';
import { workloads } from '../../../project/deployment/workloads.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'noCheck' | 'noCheckWithEndpoint' | 'disabled';

/** Platform files that configure an HTTP health check for the app (fly.io, Render, Railway, App Engine, ECS). */
const PLATFORM_CHECKS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/(^|\/)fly\.toml$/, /\b(http_checks|checks|tcp_checks)\b/],
  [/(^|\/)render\.ya?ml$/, /\bhealthCheckPath\b/],
  [/(^|\/)railway\.(json|toml)$/, /\bhealthcheckPath\b/],
  [/(^|\/)app\.ya?ml$/, /\b(liveness_check|readiness_check|health_check)\b/],
  [/(^|\/)(task-definition|taskdef)[\w.-]*\.json$/, /\bhealthCheck\b/],
  [/(^|\/)Dockerrun\.aws\.json$/, /\bhealthCheck\b/],
];

function platformCheck(project: Project): { path: string; line: number } | null {
  for (const file of project.files) {
    const check = PLATFORM_CHECKS.find(([name]) => name.test(file.path));
    if (!check) continue;
    const text = project.readText(file.path) ?? '';
    const index = text.split('\n').findIndex((l) => check[1].test(l));
    if (index !== -1) return { path: file.path, line: index + 1 };
  }
  return null;
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF003',
    name: 'missing-healthcheck',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'No health check for the service container',
    description: 'The image of a deployed service has no HEALTHCHECK, and nothing that runs it checks its health: no compose healthcheck, no Kubernetes probes, no platform health check.',
    archetypes: ['service', 'infra'],
    nonGoal: 'Health checks belong to long-running services; a CLI, library, worker or static frontend is judged by other means.',
    messages: {
      noCheck: '`{{file}}` has no HEALTHCHECK and nothing checks the {{component}}\'s health: searched the image, `healthcheck:` of the compose services that build or run it, probes of Kubernetes workloads and Helm charts, and platform files; and no route read from the code ({{routes}}) is named health/ready/live/ping.',
      noCheckWithEndpoint: '`{{file}}` has no HEALTHCHECK and nothing calls the {{component}}\'s health endpoint `{{endpoint}}`: searched the image, `healthcheck:` of the compose services that build or run it, probes of Kubernetes workloads and Helm charts, and platform files.',
      disabled: '`{{file}}` disables the health check (`HEALTHCHECK NONE`) and nothing else checks the {{component}}\'s health.',
    },
    fix: 'Serve a cheap health endpoint (process up; a separate readiness endpoint that checks the database) and call it from a `HEALTHCHECK` in the image, a compose `healthcheck:`, or Kubernetes readiness/liveness probes.',
    acceptance: 'The running container reports healthy or unhealthy from an actual check: `docker ps` shows the health state, or the orchestrator\'s probes pass.',
    references: ['hadolint (no rule; Docker HEALTHCHECK reference)', 'Checkov CKV_DOCKER_2 (HEALTHCHECK instructions have been added to container images)', 'kube-linter no-liveness-probe / no-readiness-probe', 'CWE-1088 (related: no bound on waiting)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const platform = platformCheck(project);
    const allWorkloads = workloads(project);
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy' || use.component?.archetype !== 'service') continue;
      const component = use.component;
      const healthcheck = finalChain(use.dockerfile).find((s) => s.healthcheck)?.healthcheck;
      const disabled = healthcheck !== undefined && /^NONE\b/i.test(healthcheck.value.trim());
      if (healthcheck && !disabled) continue;
      // Compose services that build the image, or run the image CI builds from it by name.
      if ([...use.services, ...use.runBy].some((s) => s.service.healthcheck && s.compose.purpose !== 'test')) continue;
      // Probes of a workload that runs this image, or of any workload when none can be matched to an image.
      const probed = allWorkloads.some((w) => {
        const images = w.origin === 'manifest' ? w.object.containers.map((c) => c.image) : [];
        const mine = images.length === 0 || images.some((i) => ownerOfImage(project, i)?.path === component.path) || images.every((i) => ownerOfImage(project, i) === null);
        const probes = w.origin === 'manifest' ? w.object.containers.some((c) => c.probes.length > 0) : ['livenessProbe', 'readinessProbe', 'startupProbe'].some((k) => w.object.fields[k as 'livenessProbe']?.state !== undefined && w.object.fields[k as 'livenessProbe']?.state !== 'empty');
        return mine && probes;
      });
      if (probed || platform) continue;
      const start = startCommand(use.dockerfile);
      const command = start.cmd ?? start.entrypoint;
      const line = disabled && healthcheck ? healthcheck.line : (command?.line ?? use.final.line);
      const health = project.inventory.runtime.health.find((r) => project.componentOf(r.path)?.path === component.path);
      const routes = project.inventory.runtime.routes.filter((r) => project.componentOf(r.path)?.path === component.path).length;
      const name = `service \`${component.path === '.' ? component.name : component.path}\``;
      const related = [{ path: use.dockerfile.path, line: use.final.line }, ...(health ? [{ path: health.path, line: health.line }] : []), ...use.services.filter((s) => s.compose.purpose === 'deploy').slice(0, 1).map((s) => ({ path: s.compose.path, line: s.service.line }))];
      if (disabled) report({ messageId: 'disabled', data: { file: use.dockerfile.path, component: name }, path: use.dockerfile.path, line, related });
      else if (health) report({ messageId: 'noCheckWithEndpoint', data: { file: use.dockerfile.path, component: name, endpoint: `${health.method} ${health.route}` }, path: use.dockerfile.path, line, related });
      else report({ messageId: 'noCheck', data: { file: use.dockerfile.path, component: name, routes: `${routes} route${routes === 1 ? '' : 's'}` }, path: use.dockerfile.path, line, related });
    }
  },
});
