import { defineRule } from '../../../engine/rule.js';
import { imageUses } from '../../../project/deployment/images.js';
import { manifestObjects, substitutedImages, WORKLOAD_KINDS } from '../../../project/deployment/workloads.js';

type MessageId = 'fromUntagged' | 'fromLatest' | 'copyFromUntagged' | 'composeUntagged' | 'composeLatest' | 'podUntagged' | 'podLatest';

/** `name`, `name:tag`, `name@sha256:…` → tag ('' when none) and digest. */
function reference(ref: string): { name: string; tag: string; digest: boolean } {
  const digest = ref.includes('@sha256:');
  const bare = ref.split('@')[0] ?? ref;
  const colon = bare.indexOf(':', bare.lastIndexOf('/') + 1);
  return colon === -1 ? { name: bare, tag: '', digest } : { name: bare.slice(0, colon), tag: bare.slice(colon + 1), digest };
}

function floating(tag: string, digest: boolean): 'untagged' | 'latest' | null {
  if (digest) return null;
  if (tag === '') return 'untagged';
  return tag === 'latest' ? 'latest' : null;
}

export default defineRule<MessageId>({
  meta: {
    code: 'INF002',
    name: 'unpinned-base-image',
    category: 'infrastructure',
    severity: 'medium',
    confidence: 'high',
    title: 'Image not pinned to a version',
    description: 'A Dockerfile base image, a compose service image or a Kubernetes container image without a tag or with `latest`: each pull may bring a different image.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      fromUntagged: '`FROM {{image}}` has no tag: every build takes whatever `latest` is that day, so two builds of the same commit can differ.',
      fromLatest: '`FROM {{image}}:latest` follows a moving tag: every build takes whatever `latest` is that day.',
      copyFromUntagged: '`COPY --from={{image}}` names an image without a tag: the copied files change whenever that image\'s `latest` does.',
      composeUntagged: 'Compose service `{{service}}` runs `{{image}}` without a tag: each `docker compose pull` may deploy a different version.',
      composeLatest: 'Compose service `{{service}}` runs `{{image}}:latest`: each `docker compose pull` may deploy a different version.',
      podUntagged: 'Container `{{container}}` of {{kind}} `{{name}}` runs `{{image}}` without a tag: nodes pull whatever `latest` is when a pod starts.',
      podLatest: 'Container `{{container}}` of {{kind}} `{{name}}` runs `{{image}}:latest`: nodes pull whatever `latest` is when a pod starts, and a rollback does not roll the image back.',
    },
    fix: 'Pin a version tag (`python:3.12.4-slim`, `postgres:16.3`), and for reproducible builds add the digest (`@sha256:…`), updated by Dependabot or Renovate.',
    acceptance: 'Every base and runtime image names an explicit version tag or a digest; none uses `latest` or no tag.',
    references: ['hadolint DL3006 (always tag the version of an image explicitly)', 'hadolint DL3007 (using latest is prone to errors)', 'kube-linter latest-tag', 'Checkov CKV_DOCKER_7', 'OpenSSF Scorecard Pinned-Dependencies'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const use of imageUses(project)) {
      if (use.purpose === 'test' || use.purpose === 'dev') continue;
      const severity = use.purpose === 'tool' ? 'low' : 'medium';
      const external = use.dockerfile.stages.filter((s) => !s.fromStage && s.image !== 'scratch' && !s.image.includes('$'));
      for (const stage of external) {
        const state = floating(stage.tag, stage.digest);
        if (state) report({ messageId: state === 'latest' ? 'fromLatest' : 'fromUntagged', data: { image: stage.image }, path: use.dockerfile.path, line: stage.line, severity });
      }
      const aliases = new Set(use.dockerfile.stages.map((s) => s.alias).filter(Boolean));
      for (const stage of use.dockerfile.stages) {
        for (const copy of stage.copies) {
          const from = copy.from;
          if (!from || aliases.has(from) || /^\d+$/.test(from) || from.includes('$')) continue;
          const ref = reference(from);
          if (floating(ref.tag, ref.digest)) report({ messageId: 'copyFromUntagged', data: { image: ref.name }, path: use.dockerfile.path, line: copy.line, severity });
        }
      }
    }
    for (const compose of project.inventory.infra.compose) {
      if (compose.purpose !== 'deploy') continue;
      for (const service of compose.services) {
        // With `build:`, `image:` names the image being built, not one that is pulled.
        if (!service.image || service.build !== undefined || service.image.includes('$')) continue;
        const ref = reference(service.image);
        const state = floating(ref.tag, ref.digest);
        if (state) report({ messageId: state === 'latest' ? 'composeLatest' : 'composeUntagged', data: { service: service.name, image: ref.name }, path: compose.path, line: service.imageLine ?? service.line });
      }
    }
    const substituted = substitutedImages(project);
    for (const object of manifestObjects(project)) {
      if (!WORKLOAD_KINDS.has(object.kind)) continue;
      for (const container of object.containers) {
        if (!container.image || container.image.includes('$') || container.image.includes('{{')) continue;
        // skaffold and kustomize replace these names with a built, tagged image at deploy time.
        if (substituted.has(reference(container.image).name)) continue;
        const ref = reference(container.image);
        const state = floating(ref.tag, ref.digest);
        if (state) report({ messageId: state === 'latest' ? 'podLatest' : 'podUntagged', data: { container: container.name, kind: object.kind, name: object.name, image: ref.name }, path: object.path, line: container.imageLine ?? container.line });
      }
    }
  },
});
