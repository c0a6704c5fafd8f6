/**
 * Bad input: the audit goes on and reports each problem in errors[] (or as skipped); only a target that cannot
 * be audited at all is an error, with a hint.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { InputError } from '../src/errors.js';
import type { Report } from '../src/model/report.js';
import { extractFile } from '../src/parse/extract-file.js';

let root: string;
let outside: string;
let report: Report;

function errorsFor(path: string): Report['errors'] {
  return report.errors.filter((e) => e.path === path);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'seaworthy-inputs-'));
  outside = mkdtempSync(join(tmpdir(), 'seaworthy-outside-'));
  const write = (path: string, content: string | Buffer): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  // Each probe is an HTTP call without a timeout: a finding that needs no context, so it shows the file was analysed.
  const probe = 'import requests\n\ndef f():\n    return requests.get("https://example.com")\n';
  write('pyproject.toml', '[project]\nname = "inputs"\ndependencies = ["requests"]\n');
  write('good.py', probe);
  write('latin1.py', Buffer.concat([Buffer.from('x = "caf'), Buffer.from([0xe9]), Buffer.from('"\nimport requests\nrequests.get("https://example.com")\n')]));
  write('declared.py', Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nname = "Andr'), Buffer.from([0xe9]), Buffer.from('"\n')]));
  write('huge.py', `x = 1\n${'#'.repeat(5 * 1024 * 1024)}\n`);
  write('binary.py', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
  write('utf16le.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(probe, 'utf16le')]));
  write('utf16be.py', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(probe, 'utf16le').swap16()]));
  write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
  write('broken.py', `${probe}\ndef broken(:\n    return 1\n`);
  write('pep758.py', 'try:\n    g()\nexcept ValueError, TypeError:\n    pass\n');
  write('bad.yaml', 'key: [unclosed\n  other: : :\n');
  write('bad.toml', '[table\nkey = 1\n');
  write('bad.json', '{"a": 1,, }\n');
  write('ignored/.gitignore', 'secret.py\n');
  write('ignored/secret.py', probe);
  write('node_modules/pkg/index.js', 'export const get = () => fetch("https://example.com");\n');
  // A minified library copied under a plain name (found in example-voting-app: result/views/socket.io.js).
  write('views/socket.io.js', `!function(t){${'require("axios").get("https://example.com");var a=1;'.repeat(200)}}(this);\n`);
  write('views/app.js', 'import axios from "axios";\n\nexport function f() {\n  return axios.get("https://example.com");\n}\n');
  writeFileSync(join(outside, 'elsewhere.py'), 'x = 1\n');
  symlinkSync('loop', join(root, 'loop'));
  symlinkSync('..', join(root, 'ignored', 'up'));
  symlinkSync(join(outside, 'elsewhere.py'), join(root, 'elsewhere.py'));
  write('locked.py', 'x = 1\n');
  chmodSync(join(root, 'locked.py'), 0o000);
  report = (await audit({ path: root, jobs: 1 })).report;
});

afterAll(() => {
  chmodSync(join(root, 'locked.py'), 0o644);
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('the target itself', () => {
  it('rejects a missing path with a hint', async () => {
    const error = await audit({ path: join(root, 'does-not-exist') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^path not found: /);
    expect((error as InputError).hint).toContain('folder');
  });

  it('rejects a file instead of a folder', async () => {
    await expect(audit({ path: join(root, 'good.py') })).rejects.toThrow(/is a file, not a folder/);
  });
});

describe('files that cannot be analysed are reported and the audit goes on', () => {
  it('still analyses the good file', () => {
    expect(report.findings.some((f) => f.locations[0]?.path === 'good.py' && f.id === 'http-call-without-timeout')).toBe(true);
  });

  it('reads invalid UTF-8 with replacement characters and reports it', () => {
    expect(errorsFor('latin1.py').map((e) => e.kind)).toEqual(['invalid-utf8']);
    expect(report.findings.some((f) => f.locations[0]?.path === 'latin1.py')).toBe(true);
  });

  it('honours a PEP 263 coding cookie', () => {
    expect(errorsFor('declared.py')).toEqual([]);
  });

  it('skips a 5 MiB file as too large', () => {
    expect(errorsFor('huge.py').map((e) => e.kind)).toEqual(['too-large']);
  });

  it('analyses UTF-16 files with a byte order mark, and quotes them readably', () => {
    for (const path of ['utf16le.py', 'utf16be.py']) {
      expect(errorsFor(path)).toEqual([]);
      const location = report.findings.find((f) => f.id === 'http-call-without-timeout' && f.locations[0]?.path === path)?.locations[0];
      expect(location && [location.line, location.snippet]).toEqual([4, 'return requests.get("https://example.com")']);
    }
  });

  it('refuses binary content in a source file, and quietly skips binary assets', () => {
    expect(errorsFor('binary.py').map((e) => e.kind)).toEqual(['binary']);
    expect(errorsFor('image.png')).toEqual([]);
  });

  it('reports a Python syntax error and keeps the facts of the valid parts', () => {
    const errors = errorsFor('broken.py');
    expect(errors.map((e) => e.kind)).toEqual(['syntax-error']);
    expect(errors[0]?.line).toBe(6);
    expect(report.findings.some((f) => f.locations[0]?.path === 'broken.py' && f.locations[0]?.line === 4)).toBe(true);
  });

  it('parses PEP 758 except clauses without error', () => {
    expect(errorsFor('pep758.py')).toEqual([]);
  });

  it('reports malformed YAML, TOML and JSON', () => {
    for (const path of ['bad.yaml', 'bad.toml', 'bad.json']) expect(errorsFor(path).map((e) => e.kind)).toEqual(['syntax-error']);
  });

  it('survives symlink loops and never follows a link out of the root', () => {
    expect(errorsFor('loop').map((e) => e.kind)).toEqual(['symlink-loop']);
    expect(errorsFor('ignored/up').map((e) => e.kind)).toEqual(['symlink-loop']);
    expect(errorsFor('elsewhere.py').map((e) => e.kind)).toEqual(['symlink-outside-root']);
  });

  it('honours nested .gitignore files and the built-in ignore list', () => {
    expect(report.findings.some((f) => f.locations[0]?.path.startsWith('ignored/'))).toBe(false);
    expect(report.findings.some((f) => f.locations[0]?.path.startsWith('node_modules/'))).toBe(false);
    const skipped = (report.metrics['files'] as { skipped: Record<string, number>; skippedDirectories: Record<string, number> });
    expect(skipped.skipped['gitignored']).toBe(1);
    expect(skipped.skippedDirectories['builtin']).toBe(1);
  });

  it('skips minified JavaScript by its content, counted with the generated files', () => {
    expect(report.findings.some((f) => f.locations[0]?.path === 'views/socket.io.js')).toBe(false);
    expect(report.findings.some((f) => f.locations[0]?.path === 'views/app.js')).toBe(true);
    const files = report.metrics['files'] as { analysed: number; skipped: Record<string, number> };
    expect(files.skipped['generated']).toBe(1);
    expect(errorsFor('views/socket.io.js')).toEqual([]);
  });

  it('reports an unreadable file', async () => {
    const result = await extractFile({ path: 'folder.py', abs: root, language: 'python', role: 'source' });
    expect(result.facts).toBeNull();
    expect(result.errors.map((e) => e.kind)).toEqual(['unreadable']);
    if (process.getuid?.() !== 0) expect(errorsFor('locked.py').map((e) => e.kind)).toEqual(['unreadable']);
  });
});
