import { defineStrength } from '../../../engine/strength.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import { byCodePoint } from '../../../util/order.js';

/** Matrix dimensions that vary the platform or the runtime. */
const PLATFORM = /os|platform|python|node|version|runtime|interpreter|java|go|ruby|php|rust|deno|bun/i;

export default defineStrength({
  meta: {
    code: 'STR018',
    name: 'ci-test-matrix',
    category: 'testing',
    title: 'Tests run on a matrix of runtimes or platforms',
    description: 'Credits a CI job that runs the tests on four or more combinations of operating systems and runtime versions.',
    condition: 'An automatically triggered CI job that runs tests has a matrix of four or more combinations, with at least one dimension over operating systems or runtime versions; the widest such job is credited.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['GitHub docs: Using a matrix for your jobs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const jobs = steps(project.inventory.ci).filter((s) => runsAutomatically(s.workflow) && s.step.tests.length > 0 && (s.job.matrix?.combinations ?? 0) >= 4 && Object.keys(s.job.matrix?.dimensions ?? {}).some((d) => PLATFORM.test(d)));
    const widest = [...jobs].sort((a, b) => (b.job.matrix?.combinations ?? 0) - (a.job.matrix?.combinations ?? 0) || byCodePoint(a.workflow.path, b.workflow.path))[0];
    const matrix = widest?.job.matrix;
    if (!widest || !matrix) return;
    const dims = Object.entries(matrix.dimensions).map(([k, n]) => `${n} ${k}`).join(' × ');
    credit({
      message: `Tests run on a matrix of ${dims} = ${matrix.combinations} jobs${matrix.failFast === false ? ', with fail-fast off so every combination reports' : ''} (job \`${widest.job.id}\`).`,
      path: widest.workflow.path,
      line: matrix.line,
      related: [{ path: widest.workflow.path, line: widest.step.line }],
    });
  },
});
