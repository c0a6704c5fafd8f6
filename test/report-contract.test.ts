/** The JSON output is the public contract: it validates against schema/report.v1.json and is deterministic. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import renderJson from '../src/render/json.js';

const project = join(import.meta.dirname, 'fixtures', 'projects', 'mixed');
const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'report.v1.json'), 'utf8')) as object;

describe('report contract', () => {
  it('validates against the JSON Schema', async () => {
    const { report } = await audit({ path: project, jobs: 1 });
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(JSON.parse(renderJson(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report.findings.length).toBeGreaterThan(3);
  });

  it('gives the same bytes on every run', async () => {
    const first = renderJson((await audit({ path: project, jobs: 1 })).report);
    const second = renderJson((await audit({ path: project, jobs: 1 })).report);
    expect(second).toBe(first);
  });

  it('orders findings by severity, then path, then line', async () => {
    const { report } = await audit({ path: project, jobs: 1 });
    const rank = ['blocker', 'high', 'medium', 'low', 'info'];
    const keys = report.findings.map((f) => [rank.indexOf(f.severity), f.locations[0]?.path ?? '', f.locations[0]?.line ?? 0] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2]);
    expect(keys).toEqual(sorted);
  });

  it('never prints a secret in full', async () => {
    const json = renderJson((await audit({ path: project, jobs: 1 })).report);
    expect(json).not.toContain('tok_live_1234567890');
    expect(json).toContain('to**** (19 chars)');
  });
});
