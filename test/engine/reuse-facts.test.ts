/** A second audit of nearly the same tree takes the facts of unchanged files from the first instead of parsing them again. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredFile } from '../../src/discover/walk.js';
import { extractAll } from '../../src/engine/extract-all.js';
import { mergeFacts, reuseFacts } from '../../src/engine/reuse-facts.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-reuse-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function file(dir: string, path: string, text: string): DiscoveredFile {
  const abs = join(dir, path.replace(/\//g, '_'));
  writeFileSync(abs, text);
  return { path, abs, size: Buffer.byteLength(text), language: 'python', role: 'source' };
}

describe('reuseFacts', () => {
  it('reuses facts for the same path and bytes, with the role discovery gives; parses the rest', async () => {
    const first = [file(scratch, 'a.py', 'import os\n'), file(scratch, 'b.py', 'x = 1\n'), file(scratch, 'pkg/c.py', 'y = 2\n')];
    const previous = (await extractAll(first, 1)).facts;
    // The project model changed a role in place after extraction (build-project.ts refineRoles).
    const refined = previous.map((f) => (f.path === 'a.py' ? { ...f, role: 'script' as const } : f));

    const later = join(scratch, 'later');
    mkdirSync(later);
    const second = [file(later, 'a.py', 'import os\n'), file(later, 'b.py', 'x = 2\n'), file(later, 'd.py', 'y = 2\n')];
    const { reused, rest } = await reuseFacts(second, refined);

    expect(reused.map((f) => [f.path, f.role])).toEqual([['a.py', 'source']]);
    expect(rest.map((f) => f.path)).toEqual(['b.py', 'd.py']);
    const merged = mergeFacts((await extractAll(rest, 1)).facts, reused);
    expect(merged.map((f) => f.path)).toEqual(['a.py', 'b.py', 'd.py']);
    expect(merged).toEqual((await extractAll(second, 1)).facts);
  });

  it('parses everything without earlier facts', async () => {
    const files = [file(scratch, 'e.py', 'z = 3\n')];
    expect(await reuseFacts(files, undefined)).toEqual({ reused: [], rest: files });
  });
});
