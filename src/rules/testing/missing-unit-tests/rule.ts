import { at } from '../../../facts/located.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { TestInvocation } from '../../../project/inventory/ci.js';
import { isUnder } from '../../../project/inventory/test-runs.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'noUnitTests';

const JUDGED = new Set(['service', 'worker', 'cli', 'library', 'frontend']);
const UNIT_RUNNERS = new Set(['jest', 'vitest', 'mocha', 'node:test', 'ava', 'pytest', 'unittest']);

interface EmptyRun {
  path: string;
  line: number;
  command: string;
}

/** Unit-runner commands (CI steps, git hooks) in the component's folder that select no test file at all. */
function emptyRuns(project: Project, component: ComponentProfile): EmptyRun[] {
  const { ci } = project.inventory;
  const out: EmptyRun[] = [];
  const note = (inv: TestInvocation, path: string, line: number): void => {
    if (inv.matched === 0 && UNIT_RUNNERS.has(inv.runner) && isUnder(inv.cwd, component.path)) out.push({ path, line, command: inv.command });
  };
  for (const hook of ci.gitHooks) for (const c of hook.commands) for (const inv of c.tests) note(inv, hook.path, c.line);
  for (const hook of ci.preCommit) for (const inv of hook.tests) note(inv, hook.path, hook.line);
  for (const w of ci.workflows) for (const j of w.jobs) for (const s of j.steps) for (const inv of s.tests) note(inv, w.path, s.runLine ?? s.line);
  return out;
}

/** Where unit tests would be configured: the jest settings in package.json that match no file, else the manifest. */
function anchor(project: Project, component: ComponentProfile): { path: string; line: number; detail: string } {
  const pkg = project.manifests.find((m) => m.kind === 'package.json' && component.manifests.includes(m.path));
  const data = pkg ? project.file(pkg.path) : undefined;
  if (pkg && data?.kind === 'data') {
    const jest = at(data.documents[0] ?? undefined, 'jest');
    const keys = ['rootDir', 'roots', 'testRegex', 'testMatch'].map((k) => ({ k, node: at(jest, k) })).filter((e) => e.node);
    const first = keys.sort((a, b) => (a.node?.line ?? 0) - (b.node?.line ?? 0))[0];
    if (first?.node) {
      const shown = keys.map((e) => `\`${e.k}: ${JSON.stringify(e.node?.t === 'scalar' ? e.node.value : '…')}\``).join(', ');
      return { path: pkg.path, line: first.node.line, detail: ` — jest looks for them with ${shown}` };
    }
  }
  const manifest = project.manifests.find((m) => component.manifests.includes(m.path));
  return { path: manifest?.path ?? component.evidence[0]?.path ?? '.', line: manifest?.line ?? 1, detail: '' };
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST008',
    name: 'missing-unit-tests',
    category: 'testing',
    severity: 'medium',
    confidence: 'high',
    title: 'Only end-to-end or integration tests, no unit tests',
    description: 'A component has integration or end-to-end tests but no unit tests, often with a unit test command that selects nothing and passes anyway (`--passWithNoTests`).',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      noUnitTests: '{{component}} has no unit tests: {{which}} (under `{{dir}}/`){{detail}}{{empty}}.',
    },
    fix: 'Add fast unit tests next to the code for the logic that does not need the whole stack (validation, mapping, error paths), and drop `--passWithNoTests` so an empty run fails.',
    acceptance: 'The unit test command finds and runs tests, and fails if it finds none.',
    references: ['jest --passWithNoTests', 'Martin Fowler: "The Practical Test Pyramid"'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { tests } = project.inventory;
    for (const component of project.components) {
      if (!JUDGED.has(component.archetype)) continue;
      const files = tests.files.filter((f) => project.componentOf(f.path)?.path === component.path && project.file(f.path)?.role === 'test');
      if (files.length === 0 || files.some((f) => f.tier === 'unit')) continue;
      const tiers = [...new Set(files.map((f) => (f.tier === 'e2e' ? 'end-to-end' : f.tier)))].sort().join(' and ');
      const dirs = files.map((f) => f.path.split('/').slice(0, -1));
      let common = dirs[0] ?? [];
      for (const d of dirs) common = common.filter((s, i) => d[i] === s);
      const empty = emptyRuns(project, component);
      const passing = empty.find((e) => /--passWithNoTests|--pass-with-no-tests|passWithNoTests/.test(e.command)) ?? empty[0];
      const where = anchor(project, component);
      report({
        messageId: 'noUnitTests',
        data: {
          component: component.path === '.' ? component.name : component.path,
          which: files.length === 1 ? `its only test file is ${tiers === 'integration' ? 'an integration' : 'an end-to-end'} test` : `all ${files.length} test files are ${tiers} tests`,
          dir: common.join('/') || '.',
          detail: where.detail,
          empty: passing ? `; \`${passing.command}\` (${passing.path}:${passing.line}) selects no test file${/passWithNoTests/i.test(passing.command) ? ' and passes only because of `--passWithNoTests`' : ''}` : '',
        },
        path: where.path,
        line: where.line,
        related: [...empty.slice(0, 3).map((e) => ({ path: e.path, line: e.line })), ...(files[0] ? [{ path: files[0].path, line: files[0].line }] : [])],
        severity: component.archetype === 'service' || component.archetype === 'worker' ? 'medium' : 'low',
      });
    }
  },
});
