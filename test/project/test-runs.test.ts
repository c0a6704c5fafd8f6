/**
 * The pieces that decide whether CI runs a test: pytest marker expressions, skip-condition polarity, workspace
 * runners, and test-runner globs. Each expectation is what the tool itself (pytest, npm, jest) would do.
 */
import { describe, expect, it } from 'vitest';
import { workspaceTask } from '../../src/project/inventory/ci.js';
import { similarNames } from '../../src/project/inventory/env-gates.js';
import { markerSelects } from '../../src/project/inventory/test-runs.js';
import { skippedWhen } from '../../src/project/inventory/tests.js';
import { globMatch } from '../../src/util/glob.js';

describe('pytest -m expressions', () => {
  it('selects like pytest', () => {
    expect(markerSelects('not slow', ['slow'])).toBe(false);
    expect(markerSelects('not slow', [])).toBe(true);
    expect(markerSelects('integration and not db', ['integration'])).toBe(true);
    expect(markerSelects('integration and not db', ['integration', 'db'])).toBe(false);
    expect(markerSelects('(a or b) and not c', ['b'])).toBe(true);
    expect(markerSelects('e2e', ['unit'])).toBe(false);
  });

  it('gives up on what it cannot parse', () => {
    expect(markerSelects('slow and', ['slow'])).toBeNull();
    expect(markerSelects('a(b)', ['a'])).toBeNull();
  });
});

describe('skip conditions over environment variables', () => {
  it('tells opt-in tests (skipped when unset) from opt-out ones', () => {
    expect(skippedWhen('not os.environ.get("RUN_DB")', 'skip')).toBe('unset');
    expect(skippedWhen('os.getenv("RUN_DB") != "1"', 'skip')).toBe('unset');
    expect(skippedWhen('"RUN_DB" not in os.environ', 'skip')).toBe('unset');
    expect(skippedWhen('os.environ.get("X", "") == ""', 'skip')).toBe('unset');
    expect(skippedWhen('!process.env.RUN_API', 'skip')).toBe('unset');
    expect(skippedWhen('process.env.RUN_API', 'run')).toBe('unset');
    expect(skippedWhen('os.environ.get("SKIP_NET") == "1"', 'skip')).toBe('set');
    expect(skippedWhen('process.env.OFFLINE', 'skip')).toBe('set');
    expect(skippedWhen('not os.getenv("A") or sys.platform == "win32"', 'skip')).toBe('unset');
  });

  it('stays silent when the condition is not a plain test of the variable', () => {
    expect(skippedWhen('not os.getenv("A") and sys.platform == "win32"', 'skip')).toBeUndefined();
    expect(skippedWhen('int(os.getenv("N", "0")) > 3', 'skip')).toBeUndefined();
  });
});

describe('near-miss variable names', () => {
  it('matches plural, underscore and one-letter variants, not different words', () => {
    expect(similarNames('RUN_DB_TEST', 'RUN_DB_TESTS')).toBe(true);
    expect(similarNames('RUNDBTESTS', 'RUN_DB_TESTS')).toBe(true);
    expect(similarNames('RUN_DB_TSETS', 'RUN_DB_TESTS')).toBe(true);
    expect(similarNames('CI', 'DB')).toBe(false);
    expect(similarNames('REDIS_URL', 'MYSQL_URL')).toBe(false);
    expect(similarNames('RUN_DB_TESTS', 'RUN_DB_TESTS')).toBe(false);
  });
});

describe('workspace runners', () => {
  it('finds the script every package runs', () => {
    expect(workspaceTask('pnpm -r test')).toEqual({ task: 'test' });
    expect(workspaceTask('pnpm --filter @shop/web run test')).toEqual({ task: 'test', filter: '@shop/web' });
    expect(workspaceTask('turbo run test --filter=web')).toEqual({ task: 'test', filter: 'web' });
    expect(workspaceTask('npx nx run-many -t test')).toEqual({ task: 'test' });
    expect(workspaceTask('npm test --workspaces')).toEqual({ task: 'test' });
    expect(workspaceTask('yarn workspaces foreach -A run test')).toEqual({ task: 'test' });
    expect(workspaceTask('lerna run test')).toEqual({ task: 'test' });
    expect(workspaceTask('npm test')).toBeNull();
  });
});

describe('test-runner globs', () => {
  it('matches jest, vitest and Playwright defaults as the runners do', () => {
    const jest = '**/?(*.)+(spec|test).[jt]s?(x)';
    expect(globMatch(jest, 'src/users/users.service.spec.ts')).toBe(true);
    expect(globMatch(jest, 'test/user/auth.e2e-spec.ts')).toBe(false);
    expect(globMatch('**/__tests__/**/*.[jt]s?(x)', 'src/__tests__/a.tsx')).toBe(true);
    expect(globMatch('**/*.{test,spec}.?(c|m)[jt]s?(x)', 'tests/server.test.mts')).toBe(true);
    expect(globMatch('src/**/*.test.ts', 'lib/a.test.ts')).toBe(false);
    expect(globMatch('**/*.@(spec|test).?(c|m)[jt]s?(x)', 'e2e/login.spec.ts')).toBe(true);
  });
});
