/** withTempDir removes its folder when the work ends, when it fails and when the process is interrupted. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTempDir } from '../../src/util/temp-dir.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-temp-dir-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('withTempDir', () => {
  it('removes the folder after the work, and after a failure', async () => {
    let used = '';
    expect(await withTempDir('seaworthy-test-', (dir) => {
      used = dir;
      writeFileSync(join(dir, 'f'), 'x');
      return Promise.resolve(42);
    })).toBe(42);
    expect(existsSync(used)).toBe(false);
    await expect(withTempDir('seaworthy-test-', (dir) => {
      used = dir;
      writeFileSync(join(dir, 'f'), 'x');
      return Promise.reject(new Error('boom'));
    })).rejects.toThrow('boom');
    expect(existsSync(used)).toBe(false);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes the folder when the process gets ${signal}, and still ends by it`, () => {
      const tmp = join(scratch, signal);
      mkdirSync(tmp);
      const module = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'util', 'temp-dir.js')).href;
      const script = `
        import { writeFileSync } from 'node:fs';
        import { join } from 'node:path';
        const { withTempDir } = await import(${JSON.stringify(module)});
        await withTempDir('seaworthy-test-', async (dir) => {
          writeFileSync(join(dir, 'f'), 'x');
          process.kill(process.pid, ${JSON.stringify(signal)});
          await new Promise((resolve) => setTimeout(resolve, 10_000));
        });`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8', timeout: 20_000 });
      expect(result.signal).toBe(signal);
      expect(readdirSync(tmp)).toEqual([]);
    });
  }
});
