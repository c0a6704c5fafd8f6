/** Findings for model and renderer tests: only what the code under test reads is meaningful. */
import type { Category, Confidence, Finding, Severity } from '../../src/model/report.js';

let counter = 0;

export function finding(over: Partial<Finding> & { category?: Category; severity?: Severity; confidence?: Confidence } = {}): Finding {
  counter++;
  const fingerprint = over.fingerprint ?? counter.toString(16).padStart(20, '0');
  return {
    id: 'some-rule',
    code: 'ERR001',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: 'A finding',
    message: 'Something is wrong.',
    component: '.',
    locations: [{ path: 'app.py', line: counter, endLine: counter, snippet: 'pass' }],
    fix: 'Fix it.',
    references: [],
    ...over,
    fingerprint,
  };
}
