import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import { isUnder } from '../../../project/inventory/test-runs.js';
import type { Project } from '../../../project/project.js';
import { at, entries, str } from '../../../facts/located.js';
import { joinPath } from '../../../util/paths.js';
import { byCodePoint } from '../../../util/order.js';

type MessageId = 'noGate' | 'lowGate';

interface Gate {
  path: string;
  line: number;
  value: number | null;
  what: string;
  /** The threshold lives outside the repository (a jest preset from a published package): it cannot be read, so nothing is said. */
  unknown?: boolean;
  /** The folder whose components the gate covers, when it is not the gate's own (a preset shared by packages). */
  scope?: string;
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
];

/**
 * Codecov statuses that fail a pull request: `coverage.status.project|patch.<name>` with a `target` or a
 * `threshold`, unless `informational: true` (reported, never failing).
 */
function codecovGates(project: Project): Gate[] {
  const out: Gate[] = [];
  for (const file of project.data('yaml')) {
    if (!/(^|\/)\.?codecov\.ya?ml$/.test(file.path)) continue;
    const status = at(file.documents[0] ?? undefined, 'coverage', 'status');
    for (const kind of ['project', 'patch']) {
      for (const check of entries(at(status, kind))) {
        if (str(at(check.value, 'informational')) === 'true') continue;
        const target = at(check.value, 'target');
        const threshold = at(check.value, 'threshold');
        const value = /^(\d+(?:\.\d+)?)%?$/.exec(str(target) ?? '')?.[1];
        if (target && value !== undefined) out.push({ path: file.path, line: target.line, value: Number(value), what: `Codecov ${kind} status target` });
        else if (target || threshold) out.push({ path: file.path, line: (target ?? threshold)?.line ?? check.line, value: null, what: `Codecov ${kind} status (coverage may not drop)` });
      }
    }
  }
  return out;
}

/**
 * jest presets (`"preset": "@org/config/jest.json"`): a preset in the repository (a workspace package, a relative
 * path) is read for its coverageThreshold; one from a published package cannot be, and counts as an unknown gate.
 */
function presetGates(project: Project): Gate[] {
  const out: Gate[] = [];
  const presets: Array<{ path: string; line: number; value: string }> = [];
  for (const file of project.files) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    if (file.kind === 'data' && name === 'package.json') {
      const preset = at(file.documents[0] ?? undefined, 'jest', 'preset');
      const value = str(preset);
      if (preset && value) presets.push({ path: file.path, line: preset.line, value });
    } else if (file.kind === 'code' && /^jest\.config\.[cm]?[jt]s$/.test(name)) {
      const preset = file.bindings.find((b) => b.name === 'preset' && b.via === 'key' && b.value.kind === 'string');
      if (preset && typeof preset.value.value === 'string') presets.push({ path: file.path, line: preset.line, value: preset.value.value });
    } else if (file.kind === 'data' && name === 'jest.config.json') {
      const preset = at(file.documents[0] ?? undefined, 'preset');
      const value = str(preset);
      if (preset && value) presets.push({ path: file.path, line: preset.line, value });
    }
  }
  for (const preset of presets) {
    const dir = preset.path.includes('/') ? preset.path.slice(0, preset.path.lastIndexOf('/')) : '.';
    const spec = preset.value.replace(/^(\.\/)?node_modules\//, '');
    // A workspace package of the repository, or a file next to the configuration.
    const pkg = project.manifests.find((m) => m.kind === 'package.json' && m.name !== undefined && (spec === m.name || spec.startsWith(`${m.name}/`)));
    const candidates = pkg ? [joinPath(pkg.dir, spec.slice((pkg.name ?? '').length + 1) || 'jest-preset.json')] : preset.value.startsWith('.') && !preset.value.includes('node_modules') ? [joinPath(dir, preset.value), joinPath(dir, `${preset.value}/jest-preset.json`)] : [];
    const file = candidates.map((c) => project.file(c) ?? project.file(`${c}.json`) ?? project.file(`${c}.js`)).find((f) => f !== undefined);
    if (file) {
      const index = (project.readText(file.path) ?? '').split('\n').findIndex((l) => /coverageThreshold/.test(l));
      if (index !== -1) out.push({ path: file.path, line: index + 1, value: null, what: `jest coverageThreshold in the preset \`${preset.value}\``, scope: dir });
      continue;
    }
    if (candidates.length === 0) out.push({ path: preset.path, line: preset.line, value: null, what: `jest preset \`${preset.value}\``, unknown: true });
  }
  return out;
}

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
    const gates = [...gatesIn(project), ...codecovGates(project), ...presetGates(project)];
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
        const dir = g.scope ?? (g.path.includes('/') ? g.path.slice(0, g.path.lastIndexOf('/')) : '.');
        return isUnder(component.path, dir) || (component.path === '.' && !project.components.some((c) => c.path !== '.' && isUnder(dir, c.path)));
      });
      const name = component.path === '.' ? component.name : component.path;
      if (gate?.unknown) continue;
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
