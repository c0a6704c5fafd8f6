/**
 * Preview rules and preview sub-cases: left out of the default report, listed and marked with `preview`, never scored.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import renderTerminal from '../../src/render/terminal.js';
import { plainStyle } from '../../src/render/style.js';

const dir = mkdtempSync(join(tmpdir(), 'seaworthy-preview-'));
writeFileSync(join(dir, 'a.py'), 'import os\n');
writeFileSync(join(dir, 'b.py'), 'import sys\n');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fileRule(code: string, status: 'stable' | 'preview', previewPath?: string): Rule {
  return defineRule<'hit'>({
    meta: {
      code,
      name: `test-rule-${code.toLowerCase()}`,
      category: 'bug',
      severity: 'high',
      confidence: 'high',
      title: 'Test finding',
      description: 'Reports every Python file.',
      archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
      messages: { hit: 'A finding in {{path}}.' },
      fix: 'Nothing.',
      acceptance: 'Nothing.',
      references: [],
      status,
      since: '0.1.0',
    },
    check({ project, report }) {
      for (const file of project.files) {
        if (!file.path.endsWith('.py')) continue;
        report({ messageId: 'hit', data: { path: file.path }, path: file.path, line: 1, preview: file.path === previewPath });
      }
    },
  });
}

describe('preview', () => {
  it('leaves a preview rule out of the default report and keeps the score as if it had not run', async () => {
    const { report } = await audit({ path: dir, rules: [fileRule('BUG901', 'preview')], jobs: 1 });
    expect(report.findings).toEqual([]);
    expect(report.score.overall).toBe(100);
  });

  it('lists a preview rule with --preview, marked, and does not score it', async () => {
    const { report } = await audit({ path: dir, rules: [fileRule('BUG901', 'preview')], jobs: 1, preview: true });
    expect(report.findings.map((f) => [f.locations[0]?.path, f.preview])).toEqual([
      ['a.py', true],
      ['b.py', true],
    ]);
    expect(report.score.overall).toBe(100);
    expect(report.score.categories.bug?.findings).toBe(0);
    const text = renderTerminal(report, { style: plainStyle, verbose: true });
    expect(text).toContain('0 high · 0 medium · 0 low · 0 info · 2 preview');
    expect(text).toContain('(preview, no points)');
  });

  it('drops only the preview sub-case of a stable rule, and scores the stable findings alone', async () => {
    const rule = fileRule('BUG902', 'stable', 'b.py');
    const plain = await audit({ path: dir, rules: [rule], jobs: 1 });
    expect(plain.report.findings.map((f) => f.locations[0]?.path)).toEqual(['a.py']);
    expect(plain.report.findings[0]?.preview).toBeUndefined();
    const withPreview = await audit({ path: dir, rules: [rule], jobs: 1, preview: true });
    expect(withPreview.report.findings.map((f) => [f.locations[0]?.path, f.preview ?? false])).toEqual([
      ['a.py', false],
      ['b.py', true],
    ]);
    expect(withPreview.report.score).toEqual(plain.report.score);
  });
});
