/** The Markdown review of the fixture report: snapshot, section order, escaping, verify commands. */
import { describe, expect, it } from 'vitest';
import renderMarkdown from '../../src/render/markdown.js';
import { loadReport } from '../helpers/report.js';

describe('Markdown review', () => {
  const report = loadReport();
  const md = renderMarkdown(report);

  it('matches the snapshot', async () => {
    await expect(md).toMatchFileSnapshot('./__snapshots__/review.md');
  });

  it('is deterministic', () => {
    expect(renderMarkdown(loadReport())).toBe(md);
  });

  it('has the sections in the order a reader acts on them', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual([
      'Components',
      'Summary',
      'Blockers and high findings',
      'Medium and low findings',
      'Done right',
      'Non-goals',
      'Checklist',
      'Tests worth adding',
      'Environment variables',
      'Dependencies',
      'Debt',
      'Files not analysed',
      'Appendix: metrics',
    ]);
  });

  it('gives every blocker and high finding its location, issue, impact, fix, acceptance and a verify command', () => {
    const serious = report.findings.filter((f) => f.severity === 'blocker' || f.severity === 'high');
    const blocks = md.split('\n### ').filter((b) => /^\d+\. (BLOCKER|HIGH) /.test(b));
    expect(blocks).toHaveLength(serious.length);
    for (const block of blocks) {
      for (const part of ['**Location', '**Issue.**', '**Impact.**', '**Fix.**', '**Acceptance criteria.**', '**Verify by hand**']) expect(block).toContain(part);
      expect(block).toMatch(/```sh\nsed -n '\d+,\d+p' \S+/);
    }
  });

  it('never lets report text become HTML or break a table', () => {
    expect(md).not.toContain('<script');
    expect(md).toContain('a stored &lt;script&gt; runs');
    expect(md).toContain('`# TODO: handle partial refunds \\| see *issue* #123`');
  });

  it('lists non-goals once per reason, per component', () => {
    expect(md.match(/A one-shot program fails and the user runs it again/g)).toHaveLength(1);
    expect(md).toContain('RES001 `missing-circuit-breaker`: same reason as for `tools` above.');
  });

  it('puts findings on the checklist by severity, unconfirmed ones apart', () => {
    const must = md.slice(md.indexOf('### Must fix before production'), md.indexOf('### Should fix before daily use'));
    expect(must).toContain('- [ ] **SEC001**');
    expect(must).toContain('- [ ] **TMO001**');
    expect(must).not.toContain('sync.py');
    const should = md.slice(md.indexOf('### Should fix before daily use'), md.indexOf('### Nice to have'));
    expect(should).toContain('(unconfirmed: check first) — `api/app/jobs/sync.py:88`');
  });

  it('never shows a masked secret in full', () => {
    expect(md).toContain('sk**** (32 chars)');
  });
});
