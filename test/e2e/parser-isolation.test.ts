/**
 * A file that makes the tree-sitter WebAssembly instance abort must not take the files after it down, nor let the
 * audit pass as clean. The repository is generated here: a Python file too large for the parser's memory, then
 * ordinary files with known findings. The parser's memory is capped for the test with V8's
 * `--wasm-max-mem-pages` (640 pages of 64 KiB = 40 MiB, against 2 GiB by default), so that a 1.6 MB file exhausts
 * it the way a file of tens of megabytes does without the cap, in a second instead of minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
let repo: string;

const PYTHON_UNIT = 'import os\n\n\ndef join_paths(a, b):\n    try:\n        return os.path.join(a, b)\n    except Exception:\n        pass\n\n\n';
const UNTIMED_PYTHON = 'import requests\n\n\ndef fetch():\n    return requests.get("https://example.com/api")\n';
const UNTIMED_TS = 'export async function load(url: string): Promise<unknown> {\n  const response = await fetch(url);\n  return response.json();\n}\n';

/** The untimed HTTP calls of the files after the huge one. */
const FINDINGS_AFTER = ['app/client.ts', 'app/orders.py', 'app/payments.py', 'app/users.py'];

function audit(args: string[]): { report: Report; stderr: string } {
  const result = spawnSync(process.execPath, ['--wasm-max-mem-pages=640', bin, 'audit', repo, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(result.status, result.stderr).toBe(0);
  return { report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

function untimed(report: Report): string[] {
  return report.findings.filter((f) => f.id === 'http-call-without-timeout').map((f) => f.locations[0]?.path ?? '');
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'seaworthy-isolation-'));
  // `a_` sorts first: inline, the huge file is read before the others; in workers, the largest batch goes first.
  writeFileSync(join(repo, 'a_huge.py'), PYTHON_UNIT.repeat(Math.ceil(1_600_000 / PYTHON_UNIT.length)));
  mkdirSync(join(repo, 'app'));
  for (const name of ['orders', 'payments', 'users']) writeFileSync(join(repo, 'app', `${name}.py`), UNTIMED_PYTHON);
  writeFileSync(join(repo, 'app', 'client.ts'), UNTIMED_TS);
  writeFileSync(join(repo, '.seaworthy.yml'), 'max-file-size: 50000000\n');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('a file that aborts the parser', () => {
  for (const jobs of ['1', '2']) {
    it(`is reported, and the files after it are analysed as usual (--jobs ${jobs})`, () => {
      const { report, stderr } = audit(['--jobs', jobs]);
      expect(report.errors).toEqual([{ path: 'a_huge.py', kind: 'analysis-failed', message: expect.stringMatching(/^not analysed: the parser aborted .*out of memory; lower max-file-size or exclude the file/) as string }]);
      expect(untimed(report)).toEqual(FINDINGS_AFTER);
      // Emscripten's own "Aborted()" line does not reach the user's terminal.
      expect(stderr).not.toMatch(/Aborted/);
      // What could not be analysed cannot make the repository look clean.
      expect(report.score.overall).toBe(0);
      expect(report.score.grade).toBe('F');
      expect(report.score.unanalysed).toEqual(['a_huge.py']);
    });
  }

  it('no longer costs the score once the file is excluded on purpose', () => {
    writeFileSync(join(repo, '.seaworthy.yml'), 'max-file-size: 50000000\nignore:\n  - a_huge.py\n');
    try {
      const excluded = audit([]).report;
      expect(excluded.errors).toEqual([]);
      expect(excluded.score.unanalysed).toBeUndefined();
      expect(excluded.score.overall).toBeGreaterThan(0);
      expect(untimed(excluded)).toEqual(FINDINGS_AFTER);
    } finally {
      writeFileSync(join(repo, '.seaworthy.yml'), 'max-file-size: 50000000\n');
    }
  });
});
