/**
 * One harness for every strength check: audit the check's fixtures folder with only that check, then compare the
 * credits with the annotations. Every `credit:` case must be credited, no `ok:` case may be, and nothing else may
 * be. A fixtures folder holding a `.projects` file is a set of miniature repositories, one per subfolder, each
 * audited on its own (for repository-wide practices: "every workflow pins its actions"). The credits as a user sees
 * them are snapshotted next to the fixtures.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import type { StrengthCheck } from '../src/engine/strength.js';
import type { Strength } from '../src/model/report.js';
import { STRENGTH_FOLDERS, STRENGTHS } from '../src/strengths/index.js';
import { readAnnotations, type Annotation } from './helpers/annotations.js';

const strengthsDir = join(import.meta.dirname, '..', 'src', 'strengths');

/** The miniature repositories of a fixtures folder, as (prefix, folder) pairs. */
function projects(fixtures: string): Array<[string, string]> {
  if (!existsSync(join(fixtures, '.projects'))) return [['', fixtures]];
  return readdirSync(fixtures, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => [`${name}/`, join(fixtures, name)]);
}

async function credits(check: StrengthCheck, fixtures: string): Promise<Strength[]> {
  const out: Strength[] = [];
  for (const [prefix, folder] of projects(fixtures)) {
    const { report } = await audit({ path: folder, rules: [], strengths: [check], jobs: 1, preview: true });
    expect(report.findings).toEqual([]);
    out.push(...report.strengths.map((s) => ({ ...s, locations: s.locations.map((l) => ({ ...l, path: `${prefix}${l.path}` })) })));
  }
  return out;
}

describe.each(STRENGTHS.map((check) => [check.meta.name, check] as const))('%s', (name, check) => {
  const folder = join(strengthsDir, STRENGTH_FOLDERS[name] ?? '');
  const fixtures = join(folder, 'fixtures');
  const annotations = (): Annotation[] => (existsSync(fixtures) ? readAnnotations(fixtures).filter((a) => a.rule === name) : []);

  it('has fixtures with cases that must be credited and cases that must not', () => {
    expect(existsSync(fixtures)).toBe(true);
    expect(annotations().filter((a) => a.mark === 'credit').length).toBeGreaterThan(0);
    expect(annotations().filter((a) => a.mark === 'ok').length).toBeGreaterThan(0);
  });

  it('credits every credit: case, no ok: case, and nothing else', async () => {
    const strengths = await credits(check, fixtures);
    const key = (a: { path: string; line: number }): string => `${a.path}:${a.line}`;
    const credited = new Set(strengths.map((s) => `${s.locations[0]?.path}:${s.locations[0]?.line}`));
    const uncredited = annotations().filter((a) => a.mark === 'credit' && !credited.has(key(a))).map(key);
    const falseCredits = annotations().filter((a) => a.mark === 'ok' && credited.has(key(a))).map(key);
    const allowed = new Set(annotations().filter((a) => a.mark === 'credit').map(key));
    const unexpected = [...credited].filter((k) => !allowed.has(k));
    expect({ uncredited, falseCredits, unexpected }).toEqual({ uncredited: [], falseCredits: [], unexpected: [] });

    const rendered = strengths.map((s) => `${s.code} ${s.category} ${s.locations.map((l) => `${l.path}:${l.line}`).join(' ')}\n  ${s.title}: ${s.message}\n  | ${s.locations[0]?.snippet ?? ''}`).join('\n');
    await expect(`${rendered}\n`).toMatchFileSnapshot(join(folder, '__snapshots__', 'fixtures.snap'));
  });
});
