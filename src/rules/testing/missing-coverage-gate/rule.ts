import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import { isUnder } from '../../../project/inventory/test-runs.js';
import type { Project } from '../../../project/project.js';
import { byCodePoint } from '../../../util/order.js';

type MessageId = 'noGate' | 'lowGate';

interface Gate {
  path: string;
  line: number;
  value: number | null;
  what: string;
}

/** Thresholds that fail a run: pytest-cov, coverage.py, jest, vitest, c8/nyc, diff-cover, Codecov status targets. */
const GATE_PATTERNS: Array<[RegExp, string]> = [
  [/--cov-fail-under[=\s]+(\d+(?:\.\d+)?)/, 'pytest --cov-fail-under'],
  [/(?:coverage\s+report|diff-cover|coverage\s+xml)\b.*--fail-under[=\s]+(\d+(?:\.\d+)?)/, 'coverage --fail-under'],
  [/^\s*fail[_-]under\s*[=:]\s*(\d+(?:\.\d+)?)/, 'coverage fail_under'],
  [/coverageThreshold/, 'jest coverageThreshold'],
  [/\bthresholds\s*:\s*\{[^}]*?(?:lines|statements|branches|functions)\s*:\s*(\d+)/, 'vitest coverage thresholds'],
  [/\bthresholds\s*:/, 'vitest coverage thresholds'],
  [/--check-coverage\b.*?(?:--lines[=\s]+(\d+))?/, 'c8/nyc --check-coverage'],
  [/"check-coverage"\s*:\s*true/, 'nyc check-coverage'],
  [/^\s*target:\s*(\d+(?:\.\d+)?)%/, 'Codecov status target'],
];

function gatesIn(project: Project): Gate[] {
  const out: Gate[] = [];
  for (const file of project.files) {
    if (file.role === 'fixture' || file.role === 'example' || file.role === 'docs' || file.role === 'test') continue;
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const relevant =
      (file.kind === 'text' && file.language === 'text') ||
      /(^|\/)\.gitlab-ci\.ya?ml$|^(\.?codecov\.ya?ml)$|^\.coveragerc$|^(setup\.cfg|tox\.ini|pyproject\.toml|package\.json|Makefile|noxfile\.py)$|\.sh$|^\.nycrc|^\.c8rc|^(jest|vitest|vite)\.config\./.test(name) ||
      file.path.startsWith('.github/workflows/');
    if (!relevant) continue;
    const text = project.readText(file.path);
    if (!text || !/fail.under|coverageThreshold|thresholds|check-coverage|target:/.test(text)) continue;
    text.split('\n').forEach((line, i) => {
      if (/^\s*(#|\/\/)/.test(line)) return;
      for (const [re, what] of GATE_PATTERNS) {
        const m = re.exec(line);
        if (!m) continue;
        if (what === 'Codecov status target' && !/codecov/i.test(name)) continue;
        out.push({ path: file.path, line: i + 1, value: m[1] !== undefined ? Number(m[1]) : null, what });
        break;
      }
    });
  }
  return out;
}

interface Tested {
  component: ComponentProfile;
  site: { path: string; line: number };
  /** CI jobs (`workflow path:job id`) that run the component's tests. */
  jobs: Set<string>;
}

/** Components whose unit or integration tests CI runs on its own, with the first step that runs them. */
function testedInCi(project: Project): Tested[] {
  const out: Tested[] = [];
  for (const component of project.components) {
    const runs = project.inventory.tests.files
      .filter((f) => f.tier !== 'e2e' && project.componentOf(f.path)?.path === component.path)
      .flatMap((f) => f.runs)
      .filter((r) => r.kind === 'ci' && !r.manual)
      .sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line);
    const first = runs[0];
    if (first) out.push({ component, site: { path: first.path, line: first.line }, jobs: new Set(runs.map((r) => `${r.path}:${r.job ?? ''}`)) });
  }
  return out;
}

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
  check({ project, report, strength }) {
    const tested = testedInCi(project);
    if (tested.length === 0) return;
    const gates = gatesIn(project);
    /** The job of a workflow that holds a line: the last job starting at or before it. */
    const jobAt = (path: string, line: number): string | undefined => {
      const workflow = project.inventory.ci.workflows.find((w) => w.path === path);
      if (!workflow) return undefined;
      return workflow.jobs.filter((j) => j.line <= line).pop()?.id ?? '';
    };
    for (const { component, site, jobs } of tested) {
      // A gate counts for a component when it is in a CI job that runs its tests, or in a file in or above it.
      const gate = gates.find((g) => {
        const job = jobAt(g.path, g.line);
        if (job !== undefined) return jobs.has(`${g.path}:${job}`);
        const dir = g.path.includes('/') ? g.path.slice(0, g.path.lastIndexOf('/')) : '.';
        return isUnder(component.path, dir) || (component.path === '.' && !project.components.some((c) => c.path !== '.' && isUnder(dir, c.path)));
      });
      const name = component.path === '.' ? component.name : component.path;
      if (!gate) {
        report({ messageId: 'noGate', data: { component: name, site: `${site.path}:${site.line}` }, path: site.path, line: site.line });
        continue;
      }
      if (gate.value !== null && gate.value < 50) {
        report({ messageId: 'lowGate', data: { value: gate.value, what: gate.what }, path: gate.path, line: gate.line });
        continue;
      }
      strength({
        title: 'Coverage gate in CI',
        message: `The build fails when coverage of ${name} drops${gate.value !== null ? ` below ${gate.value}%` : ''} (${gate.what}).`,
        path: gate.path,
        line: gate.line,
      });
    }
  },
});
