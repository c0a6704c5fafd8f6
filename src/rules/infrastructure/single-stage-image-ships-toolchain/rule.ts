import { defineRule } from '../../../engine/rule.js';
import { imageUses } from '../../../project/deployment/images.js';
import { buildToolchainIn } from '../../../project/knowledge/build-toolchain.js';

type MessageId = 'shipsToolchain';

export default defineRule<MessageId>({
  meta: {
    code: 'INF004',
    name: 'single-stage-image-ships-toolchain',
    category: 'infrastructure',
    severity: 'info',
    confidence: 'high',
    title: 'Single-stage image ships its build toolchain',
    description: 'The image of a deployed component is built in one stage that installs build-only software (devDependencies, global CLIs, compilers), which then ships in the runtime image.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    messages: {
      shipsToolchain: '`{{file}}` builds and runs in a single stage and installs {{what}}: compilers, CLIs and dev packages ship in the runtime image, making it larger and giving an attacker more tools.',
    },
    fix: 'Use a multi-stage build: install dev dependencies and build in a `builder` stage, then copy only the build output and production dependencies (`npm ci --omit=dev`) into a slim final stage.',
    acceptance: 'The final stage installs only runtime dependencies; build tools live in an earlier stage.',
    references: ['hadolint (related: DL3059, DL3015)', 'Docker docs: Multi-stage builds', 'CIS Docker Benchmark 4.3 (do not install unnecessary packages)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy' || !use.component || !['service', 'worker', 'frontend'].includes(use.component.archetype)) continue;
      const stages = use.dockerfile.stages;
      if (stages.length !== 1) continue;
      const hits = use.final.runs.map((run) => ({ run, what: buildToolchainIn(run.value) })).filter((h): h is { run: typeof h.run; what: string } => h.what !== undefined);
      const first = hits[0];
      if (!first) continue;
      const what = [...new Set(hits.map((h) => h.what))].join(', ');
      report({ messageId: 'shipsToolchain', data: { file: use.dockerfile.path, what }, path: use.dockerfile.path, line: first.run.line, endLine: hits[hits.length - 1]?.run.endLine ?? first.run.endLine, related: [{ path: use.dockerfile.path, line: use.final.line }] });
    }
  },
});
