import { defineRule } from '../../../engine/rule.js';
import { deployStacks } from '../../../project/deployment/compose.js';
import { isDatastoreImage } from '../../../project/deployment/datastores.js';
import { imageBaseName } from '../../../project/inventory/infra.js';
import { workloads } from '../../../project/deployment/workloads.js';

type MessageId = 'compose' | 'kubernetes' | 'kubernetesEphemeral';

export default defineRule<MessageId>({
  meta: {
    code: 'INF012',
    name: 'stateful-service-without-volume',
    category: 'infrastructure',
    severity: 'high',
    confidence: 'high',
    title: 'Database container without a persistent volume',
    description: 'A datastore (Postgres, MySQL, MongoDB, Elasticsearch, RabbitMQ, MinIO …) runs in a deployment compose file or a Kubernetes workload without a persistent volume: its data lives and dies with the container.',
    archetypes: ['service', 'worker', 'infra'],
    messages: {
      compose: 'Compose service `{{service}}` runs `{{image}}` with no volume for its data: the data lives in the container (or an anonymous volume tied to it), so `docker compose down` and `up`, or a move to another host, start from empty, and no named volume exists to back up.',
      kubernetes: 'Container `{{container}}` of {{kind}} `{{name}}` runs `{{image}}` with no persistent volume: the data is lost whenever the pod is rescheduled, evicted or restarted on another node.',
      kubernetesEphemeral: 'Container `{{container}}` of {{kind}} `{{name}}` runs `{{image}}` on `emptyDir` storage only: the data is lost whenever the pod is deleted or moves to another node.',
    },
    fix: 'Mount a named volume on the data directory in compose (`db-data:/var/lib/postgresql/data`), a PersistentVolumeClaim or StatefulSet volumeClaimTemplates in Kubernetes — or use a managed database.',
    acceptance: 'The datastore\'s data directory is on a named volume or a PersistentVolumeClaim, and recreating the container keeps the data.',
    references: ['Docker docs: Volumes', 'Kubernetes docs: StatefulSets, Persistent Volumes', 'CWE-404 (related: data loss on resource release)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const stack of deployStacks(project)) {
      for (const service of stack.services) {
        if (!service.image || !isDatastoreImage(imageBaseName(service.image))) continue;
        if (service.parts.some((p) => p.service.volumes.length > 0)) continue;
        const at = service.imageAt ?? { path: service.parts[0]?.file.path ?? stack.dir, line: service.parts[0]?.service.line ?? 1 };
        report({ messageId: 'compose', data: { service: service.name, image: service.image }, path: at.path, line: at.line, severity: 'medium' });
      }
    }
    for (const w of workloads(project)) {
      if (w.origin !== 'manifest') continue;
      if (w.object.claimTemplates.length > 0 || w.object.volumes.some((v) => v.kind === 'pvc' || v.kind === 'host')) continue;
      for (const c of w.object.containers) {
        if (!isDatastoreImage(imageBaseName(c.image))) continue;
        const mounted = w.object.volumes.filter((v) => c.mounts.some((m) => m.name === v.name));
        const data = { container: c.name, kind: w.kind, name: w.name, image: c.image };
        report({ messageId: mounted.some((v) => v.kind === 'ephemeral') ? 'kubernetesEphemeral' : 'kubernetes', data, path: w.path, line: c.imageLine ?? c.line });
      }
    }
  },
});
