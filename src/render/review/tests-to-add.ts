/**
 * Tests worth adding, derived from the gaps the audit found: each names what it would have caught and where.
 * From findings (one suggestion per category with findings) and from the inventories (no tests, no integration
 * tests for a service, tests CI never runs, required environment variables).
 */
import type { Category, Finding, Report } from '../../model/report.js';
import { countsForScore } from '../../score/model.js';
import { SEVERITY_RANK, where } from './findings.js';
import { envRows, healthEndpoints, testView } from './profile-view.js';
import { at, groupBy } from './data.js';
import { byCodePoint } from '../../util/order.js';

export interface TestSuggestion {
  test: string;
  because: string;
  where: string[];
}

const BY_CATEGORY: Partial<Record<Category, string>> = {
  timeouts: 'A test where the remote end accepts the connection and never answers (a local server that stalls): the call must fail within its timeout instead of hanging.',
  'error-handling': 'A test that makes the guarded call raise and asserts the error is logged with its traceback or propagated, and that the caller does not receive a normal-looking result.',
  retries: 'A test where the dependency fails twice and then succeeds, and one where it always fails: attempts are bounded and spaced by a backoff.',
  resilience: 'A test that takes the dependency away (connection refused, slow responses) and asserts the degraded behaviour the service promises.',
  database: 'An integration test against a real database (a container in CI) that runs the migrations and the queries involved.',
  security: 'A check that fails the build when a credential literal is committed (a secret scanner in CI), plus tests that the protected paths refuse unauthenticated requests.',
  concurrency: 'A test that runs the operation concurrently (many tasks or threads on shared state) and asserts the result is the same as serially.',
  validation: 'Tests that send malformed, missing and oversized input and assert a clean client error rather than a crash or a 500.',
  observability: 'A test that asserts the health endpoint answers and that a failing request leaves a log line with enough context to trace it.',
  infrastructure: 'A container smoke test in CI: build the image, start it, wait for the health check, stop it cleanly.',
  ci: 'A CI job on every pull request that runs the test suite and fails the build on any failure.',
  dependencies: 'A CI job that installs each component from its manifest alone into a clean environment (`pip install .`, `npm ci`) and imports every entry point: it fails when a dependency is undeclared.',
  config: 'A start-up test with the configuration missing or invalid: the program must stop with a message naming the setting.',
  bug: 'A regression test for each bug below, written to fail before the fix.',
  'api-design': 'Contract tests for the API: status codes, error bodies and pagination of each route.',
  testing: 'Fix the test-suite gaps below first: tests that do not run or cannot fail give no protection.',
};

function categorySuggestions(findings: readonly Finding[]): TestSuggestion[] {
  const byCategory = groupBy(
    findings.filter((f) => f.severity !== 'info' && BY_CATEGORY[f.category] !== undefined),
    (f) => f.category,
  );
  const worst = (list: Finding[]): number => Math.min(...list.map((f) => SEVERITY_RANK[f.severity] + (countsForScore(f) ? 0 : 0.5)));
  return [...byCategory.entries()]
    .sort(([a, la], [b, lb]) => worst(la) - worst(lb) || lb.length - la.length || byCodePoint(a, b))
    .map(([category, list]) => {
      const rules = [...new Set(list.map((f) => `${f.code} ${f.title}`))];
      return {
        test: BY_CATEGORY[category] ?? '',
        because: `${list.length} ${category} finding${list.length === 1 ? '' : 's'} (${rules.join(', ')})`,
        where: [...new Set(list.map(where))],
      };
    });
}

function inventorySuggestions(report: Report): TestSuggestion[] {
  const out: TestSuggestion[] = [];
  const tests = testView(report);
  const runnable = report.profile.components.filter((c) => c.archetype !== 'infra' && c.archetype !== 'library');
  if (tests && tests.files === 0) {
    out.push({
      test: 'A first smoke test for each entry point: start it with a minimal configuration and assert it answers (or exits 0 on `--help`).',
      because: 'no test files were found',
      where: runnable.flatMap((c) => c.entryPoints.map((e) => at(e.path, e.line))),
    });
  }
  const longLived = report.profile.components.filter((c) => c.archetype === 'service' || c.archetype === 'worker');
  if (tests && tests.files > 0 && longLived.length > 0 && tests.byTier.integration.files + tests.byTier.e2e.files === 0) {
    const health = healthEndpoints(report);
    out.push({
      test: `An integration test that starts ${longLived.map((c) => `\`${c.path}\``).join(', ')} with its real dependencies and exercises one request end to end${health.length ? ` (start with ${health.map((h) => h.route).join(', ')})` : ''}.`,
      because: `${tests.files} test file${tests.files === 1 ? '' : 's'}, none integration or end-to-end`,
      where: health.length ? health.map((h) => h.at) : longLived.flatMap((c) => c.entryPoints.map((e) => at(e.path, e.line))),
    });
  }
  if (tests && tests.files > 0 && tests.hasCi && tests.ciTestSteps.length === 0) {
    out.push({
      test: `Run the existing ${tests.files} test files in CI on every pull request.`,
      because: 'CI workflows exist but no step runs the tests',
      where: [],
    });
  }
  const required = envRows(report).filter((r) => r.production && r.required);
  if (required.length > 0) {
    out.push({
      test: `A start-up test with each required environment variable unset (${required.map((r) => r.name).slice(0, 5).join(', ')}${required.length > 5 ? ', …' : ''}): the program must stop at once with a message naming it.`,
      because: `${required.length} variable${required.length === 1 ? ' is' : 's are'} read without a default`,
      where: required.map((r) => r.readAt),
    });
  }
  return out;
}

export function testsToAdd(report: Report): TestSuggestion[] {
  return [...inventorySuggestions(report), ...categorySuggestions(report.findings)];
}
