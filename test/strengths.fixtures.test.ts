/**
 * One harness for every strength check: audit the check's fixtures folder with only that check, then compare the
 * credits with the annotations. Every `credit:` case must be credited, no `ok:` case may be, and nothing else may
 * be. The credits as a user sees them are snapshotted next to the fixtures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { STRENGTH_FOLDERS, STRENGTHS } from '../src/strengths/index.js';
import { readAnnotations } from './helpers/annotations.js';

const strengthsDir = join(import.meta.dirname, '..', 'src', 'strengths');

describe.each(STRENGTHS.map((check) => [check.meta.name, check] as const))('%s', (name, check) => {
  const folder = join(strengthsDir, STRENGTH_FOLDERS[name] ?? '');
  const fixtures = join(folder, 'fixtures');

  it('has fixtures with cases that must be credited and cases that must not', () => {
    expect(existsSync(fixtures)).toBe(true);
    const annotations = readAnnotations(fixtures).filter((a) => a.rule === name);
    expect(annotations.filter((a) => a.mark === 'credit').length).toBeGreaterThan(0);
    expect(annotations.filter((a) => a.mark === 'ok').length).toBeGreaterThan(0);
  });

  it('credits every credit: case, no ok: case, and nothing else', async () => {
    const { report } = await audit({ path: fixtures, rules: [], strengths: [check], jobs: 1, preview: true });
    const annotations = readAnnotations(fixtures).filter((a) => a.rule === name);
    const key = (a: { path: string; line: number }): string => `${a.path}:${a.line}`;
    const credited = new Set(report.strengths.map((s) => `${s.locations[0]?.path}:${s.locations[0]?.line}`));
    const uncredited = annotations.filter((a) => a.mark === 'credit' && !credited.has(key(a))).map(key);
    const falseCredits = annotations.filter((a) => a.mark === 'ok' && credited.has(key(a))).map(key);
    const allowed = new Set(annotations.filter((a) => a.mark === 'credit').map(key));
    const unexpected = [...credited].filter((k) => !allowed.has(k));
    expect({ uncredited, falseCredits, unexpected }).toEqual({ uncredited: [], falseCredits: [], unexpected: [] });
    expect(report.findings).toEqual([]);

    const rendered = report.strengths.map((s) => `${s.code} ${s.category} ${s.locations.map((l) => `${l.path}:${l.line}`).join(' ')}\n  ${s.title}: ${s.message}\n  | ${s.locations[0]?.snippet ?? ''}`).join('\n');
    await expect(`${rendered}\n`).toMatchFileSnapshot(join(folder, '__snapshots__', 'fixtures.snap'));
  });
});
