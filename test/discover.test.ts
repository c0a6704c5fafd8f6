/** Discovery in a git work tree: a tracked file is part of the repository even when .gitignore matches it. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../src/discover/walk.js';

let root: string;

function git(...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'seaworthy-git-'));
  mkdirSync(join(root, 'build'));
  writeFileSync(join(root, '.gitignore'), '.*\n!.gitignore\nlocal/\n');
  writeFileSync(join(root, '.editorconfig'), 'root = true\n');
  writeFileSync(join(root, '.env.local'), 'SECRET=x\n');
  mkdirSync(join(root, 'local'));
  writeFileSync(join(root, 'local', 'kept.py'), 'x = 1\n');
  writeFileSync(join(root, 'local', 'scratch.py'), 'x = 2\n');
  writeFileSync(join(root, 'app.py'), 'x = 3\n');
  git('init', '-q');
  git('add', '.gitignore', 'app.py');
  git('add', '-f', '.editorconfig', 'local/kept.py');
  git('commit', '-qm', 'init');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('discovery in a git work tree', () => {
  it('keeps tracked files that a .gitignore pattern matches, and still skips untracked ignored ones', async () => {
    const d = await discover(root, { maxFileSize: 1 << 20, ignore: [] });
    expect(d.files.map((f) => f.path).sort()).toEqual(['.gitignore', 'app.py', 'local/kept.py']);
    expect(d.otherFiles).toContain('.editorconfig');
    expect(d.skippedFiles.gitignored).toBe(2);
  });
});
