import { defineStrength } from '../../../engine/strength.js';
import { copiesWholeContext, finalChain, imageUses } from '../../../project/deployment/images.js';
import { dockerIgnoreFor } from '../../../project/deployment/dockerignore.js';
import { buildToolchainIn } from '../../../project/knowledge/build-toolchain.js';

export default defineStrength({
  meta: {
    code: 'STR001',
    name: 'multi-stage-image',
    category: 'infrastructure',
    title: 'Multi-stage image build',
    description: 'Credits a deployed image built in stages whose final image receives only build output and installs no build toolchain.',
    condition:
      'A deployed image (not a test, development or tool image) has more than one stage; its final stage copies something `--from` an earlier stage; no stage of the final image installs build-only software (devDependencies, compilers, -dev headers, dev tools); and it copies the whole build context only when a .dockerignore filters it.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    opposes: [{ rule: 'single-stage-image-ships-toolchain', scope: 'file' }],
    references: ['Docker docs: Multi-stage builds', 'CIS Docker Benchmark 4.3'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy') continue;
      const stages = use.dockerfile.stages;
      const fromStages = use.final.copies.filter((c) => c.from !== undefined && stages.some((s) => s.alias === c.from || String(stages.indexOf(s)) === c.from));
      if (stages.length < 2 || fromStages.length === 0) continue;
      const chain = finalChain(use.dockerfile);
      if (chain.some((stage) => stage.runs.some((run) => buildToolchainIn(run.value) !== undefined))) continue;
      const wholeContext = chain.flatMap((s) => s.copies).find((c) => copiesWholeContext(c));
      if (wholeContext && use.contexts.every((context) => dockerIgnoreFor(project, use.dockerfile.path, context) === null)) continue;
      const sources = [...new Set(fromStages.map((c) => c.from))].map((f) => `\`${f}\``).join(', ');
      credit({
        message: `\`${use.dockerfile.path}\` builds in ${stages.length} stages; the final image copies only what ${sources} built and installs no build toolchain.`,
        path: use.dockerfile.path,
        line: use.final.line,
        related: fromStages.slice(0, 2).map((c) => ({ path: use.dockerfile.path, line: c.line })),
      });
    }
  },
});
