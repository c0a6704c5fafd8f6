/** `seaworthy explain`: the score breakdown adds up, a fingerprint is explained with evidence, a rule prints its docs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainCommand } from '../../src/cli/commands/explain.js';
import { UsageError } from '../../src/errors.js';
import { CATEGORIES } from '../../src/model/report.js';
import { REPORT_FILE, loadReport } from '../helpers/report.js';

const quiet = { write: () => true };

describe('explain --score', () => {
  const report = loadReport();

  it('lists, per category, the findings that cost points; their sum is exactly what the category lost', async () => {
    const text = await explainCommand({ subject: undefined, score: true, report: REPORT_FILE }, quiet);
    expect(text).toMatch(/^Score 47\/100 \(F\) — model seaworthy-score\/3/);
    expect(text).toContain('Risk = Σ points lost × category weight × 2 = 75.60');
    expect(text).toContain('Overall = 100 × e^(−risk / 100) = 47 (rounded)');
    // The blocker's cap at 59 does not bind: the score is already below it.
    expect(text).not.toContain('Capped at');
    for (const category of CATEGORIES) {
      const score = report.score.categories[category].score;
      const block = new RegExp(`^${category}  ([\\d.]+)/10 .*\\n((?:   .*\\n)+)    = ([\\d.]+)  points lost in ${category}$`, 'm').exec(text);
      if (score === null || score === 10) {
        expect(block).toBeNull();
        continue;
      }
      expect(block, category).not.toBeNull();
      const lines = (block?.[2] ?? '').trimEnd().split('\n');
      const sum = lines.reduce((n, l) => n + Math.round(Number(/^\s+−([\d.]+)/.exec(l)?.[1] ?? 'NaN') * 100), 0);
      expect(sum).toBe(Math.round((10 - score) * 100));
      expect(Number(block?.[3])).toBeCloseTo(10 - score, 5);
    }
    // The unconfirmed high costs nothing and is not listed.
    expect(text).not.toContain('2b3c4d5e6f708192a3b4');
  });

  it('refuses a report scored by another model', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seaworthy-explain-')), 'old.json');
    writeFileSync(file, JSON.stringify({ ...report, score: { ...report.score, model: 'seaworthy-score/1' } }));
    await expect(explainCommand({ score: true, report: file }, quiet)).rejects.toThrow(/scored by seaworthy-score\/1/);
  });
});

describe('explain FINGERPRINT', () => {
  it('explains one finding: what, evidence, verify commands, fix, acceptance and its cost', async () => {
    const text = await explainCommand({ subject: '0f1e2d3c', score: false, report: REPORT_FILE }, quiet);
    expect(text).toMatch(/^TMO001 HTTP call without a timeout — high, confidence high, category timeouts\n/);
    expect(text).toContain('api/app/payments/client.py:44  resp = requests.post(PAYMENT_URL, json=body)');
    expect(text).toContain("  cd ../acme-shop\n  sed -n '44,46p' api/app/payments/client.py\n");
    expect(text).toContain('Done when\n  Every outbound HTTP call has a finite timeout');
    expect(text).toContain('costs 3 of the 10 points of timeouts (high × high confidence, the costliest finding of its rule, full cost)');
    // The rule's own docs say why it matters and when it does not apply.
    expect(text).toContain('Why it matters\n  A request without a timeout waits as long as the remote side keeps the connection open.');
    expect(text).toContain('When it does not apply');
  });

  it('says why an unconfirmed finding costs nothing', async () => {
    const text = await explainCommand({ subject: '2b3c4d5e6f708192a3b4', score: false, report: REPORT_FILE }, quiet);
    expect(text).toContain('costs nothing: low confidence (unconfirmed) findings do not move the score');
  });

  it('fails with a hint for an unknown or ambiguous fingerprint', async () => {
    await expect(explainCommand({ subject: 'ffffffffff', score: false, report: REPORT_FILE }, quiet)).rejects.toThrow(UsageError);
    await expect(explainCommand({ subject: '1a2b3c4d5e6f70819203', score: false, report: REPORT_FILE }, quiet)).resolves.toContain('api/app/payments/client.py:71');
    const report = loadReport();
    const prefixes = new Map<string, number>();
    for (const f of report.findings) prefixes.set(f.fingerprint.slice(0, 6), (prefixes.get(f.fingerprint.slice(0, 6)) ?? 0) + 1);
    expect([...prefixes.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('explain RULE', () => {
  it('prints the rule meta and its documentation, by name or code', async () => {
    const byCode = await explainCommand({ subject: 'tmo001', score: false }, quiet);
    expect(byCode).toMatch(/^TMO001 http-call-without-timeout — timeouts/);
    expect(byCode).toContain('Done when: ');
    expect(byCode).toContain('## Why is this bad?');
    expect(await explainCommand({ subject: 'http-call-without-timeout', score: false }, quiet)).toBe(byCode);
  });

  it('rejects what is neither a rule nor a fingerprint, and a missing subject', async () => {
    await expect(explainCommand({ subject: 'no-such-rule', score: false }, quiet)).rejects.toThrow(/neither a rule nor a fingerprint/);
    await expect(explainCommand({ score: false }, quiet)).rejects.toThrow(/needs a rule, a fingerprint or --score/);
  });
});
