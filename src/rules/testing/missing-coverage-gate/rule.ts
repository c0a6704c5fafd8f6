import { defineRule } from '../../../engine/rule.js';
import { gateFor, gatesIn, testedInCi } from '../../../project/knowledge/coverage-gates.js';

type MessageId = 'noGate' | 'lowGate';

export default defineRule<MessageId>({
  meta: {
    code: 'TST004',
    name: 'missing-coverage-gate',
    category: 'testing',
    severity: 'info',
    confidence: 'high',
    title: 'Tests run in CI without a coverage threshold',
    description: 'CI runs a component\'s tests but no coverage threshold fails the build (pytest --cov-fail-under, coverage fail_under, jest coverageThreshold, vitest thresholds, c8/nyc --check-coverage, a Codecov target), or the threshold is low.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      noGate: 'CI runs the tests of {{component}} ({{site}}) but nothing fails the build when coverage drops: no --cov-fail-under, coverage fail_under, jest coverageThreshold, vitest thresholds, c8/nyc --check-coverage or Codecov target was found in the workflows, scripts or test configuration.',
      lowGate: 'The coverage threshold is {{value}}% ({{what}}): it fails the build only when most of the code is untested.',
    },
    fix: 'Measure coverage in the CI test job and fail under a threshold close to today\'s number (e.g. `coverage report --fail-under=85`, jest `coverageThreshold.global.lines`), then raise it as tests are added.',
    acceptance: 'A CI job fails when line coverage drops below an agreed threshold.',
    references: ['coverage.py fail_under', 'pytest-cov --cov-fail-under', 'jest coverageThreshold', 'vitest coverage.thresholds'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const tested = testedInCi(project);
    if (tested.length === 0) return;
    const gates = gatesIn(project);
    for (const t of tested) {
      const { component, site } = t;
      const gate = gateFor(project, gates, t);
      const name = component.path === '.' ? component.name : component.path;
      if (gate?.unknown) continue;
      if (!gate) {
        report({ messageId: 'noGate', data: { component: name, site: `${site.path}:${site.line}` }, path: site.path, line: site.line });
        continue;
      }
      if (gate.value !== null && gate.value < 50) report({ messageId: 'lowGate', data: { value: gate.value, what: gate.what }, path: gate.path, line: gate.line });
    }
  },
});
