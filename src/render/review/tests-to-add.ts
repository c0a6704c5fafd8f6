/**
 * Tests worth adding, derived from the gaps the audit found: each names the findings it would have caught and the
 * files or routes it would exercise, and none is suggested that the repository already has. From confirmed
 * findings of at least medium severity (findings exist only where a rule fits the component's archetype) and from
 * the inventories (no tests, no integration tests for a service, tests CI never runs, required variables).
 */
import type { Category, Finding, Report } from '../../model/report.js';
import { countsForScore } from '../../score/model.js';
import { SEVERITY_RANK, where } from './findings.js';
import { envRows, healthEndpoints, testView, type TestView } from './profile-view.js';
import { at, groupBy } from './data.js';
import { byCodePoint } from '../../util/order.js';

export interface TestSuggestion {
  test: string;
  because: string;
  where: string[];
}

/**
 * A test that would catch a kind of gap: the findings it answers (by category, optionally only some rules) and,
 * where the repository may already have it, when it is not suggested.
 */
interface TestKind {
  category: Category;
  /** Only findings of these rules (by id); all of the category when absent. */
  rules?: RegExp;
  test: string;
  /** The repository already has this test. */
  has?: (tests: TestView | undefined) => boolean;
}

const ranInCi = (t: TestView | undefined): boolean => (t?.ciTestSteps.length ?? 0) > 0;

const KINDS: readonly TestKind[] = [
  { category: 'timeouts', test: 'A test where the remote end accepts the connection and never answers (a local server that stalls): the call must fail within its timeout instead of hanging.' },
  { category: 'error-handling', test: 'A test that makes the guarded call fail and asserts the error is logged with its stack trace or propagated, and that the caller does not receive a normal-looking result.' },
  { category: 'retries', test: 'A test where the dependency fails twice and then succeeds, and one where it always fails: attempts are bounded and spaced by a backoff.' },
  { category: 'resilience', rules: /graceful-shutdown/, test: 'A test that starts the process, sends SIGTERM while a request or job is in flight and asserts the work finishes and the process exits 0.' },
  { category: 'resilience', rules: /reconnect|circuit-breaker/, test: 'A test that takes the dependency away (connection refused, then back) and asserts the component reconnects and carries on.' },
  { category: 'database', test: 'A test against the database engine production uses (a container in CI) that runs the migrations and the queries involved.' },
  { category: 'security', rules: /^(hardcoded-credential|compose-default-password|default-credentials-seeded|env-file-baked-into-image)$/, test: 'A secret scanner in CI (gitleaks, detect-secrets) that fails the build when a credential literal is committed.' },
  { category: 'security', rules: /route-without-authentication|rate-limiting|cors|jwt|login-reveals/, test: 'Tests that call the flagged routes without credentials (and from another origin) and assert they are refused.' },
  { category: 'security', rules: /injection|sql-built|deserialization/, test: 'Tests that pass hostile input (quotes, `; rm`, `../`, a crafted pickle or YAML tag) to the flagged calls and assert it is treated as data.' },
  { category: 'security', rules: /tls-verification/, test: 'A test against a local server with a self-signed certificate: the client must refuse the connection.' },
  { category: 'concurrency', test: 'A test that runs the operation concurrently (many tasks or threads on shared state) and asserts the result is the same as serially.' },
  { category: 'validation', test: 'Tests that send malformed, missing and oversized input to the flagged handlers and assert a clean client error rather than a crash or a 500.' },
  { category: 'observability', rules: /health/, test: 'A test that starts the service and asserts the health endpoint answers, and fails when a dependency it needs is down.' },
  { category: 'infrastructure', rules: /healthcheck|probe/, test: 'A container smoke test in CI: build the image, start it, wait until its health check passes, stop it cleanly.' },
  { category: 'ci', rules: /test-step/, test: 'A CI job on every pull request that runs the test suite and fails the build on any failure.', has: (t) => ranInCi(t) },
  { category: 'dependencies', rules: /undeclared/, test: 'A CI job that installs each component from its manifest alone into a clean environment (`pip install .`, `npm ci`) and imports every entry point: it fails when a dependency is undeclared.' },
  { category: 'config', test: 'A start-up test with the configuration missing or invalid: the program must stop with a message naming the setting.' },
  { category: 'bug', test: 'A regression test for each bug, written to fail before the fix.' },
  { category: 'api-design', test: 'Contract tests for the flagged routes: status codes, error bodies and pagination.' },
];

/** Findings a test would catch: confirmed, scored, at least medium. */
function testable(f: Finding): boolean {
  return SEVERITY_RANK[f.severity] <= SEVERITY_RANK.medium && countsForScore(f) && f.preview !== true;
}

function categorySuggestions(report: Report): TestSuggestion[] {
  const tests = testView(report);
  const findings = report.findings.filter(testable);
  const worst = (list: Finding[]): number => Math.min(...list.map((f) => SEVERITY_RANK[f.severity]));
  return KINDS.flatMap((kind) => {
    if (kind.has?.(tests)) return [];
    const list = findings.filter((f) => f.category === kind.category && (kind.rules === undefined || kind.rules.test(f.id)));
    return list.length === 0 ? [] : [{ kind, list }];
  })
    .sort((a, b) => worst(a.list) - worst(b.list) || b.list.length - a.list.length || byCodePoint(a.kind.category, b.kind.category))
    .map(({ kind, list }) => {
      const rules = [...groupBy(list, (f) => f.code).entries()].map(([code, l]) => `${l.length} × ${code} ${(l[0] as Finding).title}`);
      return { test: kind.test, because: `it would catch ${rules.join(', ')}`, where: [...new Set(list.map(where))] };
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
  return [...inventorySuggestions(report), ...categorySuggestions(report)];
}
