import { defineStrength } from '../../../engine/strength.js';
import { gateFor, gatesIn, testedInCi } from '../../../project/knowledge/coverage-gates.js';

export default defineStrength({
  meta: {
    code: 'STR017',
    name: 'coverage-gate',
    category: 'testing',
    title: 'Coverage gate in CI',
    description: 'Credits a coverage threshold of 50 % or more that fails the CI run of a component whose tests CI runs.',
    condition:
      'CI runs the component\'s unit or integration tests, and a threshold that fails the run (pytest --cov-fail-under, coverage fail_under, jest coverageThreshold, vitest thresholds, c8/nyc --check-coverage, a Codecov status target that is not `informational`) applies to it: in a job that runs its tests, or in a file in or above it; the threshold is 50 % or more, or not a number.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'missing-coverage-gate', scope: 'component' }],
    references: ['coverage.py fail_under', 'jest coverageThreshold', 'Codecov docs: informational status'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const tested = testedInCi(project);
    if (tested.length === 0) return;
    const gates = gatesIn(project);
    for (const t of tested) {
      const gate = gateFor(project, gates, t);
      if (!gate || gate.unknown === true || (gate.value !== null && gate.value < 50)) continue;
      const name = t.component.path === '.' ? t.component.name : t.component.path;
      credit({ message: `The build fails when coverage of ${name} drops${gate.value !== null ? ` below ${gate.value} %` : ''} (${gate.what}).`, path: gate.path, line: gate.line, related: [t.site] });
    }
  },
});
