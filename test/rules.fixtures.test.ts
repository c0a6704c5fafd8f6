/**
 * One harness for every rule: audit the rule's fixtures folder with only that rule, then check the findings
 * against the annotations. Every `ruleid:` case must fire, no `ok:` case may, and nothing else may fire.
 * The findings as a user sees them are snapshotted next to the fixtures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { RULE_FOLDERS, RULES } from '../src/rules/index.js';
import { readAnnotations } from './helpers/annotations.js';

const rulesDir = join(import.meta.dirname, '..', 'src', 'rules');

describe.each(RULES.map((rule) => [rule.meta.name, rule] as const))('%s', (name, rule) => {
  const folder = join(rulesDir, RULE_FOLDERS[name] ?? '');
  const fixtures = join(folder, 'fixtures');

  it('has fixtures with cases that must fire and cases that must not', () => {
    expect(existsSync(fixtures)).toBe(true);
    const annotations = readAnnotations(fixtures).filter((a) => a.rule === name);
    expect(annotations.filter((a) => a.mark === 'ruleid').length).toBeGreaterThan(0);
    expect(annotations.filter((a) => a.mark === 'ok').length).toBeGreaterThan(0);
  });

  it('fires on every ruleid: case, on no ok: case, and nowhere else', async () => {
    const { report } = await audit({ path: fixtures, rules: [rule], jobs: 1, preview: true });
    const annotations = readAnnotations(fixtures).filter((a) => a.rule === name);
    const found = new Set(report.findings.map((f) => `${f.locations[0]?.path}:${f.locations[0]?.line}`));
    const key = (a: { path: string; line: number }): string => `${a.path}:${a.line}`;
    const missed = annotations.filter((a) => a.mark === 'ruleid' && !found.has(key(a))).map(key);
    const falsePositives = annotations.filter((a) => a.mark === 'ok' && found.has(key(a))).map(key);
    const allowed = new Set(annotations.filter((a) => a.mark === 'ruleid' || a.mark === 'todook').map(key));
    const unexpected = [...found].filter((k) => !allowed.has(k));
    expect({ missed, falsePositives, unexpected }).toEqual({ missed: [], falsePositives: [], unexpected: [] });

    // Rules report what is missing; credits come from the strength checks (test/strengths.fixtures.test.ts).
    expect(report.strengths).toEqual([]);

    const rendered = report.findings
      .map((f) => [`${f.code} ${f.severity}/${f.confidence} ${f.locations.map((l) => `${l.path}:${l.line}`).join(' ')}`, `  ${f.message}`, `  | ${f.locations[0]?.snippet ?? ''}`].join('\n'))
      .join('\n');
    await expect(`${rendered}\n`).toMatchFileSnapshot(join(folder, '__snapshots__', 'fixtures.snap'));
  });
});
