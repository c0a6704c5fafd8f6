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

  it('gives every rule with blocker or high findings one entry with its issue, impact, fix, acceptance and a verify command', () => {
    const serious = report.findings.filter((f) => f.severity === 'blocker' || f.severity === 'high');
    const rules = new Set(serious.map((f) => `${f.code} ${f.severity}`));
    const blocks = md.split('\n### ').filter((b) => /^\d+\. (BLOCKER|HIGH) /.test(b));
    expect(blocks).toHaveLength(rules.size);
    for (const block of blocks) {
      for (const part of ['**Issue.**', '**Impact.**', '**Fix.**', '**Acceptance criteria.**', '**Verify by hand**']) expect(block).toContain(part);
      expect(block).toMatch(/`sed -n '[\d,p;]+' \S+`/);
    }
  });

  it('lists at most two places of a medium or low rule, then a count', () => {
    const many = structuredClone(report);
    const template = many.findings.find((f) => f.severity === 'low');
    const location = template?.locations[0];
    if (!template || !location) throw new Error('the fixture report has no low finding');
    many.findings.push(...[1, 2, 3, 4, 5].map((i) => ({ ...template, fingerprint: `ffff${i}`, locations: [{ ...location, line: 900 + i }] })));
    const text = renderMarkdown(many);
    const section = text.slice(text.indexOf('## Medium and low findings'), text.indexOf('## Done right'));
    const group = section.slice(section.indexOf(`**${template.code} `));
    const bullets = group.slice(0, group.indexOf('\n\n')).split('\n').filter((l) => l.startsWith('- '));
    expect(bullets).toHaveLength(3);
    expect(bullets[2]).toMatch(/^- …and 4 more: /);
  });

  it('never lets report text become HTML or break a table', () => {
    expect(md).not.toContain('<script');
    expect(md).toContain('a stored &lt;script&gt; runs');
    expect(md).toContain('`# TODO: handle partial refunds \\| see *issue* #123`');
  });

  it('explains a non-goal only where its pattern is present, with evidence and what would change the verdict', () => {
    const section = md.slice(md.indexOf('## Non-goals'), md.indexOf('## Checklist'));
    expect(section).toContain('- **RES001** `missing-circuit-breaker` — present at `tools/sync_prices.py:14`, `tools/sync_prices.py:31` and 1 more');
    expect(section).toContain('If this component becomes a service or a worker, these 3 places become findings.');
    expect(section).toContain('- **TMO001** `http-call-without-timeout` — present at `web/src/api.ts:8`');
    expect(section).toContain('- Also not applied to cli components: OBS002.');
    expect(section).toContain('- Also not applied to frontend components: OBS002, RES001.');
    expect(section.match(/A one-shot program fails and the user runs it again/g)).toHaveLength(1);
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
