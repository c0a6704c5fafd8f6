/**
 * Fingerprints identify a finding across line shifts and unrelated edits (rule + path + enclosing scope +
 * normalised snippet + occurrence index, never the line), and change when the finding's own code changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import type { Finding } from '../src/model/report.js';

let root: string;

const ORIGINAL = [
  'import requests',
  '',
  '',
  'def fetch(url):',
  '    return requests.get(url)',
  '',
  '',
  'def other():',
  '    return 1',
  '',
].join('\n');

const TS_ORIGINAL = ['export async function load(url: string) {', '  return fetch(url);', '}', ''].join('\n');

async function timeoutFindings(files: Record<string, string>): Promise<Finding[]> {
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  const { report } = await audit({ path: root, jobs: 1, only: ['TMO001'] });
  return report.findings;
}

async function fingerprintOf(text: string, ts = TS_ORIGINAL): Promise<{ py: string[]; ts: string[]; lines: number[] }> {
  const findings = await timeoutFindings({ 'app.py': text, 'client.ts': ts });
  const of = (path: string): Finding[] => findings.filter((f) => f.locations[0]?.path === path);
  return { py: of('app.py').map((f) => f.fingerprint), ts: of('client.ts').map((f) => f.fingerprint), lines: of('app.py').map((f) => f.locations[0]?.line ?? 0) };
}

let original: Awaited<ReturnType<typeof fingerprintOf>>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'seaworthy-fingerprints-'));
  writeFileSync(join(root, 'requirements.txt'), 'requests\n');
  original = await fingerprintOf(ORIGINAL);
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('fingerprints', () => {
  it('exist for the case under test', () => {
    expect(original.py).toHaveLength(1);
    expect(original.ts).toHaveLength(1);
    expect(original.lines).toEqual([5]);
  });

  it('do not change when lines are inserted above the finding', async () => {
    const shifted = await fingerprintOf(`"""Module docstring."""\n# a comment\nimport os\n\nTIMEOUT = 5\n\n${ORIGINAL}`, `// header\nimport { x } from './x';\n\n${TS_ORIGINAL}`);
    expect(shifted.lines).toEqual([11]);
    expect(shifted.py).toEqual(original.py);
    expect(shifted.ts).toEqual(original.ts);
  });

  it('do not change after edits elsewhere in the file', async () => {
    const edited = ORIGINAL.replace('def other():\n    return 1', 'def other(flag):\n    if flag:\n        return 2\n    return 1\n\n\ndef added():\n    return None');
    const result = await fingerprintOf(edited, `${TS_ORIGINAL}\nexport const retries = 3;\n`);
    expect(result.py).toEqual(original.py);
    expect(result.ts).toEqual(original.ts);
  });

  it('do not change when only the spacing of the line changes', async () => {
    const result = await fingerprintOf(ORIGINAL.replace('    return requests.get(url)', '    return  requests.get(url)   '));
    expect(result.py).toEqual(original.py);
  });

  it('do not change when a suppression comment is added to the line', async () => {
    writeFileSync(join(root, 'app.py'), ORIGINAL.replace('    return requests.get(url)', '    return requests.get(url)  # seaworthy: ignore[TMO001] the caller sets a deadline'));
    const { report } = await audit({ path: root, jobs: 1, only: ['TMO001'] });
    expect(report.suppressed?.map((f) => f.fingerprint)).toEqual(original.py);
  });

  it('change when the finding’s own code changes', async () => {
    const result = await fingerprintOf(ORIGINAL.replace('requests.get(url)', 'requests.get(url, headers=HEADERS)'), TS_ORIGINAL.replace('fetch(url)', 'fetch(`${url}/v2`)'));
    expect(result.py).toHaveLength(1);
    expect(result.py).not.toEqual(original.py);
    expect(result.ts).not.toEqual(original.ts);
  });

  it('change when the code moves to another function', async () => {
    const result = await fingerprintOf(ORIGINAL.replace('def fetch(url):', 'def download(url):'));
    expect(result.py).toHaveLength(1);
    expect(result.py).not.toEqual(original.py);
  });

  it('tell identical lines in one function apart, the first keeping its identity', async () => {
    const result = await fingerprintOf(ORIGINAL.replace('    return requests.get(url)', '    if url:\n        return requests.get(url)\n    return requests.get(url)'));
    expect(result.py).toHaveLength(2);
    expect(new Set(result.py).size).toBe(2);
    expect(result.py[0]).toBe(original.py[0]);
  });
});
