import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import { deployStacks } from '../../../project/deployment/compose.js';
import { finalChain, imageUses } from '../../../project/deployment/images.js';
import { ownerOf, ownerOfImage } from '../../../project/deployment/owners.js';
import { probePathOf, probeServed } from '../../../project/deployment/probes.js';
import { workloads } from '../../../project/deployment/workloads.js';
import type { Severity } from '../../../model/report.js';

type MessageId = 'notServed';

const CONSEQUENCE: Record<string, string> = {
  liveness: 'Kubernetes restarts the container again and again',
  readiness: 'the pod never becomes ready and receives no traffic',
  startup: 'Kubernetes kills the container before it has started',
  compose: 'the container stays unhealthy, and services that wait for it (`condition: service_healthy`) never start',
  image: 'the container is reported unhealthy (and replaced, under Swarm or ECS)',
};

interface Probe {
  kind: keyof typeof CONSEQUENCE;
  where: string;
  path: string;
  /** Where the path is written (the fix goes there). */
  at: { path: string; line: number };
  related: Array<{ path: string; line: number }>;
  component: ComponentProfile;
  matchedByImage: boolean;
  severity: Severity;
  /** For Helm: the value that drives the probe path. */
  driver?: string;
}

function componentName(c: ComponentProfile): string {
  return `${c.archetype} \`${c.path === '.' ? c.name : c.path}\``;
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF007',
    name: 'probe-path-not-served',
    category: 'infrastructure',
    severity: 'high',
    confidence: 'high',
    title: 'Health check asks for a path the service does not serve',
    description: 'A Kubernetes or Helm probe, a compose healthcheck or an image HEALTHCHECK requests an HTTP path that no route of the component\'s code serves.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      notServed: 'The {{kind}} of {{where}} requests `GET {{path}}`{{driver}}, but no route of the {{component}} serves it ({{routes}}; the word `{{word}}` appears nowhere in its code): {{consequence}}.',
    },
    fix: 'Point the probe at a path the application serves (its health route), or add that route; for Helm, change the value that sets the probe path.',
    acceptance: 'The probe path matches a route of the application (with its prefixes), and the container becomes healthy/ready in a test deployment.',
    references: ['kube-score container-probes', 'Kubernetes docs: Configure Liveness, Readiness and Startup Probes', 'Compose specification: healthcheck'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const probes: Probe[] = [];
    for (const w of workloads(project)) {
      const owner = ownerOf(project, w);
      if (w.origin === 'manifest') {
        for (const container of w.object.containers) {
          const component = ownerOfImage(project, container.image);
          if (!component) continue;
          for (const p of container.probes) {
            if (p.type !== 'http' || p.path === undefined) continue;
            probes.push({ kind: p.kind, where: `container \`${container.name}\` of ${w.kind} \`${w.name}\``, path: p.path, at: { path: w.path, line: p.pathLine ?? p.line }, related: [], component, matchedByImage: true, severity: 'high' });
          }
        }
        continue;
      }
      if (!owner) continue;
      for (const [key, kind] of [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const) {
        const field = w.object.fields[key];
        const target = field?.httpGet;
        if (!field || !target || field.state === 'empty') continue;
        const template = { path: w.path, line: field.line };
        const atValues = target.file === 'values' && w.chart.values ? { path: w.chart.values.path, line: target.line } : { path: w.path, line: target.line };
        const driver = target.valuesPath ? ` (set by \`.Values.${target.valuesPath}\`, ${w.chart.values?.path ?? 'values.yaml'}:${target.line})` : ` (written in the template, ${w.path}:${target.line})`;
        probes.push({ kind, where: `Helm chart \`${w.chart.name}\` (${w.kind} in ${w.path})`, path: target.path, at: atValues, related: atValues.path === w.path ? [] : [template], component: owner.component, matchedByImage: owner.how === 'image', severity: field.state === 'set' ? 'high' : 'medium', driver });
      }
    }
    const uses = imageUses(project);
    for (const stack of deployStacks(project)) {
      for (const service of stack.services) {
        for (const { file, service: part } of service.parts) {
          const check = part.healthcheck;
          const target = check ? probePathOf(check.test) : null;
          if (!check || !target) continue;
          const built = uses.find((u) => u.services.some((s) => service.parts.some((p) => p.service === s.service)));
          const component = built?.component ?? (service.image ? ownerOfImage(project, service.image) : null);
          if (!component) continue;
          probes.push({ kind: 'compose', where: `compose service \`${service.name}\``, path: target.path, at: { path: file.path, line: check.line }, related: [], component, matchedByImage: true, severity: 'high' });
        }
      }
    }
    for (const use of uses) {
      if (use.purpose !== 'deploy' || !use.component) continue;
      const healthcheck = finalChain(use.dockerfile).find((s) => s.healthcheck)?.healthcheck;
      const target = healthcheck ? probePathOf(healthcheck.value) : null;
      if (!healthcheck || !target) continue;
      probes.push({ kind: 'image', where: `\`${use.dockerfile.path}\``, path: target.path, at: { path: use.dockerfile.path, line: healthcheck.line }, related: [], component: use.component, matchedByImage: true, severity: 'medium' });
    }
    const seen = new Set<string>();
    for (const probe of probes) {
      const key = `${probe.at.path}:${probe.at.line}:${probe.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const answer = probeServed(project, probe.component, probe.path);
      if (answer.served !== 'no') continue;
      const health = project.inventory.runtime.health.find((r) => answer.routes.includes(r));
      const examples = answer.routes.slice(0, 3).map((r) => r.route).join(', ');
      const routes = `${answer.routes.length} route${answer.routes.length === 1 ? '' : 's'} found${health ? `, its health route is \`${health.route}\`` : `, e.g. ${examples}`}${answer.suffixOnly ? ', some behind a prefix set at run time' : ''}`;
      const word = probe.path.split('/').filter(Boolean).pop() ?? probe.path;
      report({
        messageId: 'notServed',
        data: {
          kind: probe.kind === 'compose' ? 'healthcheck' : probe.kind === 'image' ? 'HEALTHCHECK' : `${probe.kind} probe`,
          where: probe.where,
          path: probe.path,
          driver: probe.driver ?? '',
          component: componentName(probe.component),
          routes,
          word,
          consequence: CONSEQUENCE[probe.kind] ?? '',
        },
        path: probe.at.path,
        line: probe.at.line,
        related: [...probe.related, ...(health ? [{ path: health.path, line: health.line }] : [])],
        severity: probe.severity,
        confidence: probe.matchedByImage && !answer.suffixOnly ? 'high' : 'medium',
      });
    }
  },
});
