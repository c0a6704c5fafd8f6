import { describe, expect, it } from 'vitest';
import { roleOf } from './classify.js';

describe('roleOf', () => {
  it('treats semgrep rule tests as fixtures', () => {
    expect(roleOf('.semgrep/security/requests/no-use-requests-lib.py', 'python')).toBe('fixture');
  });

  it('treats test-runner set-up files as tests, but keeps their config files as config', () => {
    expect(roleOf('vitest.postgres.global-setup.ts', 'typescript')).toBe('test');
    expect(roleOf('jest.setup.js', 'javascript')).toBe('test');
    expect(roleOf('e2e/global-teardown.ts', 'typescript')).toBe('test');
    expect(roleOf('vitest.config.ts', 'typescript')).toBe('config');
  });

  it('treats a top-level dev/ folder as development tooling, not a nested one', () => {
    expect(roleOf('dev/code-generation/utils/template.py', 'python')).toBe('dev');
    expect(roleOf('app/dev/routes.py', 'python')).toBe('source');
  });
});
