/** The HTML review as text: self-contained, escaped, deterministic. (html.browser.test.ts opens it in Chromium.) */
import { describe, expect, it } from 'vitest';
import renderHtml from '../../src/render/html.js';
import { loadReport } from '../helpers/report.js';

describe('HTML review', () => {
  const report = loadReport();
  const html = renderHtml(report);

  it('is one self-contained document that forbids network requests', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/(src|href)="(?!data:)[^"]*"/);
    expect(html).not.toMatch(/@import|url\(|@font-face/);
  });

  it('escapes every piece of report text', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('{/* &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; */}');
    expect(html).toContain('a stored &lt;script&gt; runs');
    // Exactly one script element: ours.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('has a row per finding with its filter and sort keys, the snippet and the fix', () => {
    const rows = html.match(/<tr class="finding"[^>]*>/g) ?? [];
    expect(rows).toHaveLength(report.findings.length);
    expect(rows[0]).toContain('data-severity="blocker"');
    expect(rows[0]).toContain('data-points="6"');
    expect(html).toContain('<pre>resp = requests.post(PAYMENT_URL, json=body)</pre>');
    expect(html).toContain('<strong>Fix:</strong> Pass an explicit timeout');
  });

  it('shows the score, a bar per applicable category and the severity counts', () => {
    expect(html).toContain('<span class="value">47<small>/100</small></span>');
    expect(html.match(/class="bar[^"]*" role="img"/g)).toHaveLength(Object.values(report.score.categories).filter((c) => c.score !== null).length);
    expect(html).toContain('data-set-severity="high"><span class="sev sev-high">high</span> 3</button>');
  });

  it('is deterministic', () => {
    expect(renderHtml(loadReport())).toBe(html);
  });

  it('charts the findings by severity, and breaks them down by component', () => {
    const chart = /<div id="severity-chart"[^]*?<\/div><\/div>/.exec(html)?.[0] ?? '';
    const high = report.findings.filter((f) => f.severity === 'high').length;
    expect(chart).toMatch(new RegExp(`role="img" aria-label="high: ${high} findings"`));
    expect(chart.match(/class="chart-bar sev-bg-/g)).toHaveLength(5);
    for (const component of report.profile.components) {
      const row = new RegExp(`<tr><td><code>${component.path}</code></td>.*?</tr>`).exec(html)?.[0] ?? '';
      const mine = report.findings.filter((f) => f.component === component.path);
      expect(row, component.path).toContain(mine.length === 0 ? 'none' : `${mine.length} finding`);
      for (const severity of new Set(mine.map((f) => f.severity))) expect(row).toContain(`${mine.filter((f) => f.severity === severity).length} ${severity}`);
    }
  });
});
