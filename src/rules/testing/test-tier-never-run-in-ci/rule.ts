import type { ComponentProfile } from '../../../model/report.js';
import { opaqueTestSteps, runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import type { TestFile } from '../../../project/inventory/tests.js';
import { isUnder } from '../../../project/inventory/test-runs.js';
import type { Project } from '../../../project/project.js';
import { defineRule, type RuleContext } from '../../../engine/rule.js';
import { byCodePoint } from '../../../util/order.js';

type MessageId = 'folderNotRun' | 'deselected' | 'nothingRun';

const TIER_NAMES: Record<TestFile['tier'], string> = { unit: 'unit', integration: 'integration', e2e: 'end-to-end' };

function commonDir(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').slice(0, -1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join('/') || '.';
}

function parentOf(dir: string): string {
  return dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.';
}

/** The widest folder above `file`, inside its component, whose test files CI never runs. */
function suiteFolder(file: TestFile, covered: readonly TestFile[], root: string): string {
  let dir = parentOf(file.path);
  for (;;) {
    const up = parentOf(dir);
    if (dir === root || dir === '.' || !isUnder(up, root) || covered.some((c) => isUnder(c.path, up))) return dir;
    dir = up;
  }
}

function markerExpression(command: string): string | undefined {
  const m = /(?:^|\s)-m\s*(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(command);
  return m?.[1] ?? m?.[2] ?? m?.[3];
}

function describeRunner(files: readonly TestFile[]): string {
  const frameworks = [...new Set(files.map((f) => f.framework))].sort();
  return frameworks.join('/');
}

const FAMILIES: Record<string, string> = { pytest: 'py', unittest: 'py', tox: 'py', django: 'py', jest: 'js', vitest: 'js', mocha: 'js', 'node:test': 'js', ava: 'js', playwright: 'browser', cypress: 'browser' };

function familyOf(file: TestFile): string {
  return file.language === 'python' ? 'py' : file.framework === 'playwright' || file.framework === 'cypress' ? 'browser' : 'js';
}

/**
 * Where the fix belongs: a CI step that runs other tests of the same component, else one that runs tests of the
 * same kind (pytest, a JS unit runner, a browser runner), else any test step.
 */
function fixSite(project: Project, component: ComponentProfile | undefined, file: TestFile): { path: string; line: number } | undefined {
  const runs = steps(project.inventory.ci).filter((s) => runsAutomatically(s.workflow) && s.step.tests.length > 0);
  const own = component && component.path !== '.' ? runs.find((s) => s.step.tests.some((t) => isUnder(t.cwd, component.path) || t.paths.some((p) => isUnder(p, component.path)))) : undefined;
  const kin = runs.find((s) => s.step.tests.some((t) => FAMILIES[t.runner] === familyOf(file)));
  const site = own ?? kin ?? runs[0];
  return site ? { path: site.workflow.path, line: site.step.line } : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const REAL_SERVICES = /postgres|mysql|mariadb|mongo|redis|valkey|rabbitmq|kafka|elasticsearch|opensearch|minio|localstack|mailpit|maildev|memcached|nats|clickhouse|cassandra|neo4j|mssql|sqlserver/i;

/** Strengths: a test matrix over platforms or versions, tests against real services, end-to-end tests in CI. */
function creditCi(project: Project, strength: RuleContext<MessageId>['strength']): void {
  const testSteps = steps(project.inventory.ci).filter((s) => runsAutomatically(s.workflow) && s.step.tests.length > 0);
  const matrixJobs = [...new Map(testSteps.filter((s) => (s.job.matrix?.combinations ?? 0) >= 4).map((s) => [`${s.workflow.path}:${s.job.id}`, s])).values()];
  const widest = matrixJobs.sort((a, b) => (b.job.matrix?.combinations ?? 0) - (a.job.matrix?.combinations ?? 0))[0];
  const matrix = widest?.job.matrix;
  if (widest && matrix && Object.keys(matrix.dimensions).some((d) => /os|platform|python|node|version|runtime|interpreter|java|go|ruby|php|rust/i.test(d))) {
    const dims = Object.entries(matrix.dimensions).map(([k, n]) => `${n} ${k}`).join(' × ');
    strength({
      title: 'CI test matrix',
      message: `Tests run on a matrix of ${dims} = ${matrix.combinations} jobs${matrix.failFast === false ? ', with fail-fast off so every combination reports' : ''} (job \`${widest.job.id}\`).`,
      path: widest.workflow.path,
      line: matrix.line,
    });
  }
  const compose = project.inventory.infra.compose;
  const credited = new Set<string>();
  for (const { workflow, job, step } of testSteps) {
    if (credited.has(workflow.path)) continue;
    const before = job.steps.slice(0, job.steps.indexOf(step) + 1);
    const composeStep = before.find((s) => /\bdocker[ -]compose\b.*\b(up|run)\b/.test(s.run ?? '') && compose.some((c) => c.services.some((svc) => REAL_SERVICES.test(`${svc.image ?? ''} ${svc.name}`))));
    const services = job.services.length > 0 ? job.services : [];
    if (services.length === 0 && !composeStep) continue;
    strength({
      title: 'Tests against real dependencies in CI',
      message: services.length > 0 ? `Job \`${job.id}\` runs the tests with service containers (${services.join(', ')}).` : `Job \`${job.id}\` starts real dependencies with \`${(composeStep?.run ?? '').split('\n')[0]?.trim() ?? ''}\` and runs the tests against them.`,
      path: workflow.path,
      line: composeStep ? (composeStep.runLine ?? composeStep.line) : job.line,
      related: [{ path: workflow.path, line: step.line }],
    });
    credited.add(workflow.path);
  }
  const e2e = project.inventory.tests.files.filter((f) => f.tier === 'e2e' && f.runs.some((r) => r.kind === 'ci' && !r.manual));
  const run = e2e[0]?.runs.find((r) => r.kind === 'ci' && !r.manual);
  if (run) {
    strength({
      title: 'End-to-end tests in CI',
      message: `${e2e.length} end-to-end test file${e2e.length === 1 ? '' : 's'} run in CI (${run.runner}, job \`${run.job ?? ''}\`).`,
      path: run.path,
      line: run.line,
    });
  }
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST001',
    name: 'test-tier-never-run-in-ci',
    category: 'testing',
    severity: 'medium',
    confidence: 'high',
    title: 'Test suite that no CI job runs',
    description: 'A test folder or tier (integration, e2e, a Playwright suite, a package in a monorepo) that no automatic CI job invokes, accounting for each runner\'s default discovery and marker selection.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      folderNotRun: 'No CI job runs {{files}} ({{tests}}, {{runner}}) under `{{dir}}/`: no test command in the {{workflows}} workflow(s), followed through npm scripts, shell scripts, Makefiles and compose services, selects {{them}}{{opaque}}.',
      deselected: 'CI collects {{files}} ({{tests}}) under `{{dir}}/` but deselects every test in {{them}} with `-m "{{markers}}"` ({{where}}), and no other job selects {{them}}.',
      nothingRun: 'CI runs no tests at all: no test command in the {{workflows}} workflow(s), followed through npm scripts, shell scripts, Makefiles and compose services, selects {{files}} ({{tests}}, {{runner}}) under `{{dir}}/`{{opaque}}.',
    },
    fix: 'Add a CI job (or a step in the existing test job) that runs this suite on every push or pull request — with the services it needs (a database container, `docker compose up`) — or delete the suite if it is dead.',
    acceptance: 'Every test folder is run by at least one workflow triggered by push, pull_request or schedule.',
    references: ['OpenSSF Scorecard CI-Tests', 'Google SRE Workbook: testing for reliability'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    creditCi(project, strength);
    const { ci, tests } = project.inventory;
    // Without CI there is nothing to compare against (missing-ci says so); with a CI system we do not read, we cannot know.
    if (ci.workflows.length === 0 || ci.otherSystems.length > 0) return;
    const opaque = opaqueTestSteps(ci);
    const files = tests.files.filter((f) => project.file(f.path)?.role === 'test' && f.tests > 0);
    const ranInCi = (f: TestFile): boolean => f.runs.some((r) => r.kind === 'ci');
    const covered = files.filter(ranInCi);
    const missing = files.filter((f) => !ranInCi(f));
    const groups = new Map<string, { files: TestFile[]; component: ComponentProfile | undefined }>();
    for (const file of missing) {
      const component = project.componentOf(file.path);
      const root = component?.path ?? '.';
      const dir = suiteFolder(file, covered, root);
      const key = `${dir}\u0000${file.tier}\u0000${file.deselected ? 'deselected' : ''}`;
      const group = groups.get(key) ?? { files: [], component };
      group.files.push(file);
      groups.set(key, group);
    }
    for (const { files: group, component } of [...groups.values()].sort((a, b) => byCodePoint((a.files[0]?.path ?? ''), b.files[0]?.path ?? ''))) {
      const sorted = [...group].sort((a, b) => byCodePoint(a.path, b.path));
      const first = sorted[0];
      if (!first) continue;
      const dir = commonDir(sorted.map((f) => f.path));
      const testCount = sorted.reduce((n, f) => n + f.tests, 0);
      const nothing = covered.length === 0;
      const longLived = component?.archetype === 'service' || component?.archetype === 'worker';
      // Part of a tier whose other files do run (slow tests left out, one folder forgotten) weighs less.
      const partial = covered.some((c) => c.tier === first.tier && project.componentOf(c.path)?.path === component?.path);
      const severity = nothing && longLived ? 'high' : partial ? 'low' : 'medium';
      const confidence = opaque.length > 0 ? 'low' : 'high';
      const site = fixSite(project, component, first);
      const related = [...sorted.slice(1, 4).map((f) => ({ path: f.path, line: f.line })), ...(site ? [site] : [])];
      const opaqueNote = opaque.length > 0 ? `; ${plural(opaque.length, 'step')} that may run tests could not be followed (e.g. ${opaque[0]?.workflow.path}:${opaque[0]?.step.line})` : '';
      const files = sorted.length === 1 ? `the ${TIER_NAMES[first.tier]} test file` : `the ${sorted.length} ${TIER_NAMES[first.tier]} test files`;
      const them = sorted.length === 1 ? 'it' : 'them';
      const deselected = first.deselected?.[0];
      if (deselected && group.every((f) => f.deselected)) {
        report({
          messageId: 'deselected',
          data: { files, them, tests: plural(testCount, 'test'), dir, markers: markerExpression(deselected.command) ?? markerExpression(tests.pytestAddopts?.value ?? '') ?? '…', where: `${deselected.path}:${deselected.line}` },
          path: first.path,
          line: first.line,
          related: [{ path: deselected.path, line: deselected.line }, ...sorted.slice(1, 4).map((f) => ({ path: f.path, line: f.line }))],
          severity,
          confidence,
        });
        continue;
      }
      report({
        messageId: nothing ? 'nothingRun' : 'folderNotRun',
        data: { files, them, tests: plural(testCount, 'test'), dir, runner: describeRunner(sorted), workflows: ci.workflows.length, opaque: opaqueNote },
        path: first.path,
        line: first.line,
        related,
        severity,
        confidence,
      });
    }
  },
});
