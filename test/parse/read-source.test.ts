/**
 * Deciding whether a file is text, and decoding it: UTF-16 with a byte order mark is text (every other byte of
 * ASCII is NUL, which alone would look binary); UTF-16 without one stays binary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../src/parse/extract-file.js';
import { decodeSource, decodeText } from '../../src/parse/read-source.js';

const SOURCE = "import { get } from 'axios';\n\nexport async function load(id: string) {\n  return get(`/items/${id}`);\n}\n";

function utf16le(text: string, bom = true): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

const dir = mkdtempSync(join(tmpdir(), 'seaworthy-utf16-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('UTF-16 sources', () => {
  it('decodes UTF-16 LE and BE with a byte order mark, without the mark', () => {
    for (const bytes of [utf16le(SOURCE), utf16be(SOURCE)]) {
      expect(decodeSource('a.ts', bytes)).toEqual({ ok: true, text: SOURCE });
      expect(decodeText(bytes)).toBe(SOURCE);
    }
  });

  it('analyses a UTF-16 file like its UTF-8 twin', async () => {
    const facts = [];
    for (const [name, bytes] of [['le.ts', utf16le(SOURCE)], ['be.ts', utf16be(SOURCE)], ['utf8.ts', Buffer.from(SOURCE)]] as const) {
      writeFileSync(join(dir, name), bytes);
      const extraction = await extractFile({ path: name, abs: join(dir, name), language: 'typescript', role: 'source' });
      expect(extraction.errors).toEqual([]);
      facts.push(extraction.facts);
    }
    const [le, be, utf8] = facts.map((f) => (f?.kind === 'code' ? { imports: f.imports, calls: f.calls, functions: f.functions } : null));
    expect(utf8?.calls.map((c) => `${c.callee}@${c.line}`)).toEqual(['get@4']);
    expect(le).toEqual(utf8);
    expect(be).toEqual(utf8);
  });

  it('keeps UTF-16 without a byte order mark, UTF-32 and NUL-filled content binary', () => {
    expect(decodeSource('a.ts', utf16le(SOURCE, false))).toMatchObject({ ok: false, error: { kind: 'binary' } });
    const utf32 = Buffer.from([0xff, 0xfe, 0, 0, 0x78, 0, 0, 0, 0x3d, 0, 0, 0, 0x31, 0, 0, 0, 0x0a, 0, 0, 0]);
    expect(decodeSource('a.py', utf32)).toMatchObject({ ok: false, error: { kind: 'binary' } });
  });

  it('reads a truncated UTF-16 file with a replacement character and says so', () => {
    const truncated = utf16le('x = 1\n').subarray(0, -1);
    const decoded = decodeSource('a.py', truncated);
    expect(decoded).toMatchObject({ ok: true, text: 'x = 1\uFFFD', warning: { kind: 'invalid-utf8' } });
    expect(decoded.ok && decoded.warning?.message).toMatch(/UTF-16LE/);
  });
});
