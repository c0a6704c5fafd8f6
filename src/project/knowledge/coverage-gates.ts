/**
 * Coverage gates: thresholds that fail a run when coverage drops (pytest-cov, coverage.py, jest, vitest, c8/nyc,
 * diff-cover, Codecov status targets that are not informational), and the components whose tests CI runs. Shared by
 * the rule that reports tests without a gate and the check that credits a gate.
 */
import type { ComponentProfile } from '../../model/report.js';
import { isUnder } from '../inventory/test-runs.js';
import { at, str } from '../../facts/located.js';
import type { Project } from '../project.js';
import { joinPath } from '../../util/paths.js';
import { byCodePoint } from '../../util/order.js';

export interface Gate {
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
  [/^\s*target:\s*(\d+(?:\.\d+)?)%/, 'Codecov status target'],
];

export function gatesIn(project: Project): Gate[] {
  const out: Gate[] = presetGates(project);
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
    // Codecov statuses marked `informational: true` report coverage but never fail the build.
    const informational = /codecov/i.test(name) && /^\s*informational:\s*true\b/m.test(text);
    text.split('\n').forEach((line, i) => {
      if (/^\s*(#|\/\/)/.test(line)) return;
      for (const [re, what] of GATE_PATTERNS) {
        const m = re.exec(line);
        if (!m) continue;
        if (what === 'Codecov status target' && (!/codecov/i.test(name) || informational)) continue;
        out.push({ path: file.path, line: i + 1, value: m[1] !== undefined ? Number(m[1]) : null, what });
        break;
      }
    });
  }
  return out;
}

export interface Tested {
  component: ComponentProfile;
  site: { path: string; line: number };
  /** CI jobs (`workflow path:job id`) that run the component's tests. */
  jobs: Set<string>;
}

/** Components whose unit or integration tests CI runs on its own, with the first step that runs them. */
export function testedInCi(project: Project): Tested[] {
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


/**
 * The gate that covers a component: in a CI job that runs its tests, or in a file in or above it. `jobAt` finds the
 * job of a workflow that holds a line: the last job starting at or before it.
 */
export function gateFor(project: Project, gates: readonly Gate[], tested: Tested): Gate | undefined {
  const jobAt = (path: string, line: number): string | undefined => {
    const workflow = project.inventory.ci.workflows.find((w) => w.path === path);
    if (!workflow) return undefined;
    return workflow.jobs.filter((j) => j.line <= line).pop()?.id ?? '';
  };
  return gates.find((g) => {
    const job = jobAt(g.path, g.line);
    if (job !== undefined) return tested.jobs.has(`${g.path}:${job}`);
    const dir = g.scope ?? (g.path.includes('/') ? g.path.slice(0, g.path.lastIndexOf('/')) : '.');
    return isUnder(tested.component.path, dir) || (tested.component.path === '.' && !project.components.some((c) => c.path !== '.' && isUnder(dir, c.path)));
  });
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
