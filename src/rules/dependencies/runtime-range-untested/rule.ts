import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiStep } from '../../../project/inventory/ci.js';
import type { Manifest } from '../../../project/manifests/types.js';
import type { Project } from '../../../project/project.js';

type Version = [number, number];

/** Lowest version a range admits: `>=14` → 14.0, `^18 || >=20` → 18.0, `>=3.7,<4` → 3.7; null when open or unreadable. */
export function lowerBound(range: string): Version | null {
  const bounds = range
    .split('||')
    .map((part) => /(?:>=|\^|~|~=|==|>)\s*v?(\d+)(?:\.(\d+))?/.exec(part) ?? /^\s*v?(\d+)(?:\.(\d+))?(?:\.\d+|\.x)?\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m): Version => [Number(m[1]), Number(m[2] ?? 0)]);
  return bounds.sort(compare)[0] ?? null;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1];
}

function parse(version: string): Version | null {
  const m = /^\s*v?(\d+)(?:\.(\d+|x))?/.exec(version);
  return m ? [Number(m[1]), m[2] === undefined || m[2] === 'x' ? 0 : Number(m[2])] : null;
}

const SETUP: Record<Manifest['ecosystem'], { action: RegExp; input: string }> = {
  node: { action: /^actions\/setup-node@/, input: 'node-version' },
  python: { action: /^actions\/setup-python@|^astral-sh\/setup-uv@/, input: 'python-version' },
};

/** Versions a setup step installs, resolving `${{ matrix.x }}` from the job's matrix; null when unknown. */
function versionsOf(step: CiStep, job: CiJob, input: string): string[] | null {
  const value = step.with[input];
  if (value === undefined) return null;
  const ref = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(value.trim());
  if (ref?.[1]) return job.matrix?.values[ref[1]] ?? null;
  if (value.includes('${{')) return null;
  return value.split(/[\s,]+/).filter(Boolean);
}

function testedVersions(project: Project, ecosystem: Manifest['ecosystem']): { versions: Version[]; path: string; line: number } | null {
  const found: Version[] = [];
  let where: { path: string; line: number } | null = null;
  for (const workflow of project.inventory.ci.workflows) {
    for (const job of workflow.jobs) {
      if (!job.steps.some((s) => s.kinds.includes('test'))) continue;
      for (const step of job.steps) {
        if (!step.uses || !SETUP[ecosystem].action.test(step.uses)) continue;
        const versions = versionsOf(step, job, SETUP[ecosystem].input);
        if (versions === null) return null;
        for (const v of versions) {
          const parsed = parse(v);
          if (!parsed) return null;
          found.push(parsed);
        }
        where ??= { path: workflow.path, line: step.line };
      }
    }
  }
  return where && found.length > 0 ? { versions: found.sort(compare), ...where } : null;
}

function show(v: Version, ecosystem: Manifest['ecosystem']): string {
  return ecosystem === 'node' && v[1] === 0 ? String(v[0]) : `${v[0]}.${v[1]}`;
}

export default defineRule({
  meta: {
    code: 'DEP006',
    name: 'runtime-range-untested',
    category: 'dependencies',
    severity: 'low',
    confidence: 'high',
    title: 'Supported runtime range not tested',
    description: 'The manifest declares support for runtime versions (engines.node, requires-python) older than any version CI tests on.',
    archetypes: ['cli', 'library', 'service', 'worker'],
    messages: {
      untested: '`{{manifest}}` declares `{{range}}`, but CI tests only {{tested}}: nothing checks that it still runs on {{lowest}}.',
    },
    fix: 'Either raise the declared minimum to what CI tests, or add the lowest declared version to the CI matrix.',
    acceptance: 'The lowest runtime version the manifest admits is tested in CI.',
    references: ['npm package.json engines', 'PEP 621 requires-python'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const manifest of project.manifests) {
      if (!manifest.runtime) continue;
      const lowest = lowerBound(manifest.runtime.constraint);
      const tested = testedVersions(project, manifest.ecosystem);
      const oldestTested = tested?.versions[0];
      if (!lowest || !tested || !oldestTested || compare(lowest, oldestTested) >= 0) continue;
      // Only the major version counts for Node (engines ">=14" is satisfied by testing 14.x).
      if (manifest.ecosystem === 'node' && lowest[0] >= oldestTested[0]) continue;
      report({
        messageId: 'untested',
        data: {
          manifest: manifest.path,
          range: manifest.runtime.constraint,
          tested: [...new Set(tested.versions.map((v) => show(v, manifest.ecosystem)))].join(', '),
          lowest: show(lowest, manifest.ecosystem),
        },
        path: manifest.path,
        line: manifest.runtime.line,
        related: [{ path: tested.path, line: tested.line }],
      });
    }
  },
});
