import { defineRule } from '../../../engine/rule.js';
import { helmField, workloads, WORKLOAD_KINDS } from '../../../project/deployment/workloads.js';

type MessageId = 'none' | 'noLimits' | 'helmAbsent' | 'helmEmpty' | 'helmNoLimits';

function hasKey(content: unknown, key: string): boolean {
  return typeof content === 'object' && content !== null && key in content && typeof (content as Record<string, unknown>)[key] === 'object';
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF005',
    name: 'k8s-missing-resources',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Kubernetes container without resource requests or limits',
    description: 'A container of a Kubernetes workload (manifest or Helm chart with its default values) sets no resource requests and limits.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      none: 'Container `{{container}}` of {{kind}} `{{name}}` sets no `resources`: the scheduler places it blind (requests 0) and nothing stops it from using all of the node\'s memory and CPU.',
      noLimits: 'Container `{{container}}` of {{kind}} `{{name}}` requests resources but sets no `limits`: a leak or a burst can take the whole node\'s memory.',
      helmAbsent: 'The {{kind}} template of Helm chart `{{chart}}` writes no `resources:` for its container: pods run without requests or limits.',
      helmEmpty: 'The {{kind}} of Helm chart `{{chart}}` takes its resources from {{via}}, which is empty by default: pods run without requests or limits unless every install sets them.',
      helmNoLimits: 'The {{kind}} of Helm chart `{{chart}}` sets resource requests but no limits by default ({{via}}).',
    },
    fix: 'Set `resources.requests` (cpu, memory) from observed usage and a `resources.limits.memory`; in a chart, give `resources` working defaults in values.yaml.',
    acceptance: 'Every container renders with cpu/memory requests and a memory limit with the default values.',
    references: ['kube-linter unset-cpu-requirements / unset-memory-requirements', 'kube-score container-resources', 'Polaris cpuRequestsMissing / memoryLimitsMissing', 'Checkov CKV_K8S_10..13', 'CWE-770'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const w of workloads(project, WORKLOAD_KINDS)) {
      if (w.origin === 'manifest') {
        const complete = w.object.containers.every((c) => c.resources.requests && c.resources.limits);
        if (complete) continue;
        for (const c of w.object.containers) {
          const data = { container: c.name, kind: w.kind, name: w.name };
          if (!c.resources.requests && !c.resources.limits) report({ messageId: 'none', data, path: w.path, line: c.line });
          else if (c.resources.requests && !c.resources.limits) report({ messageId: 'noLimits', data, path: w.path, line: c.resources.line ?? c.line, severity: 'low' });
        }
        continue;
      }
      const view = helmField(w, 'resources');
      const data = { kind: w.kind, chart: w.chart.name, via: view.via };
      if (view.state === 'absent') report({ messageId: 'helmAbsent', data, path: view.at.path, line: view.at.line });
      else if (view.state === 'empty') report({ messageId: 'helmEmpty', data, path: view.at.path, line: view.at.line, related: view.related });
      else if (view.state === 'set' && view.field?.content !== undefined && hasKey(view.field.content, 'requests') && !hasKey(view.field.content, 'limits')) {
        report({ messageId: 'helmNoLimits', data, path: view.at.path, line: view.at.line, related: view.related, severity: 'low' });
      }
    }
  },
});
