/**
 * A reader that stops early (`seaworthy audit -f json | head -c 100`) closes the pipe: seaworthy ends quietly with
 * the exit code the audit had, instead of "internal error: write EPIPE" and exit 3.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
let scratch: string;
let project: string;

/** Runs `seaworthy ARGS | head -c 100` and returns seaworthy's exit code and stderr. */
function pipeIntoHead(args: string[]): { code: number; stderr: string } {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const script = `"${process.execPath}" "${bin}" ${quoted} 2>"${scratch}/stderr" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "${scratch}/stderr"`;
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
  const [code, ...stderr] = result.stdout.split('\n');
  return { code: Number(code), stderr: stderr.join('\n') };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-pipe-'));
  project = join(scratch, 'project');
  mkdirSync(join(project, 'app'), { recursive: true });
  writeFileSync(join(project, 'pyproject.toml'), '[project]\nname = "big"\ndependencies = ["requests"]\n');
  // Hundreds of findings: the JSON report is far larger than a pipe's buffer, so the write outlives the reader.
  const functions = Array.from({ length: 300 }, (_, i) => `def fetch_${i}(url):\n    return requests.get(url + "/${i}")\n`);
  writeFileSync(join(project, 'app', 'main.py'), `import requests\n\n\n${functions.join('\n\n')}`);
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('output into a pipe the reader closes early', () => {
  it('ends quietly with exit 0 when the audit passed', () => {
    const { code, stderr } = pipeIntoHead(['audit', project, '-f', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('keeps exit 1 when the gate failed, and still writes the report files', () => {
    const out = join(scratch, 'report.json');
    const { code, stderr } = pipeIntoHead(['audit', project, '-f', 'json', '--fail-on', 'medium', '-o', out]);
    expect(stderr).toMatch(/^seaworthy: gate failed: \d+ findings at or above medium\n$/);
    expect(code).toBe(1);
    expect(statSync(out).size).toBeGreaterThan(100_000);
  });
});
