import { defineStrength } from '../../../engine/strength.js';
import { imageUses } from '../../../project/deployment/images.js';

export default defineStrength({
  meta: {
    code: 'STR003',
    name: 'base-images-pinned',
    category: 'infrastructure',
    title: 'Base images pinned by digest',
    description: 'Credits a deployed image whose every external base image (FROM and COPY --from) is pinned by sha256 digest.',
    condition: 'A deployed image (not a test or development image) has at least one external base image, and every external `FROM` and `COPY --from=<image>` names an image `@sha256:` digest.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'unpinned-base-image', scope: 'file' }],
    references: ['hadolint DL3006 / DL3007', 'Docker docs: Pin base image versions'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const use of imageUses(project)) {
      if (use.purpose === 'test' || use.purpose === 'dev') continue;
      const stages = use.dockerfile.stages;
      const aliases = new Set(stages.map((s) => s.alias).filter(Boolean));
      const external = stages.filter((s) => !s.fromStage && s.image !== 'scratch' && !s.image.includes('$'));
      const copied = stages.flatMap((s) => s.copies).filter((c) => c.from !== undefined && !aliases.has(c.from) && !/^\d+$/.test(c.from) && !c.from.includes('$'));
      if (external.length === 0 || !external.every((s) => s.digest) || !copied.every((c) => (c.from ?? '').includes('@sha256:'))) continue;
      credit({
        message: `Every base image of \`${use.dockerfile.path}\` (${external.length + copied.length}) is pinned by digest: two builds of the same commit get the same bytes.`,
        path: use.dockerfile.path,
        line: external[0]?.line ?? 1,
      });
    }
  },
});
