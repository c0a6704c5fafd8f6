/**
 * The built binary, as a user runs it (npm test builds first): exit codes, messages without stack traces,
 * report files without ANSI codes, and worker threads giving the same bytes as the inline path.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const project = join(import.meta.dirname, '..', 'fixtures', 'projects', 'mixed');
let scratch: string;

function run(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-cli-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('seaworthy audit', () => {
  it('exits 2 with a one-line message and a hint for a missing path', () => {
    const { code, stderr, stdout } = run(['audit', join(scratch, 'nope')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^seaworthy: error: path not found: .*\n {2}hint: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a file instead of a folder, and for an unknown format', () => {
    expect(run(['audit', join(project, 'pyproject.toml')]).code).toBe(2);
    expect(run(['audit', project, '--format', 'bogus']).code).toBe(2);
    expect(run(['audit', project, '--fail-on', 'severe']).code).toBe(2);
  });

  it('prints the JSON report and exits 0 without a gate', () => {
    const { code, stdout } = run(['audit', project, '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { schemaVersion: number; findings: unknown[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('fails the gate with exit 1 only when a finding reaches --fail-on', () => {
    expect(run(['audit', project, '--fail-on', 'high']).code).toBe(1);
    expect(run(['audit', project, '--fail-on', 'blocker']).code).toBe(0);
  });

  it('writes report files by extension, never with ANSI codes', () => {
    const md = join(scratch, 'review.md');
    const json = join(scratch, 'report.json');
    const html = join(scratch, 'review.html');
    const { code, stdout, stderr } = run(['audit', project, '-o', md, '-o', json, '-o', html], { FORCE_COLOR: '1' });
    expect(code).toBe(0);
    expect(stdout).toContain('\u001b[');
    expect(stderr).toBe('');
    for (const file of [md, json, html]) expect(readFileSync(file, 'utf8')).not.toContain('\u001b[');
    expect(readFileSync(md, 'utf8')).toMatch(/^# Production-readiness review/);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('prints no colour when NO_COLOR is set or stdout is not a terminal', () => {
    expect(run(['audit', project], { NO_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(run(['audit', project]).stdout).not.toContain('\u001b[');
  });

  it('colours on --color and never on --no-color, whatever the environment says', () => {
    expect(run(['audit', project, '--color'], { NO_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(run(['audit', project, '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
    expect(run(['audit', project], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
  });

  it('names the bad key of an invalid configuration and exits 2', () => {
    const dir = join(scratch, 'bad-config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.seaworthy.yml'), 'components:\n  - path: api\n    archetype: server\n');
    const { code, stderr } = run(['audit', dir]);
    expect(code).toBe(2);
    expect(stderr).toContain("'components.0.archetype' must be one of");
  });

  it('gives the same bytes with worker threads as inline', () => {
    const dir = join(scratch, 'many');
    mkdirSync(join(dir, 'pkg'), { recursive: true });
    writeFileSync(join(dir, 'requirements.txt'), 'requests\n');
    for (let i = 0; i < 400; i++) {
      writeFileSync(join(dir, 'pkg', `m${i}.py`), `import requests\n\ndef f${i}():\n    try:\n        return requests.get("https://e.com/${i}")\n    except Exception:\n        return None\n`);
    }
    const inline = run(['audit', dir, '--format', 'json', '--jobs', '1']);
    const threaded = run(['audit', dir, '--format', 'json', '--jobs', '2']);
    expect(threaded.code).toBe(0);
    expect(threaded.stdout).toBe(inline.stdout);
    const report = JSON.parse(threaded.stdout) as { findings: Array<{ id: string }> };
    expect(report.findings.filter((f) => f.id === 'http-call-without-timeout')).toHaveLength(400);
  });
});

describe('seaworthy explain', () => {
  it('explains the score and a finding of a fresh audit', () => {
    const score = run(['explain', '--score', project]);
    expect(score.code).toBe(0);
    expect(score.stdout).toMatch(/^Score \d+\/100 \([A-F]\) — model seaworthy-score\/3/);
    const report = JSON.parse(run(['audit', project, '--format', 'json']).stdout) as { findings: Array<{ fingerprint: string; code: string }> };
    const first = report.findings[0];
    const one = run(['explain', first?.fingerprint ?? '', project]);
    expect(one.code).toBe(0);
    expect(one.stdout.startsWith(first?.code ?? '?')).toBe(true);
    expect(one.stdout).toContain('Verify by hand');
    expect(run(['explain', 'ERR001']).stdout).toContain('## Why is this bad?');
    const bad = run(['explain', 'deadbeef00', project]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no finding with fingerprint deadbeef00.*\n {2}hint: /);
  });
});

describe('seaworthy rules', () => {
  it('lists the catalogue and prints one rule', () => {
    const list = run(['rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/ERR001\s+broad-exception-swallowed/);
    const one = run(['rules', 'http-call-without-timeout']);
    expect(one.stdout).toContain('## Why is this bad?');
    expect(run(['rules', 'no-such-rule']).code).toBe(2);
  });
});
