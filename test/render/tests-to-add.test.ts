/** Tests worth adding: each from a gap the audit found, with its places; none the repository already has. */
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model/report.js';
import { testsToAdd } from '../../src/render/review/tests-to-add.js';
import { loadReport } from '../helpers/report.js';

function withOnly(report: Report, findings: Finding[]): Report {
  return { ...structuredClone(report), findings };
}

function finding(report: Report, patch: Partial<Finding>): Finding {
  const base = report.findings.find((f) => f.severity === 'high') as Finding;
  return { ...structuredClone(base), confidence: 'high', ...patch };
}

describe('tests worth adding', () => {
  const report = loadReport();

  it('names the findings each suggestion would catch and the places it would exercise', () => {
    const list = testsToAdd(report).filter((t) => t.because.startsWith('it would catch'));
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) {
      expect(t.because).toMatch(/\d+ × [A-Z]+\d{3} /);
      expect(t.where.length).toBeGreaterThan(0);
    }
  });

  it('suggests a secret scanner for a committed credential, not for an injection', () => {
    const credential = finding(report, { id: 'hardcoded-credential', code: 'SEC001', category: 'security' });
    const injection = finding(report, { id: 'sql-built-from-strings', code: 'SEC010', category: 'security' });
    expect(testsToAdd(withOnly(report, [credential])).map((t) => t.test).join('\n')).toContain('secret scanner');
    const forInjection = testsToAdd(withOnly(report, [injection])).map((t) => t.test).join('\n');
    expect(forInjection).not.toContain('secret scanner');
    expect(forInjection).not.toContain('without credentials');
    expect(forInjection).toContain('hostile input');
  });

  it('suggests no container smoke test for an unpinned base image, and none for unconfirmed findings', () => {
    const unpinned = finding(report, { id: 'unpinned-base-image', code: 'INF002', category: 'infrastructure' });
    const unconfirmed = finding(report, { id: 'http-call-without-timeout', code: 'TMO001', category: 'timeouts', confidence: 'low' });
    const list = testsToAdd(withOnly(report, [unpinned, unconfirmed])).filter((t) => t.because.startsWith('it would catch'));
    expect(list).toEqual([]);
  });

  it('does not suggest running the tests in CI when CI already runs them', () => {
    const step = finding(report, { id: 'test-step-continue-on-error', code: 'CI004', category: 'ci' });
    const tests = testsToAdd(withOnly(report, [step])).map((t) => t.test).join('\n');
    expect(tests).not.toContain('CI job on every pull request');
  });
});
