/**
 * The HTML review in headless Chromium (Debian's chromium, driven by playwright-core): no console errors, no
 * request but the file itself, filters and sorting work, readable at phone width. Screenshots go to test-output/.
 * Skipped (with a note) when /usr/bin/chromium is missing, unless SEAWORTHY_REQUIRE_BROWSER=1 (set by .ci/run).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import renderHtml from '../../src/render/html.js';
import { loadReport } from '../helpers/report.js';

const CHROMIUM = process.env['SEAWORTHY_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUT = join(import.meta.dirname, '..', '..', 'test-output');
const run = existsSync(CHROMIUM) || process.env['SEAWORTHY_REQUIRE_BROWSER'] === '1';
if (!run) console.warn(`skipping the browser test: ${CHROMIUM} not found (apt-get install chromium)`);

describe.skipIf(!run)('HTML review in Chromium', () => {
  const report = loadReport();
  const file = join(OUT, 'review.html');
  const url = pathToFileURL(file).href;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];

  const visibleRows = (): Promise<number> => page.locator('#findings tbody tr.finding:visible').count();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(file, renderHtml(report));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
  });

  afterAll(async () => {
    await browser.close();
  });

  it('loads with no console error and no request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
  });

  it('filters the table by severity, category, component and text', async () => {
    expect(await visibleRows()).toBe(report.findings.length);
    await page.selectOption('#filter-severity', 'high');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.severity === 'high').length);
    expect(await page.textContent('#shown-count')).toBe(`3 of ${report.findings.length} findings shown`);
    await page.selectOption('#filter-category', 'timeouts');
    expect(await visibleRows()).toBe(2);
    await page.selectOption('#filter-severity', '');
    await page.selectOption('#filter-category', '');
    await page.selectOption('#filter-component', 'web');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.component === 'web').length);
    await page.selectOption('#filter-component', '');
    await page.fill('#filter-text', 'PAYMENTS/CLIENT.PY');
    expect(await visibleRows()).toBe(report.findings.filter((f) => f.locations.some((l) => l.path === 'api/app/payments/client.py')).length);
    await page.fill('#filter-text', '');
    await page.click('button[data-set-severity="blocker"]');
    expect(await visibleRows()).toBe(1);
    await page.selectOption('#filter-severity', '');
    expect(await visibleRows()).toBe(report.findings.length);
  });

  it('sorts by a column, both ways', async () => {
    const firstCode = (): Promise<string | null> => page.locator('#findings tbody tr.finding').first().getAttribute('data-rule');
    await page.click('th[data-key="rule"] button');
    expect(await page.getAttribute('th[data-key="rule"]', 'aria-sort')).toBe('ascending');
    expect(await firstCode()).toBe('CFG001');
    await page.click('th[data-key="rule"] button');
    expect(await firstCode()).toBe('TST002');
    await page.click('th[data-key="points"] button');
    await page.click('th[data-key="points"] button');
    expect(await page.getAttribute('th[data-key="points"]', 'aria-sort')).toBe('descending');
    expect(await page.locator('#findings tbody tr.finding').first().getAttribute('data-severity')).toBe('blocker');
  });

  it('counts each facet in the filters, keeps them in the URL hash, and reads them back', async () => {
    const high = report.findings.filter((f) => f.severity === 'high').length;
    expect(await page.textContent('#filter-severity option[value="high"]')).toBe(`high (${high})`);
    await page.selectOption('#filter-severity', 'high');
    await page.fill('#filter-text', 'py');
    expect(await page.evaluate<string>('location.hash')).toBe('#severity=high&q=py');
    const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await again.goto(`${url}#severity=high&component=api`);
    expect(await again.inputValue('#filter-severity')).toBe('high');
    expect(await again.locator('#findings tbody tr.finding:visible').count()).toBe(report.findings.filter((f) => f.severity === 'high' && f.component === 'api').length);
    await again.close();
    await page.selectOption('#filter-severity', '');
    await page.fill('#filter-text', '');
    expect(await page.evaluate<string>('location.hash')).toBe('');
  });

  it('says so when no finding matches, with a way back', async () => {
    expect(await page.isVisible('#no-match')).toBe(false);
    await page.fill('#filter-text', 'no finding has this text');
    expect(await page.isVisible('#no-match')).toBe(true);
    await page.click('#no-match button');
    expect(await page.inputValue('#filter-text')).toBe('');
    expect(await visibleRows()).toBe(report.findings.length);
    expect(await page.isVisible('#no-match')).toBe(false);
  });

  it('keeps the filter bar in view while the findings scroll', async () => {
    await page.evaluate('document.querySelector("#findings tbody tr.finding:last-child").scrollIntoView()');
    const top = await page.evaluate<number>('document.querySelector(".filters").getBoundingClientRect().top');
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(5);
    await page.evaluate('window.scrollTo(0, 0)');
  });

  it('lays out a phone screen: each category on its own row, the finding text the full card width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // Evaluated in the page; written as strings because this project compiles without the DOM library.
    const rows = await page.evaluate<Array<{ name: number; bar: number; score: number }>>(
      'Array.from(document.querySelectorAll(".bars .cat-row")).map((r) => ({ name: r.children[0].getBoundingClientRect().top, bar: r.children[1].getBoundingClientRect().top, score: r.children[2].getBoundingClientRect().top }))',
    );
    expect(rows.length).toBeGreaterThan(1);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as { name: number; bar: number; score: number };
      expect(row.score).toBe(row.name);
      expect(row.bar).toBeGreaterThan(row.name);
      if (i > 0) expect(row.name).toBeGreaterThan((rows[i - 1] as { bar: number }).bar);
    }
    const widths = await page.evaluate<{ cell: number; card: number }>(
      '(() => { const row = document.querySelector("#findings tbody tr.finding"); return { cell: row.children[5].getBoundingClientRect().width, card: row.getBoundingClientRect().width }; })()',
    );
    expect(widths.cell).toBeGreaterThan(widths.card * 0.9);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('fits a phone screen without sideways scrolling, and saves screenshots', async () => {
    await page.screenshot({ path: join(OUT, 'review-laptop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // Evaluated in the page; written as a string because this project compiles without the DOM library.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUT, 'review-phone.png'), fullPage: true });
    expect(existsSync(join(OUT, 'review-phone.png'))).toBe(true);
    expect(consoleErrors).toEqual([]);
  });
});
