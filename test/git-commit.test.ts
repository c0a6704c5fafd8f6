/**
 * The report's commit is what `git rev-parse HEAD` says (through the hardened helper, util/git.ts): in a linked
 * worktree, whose `.git` is a file and whose branch lives in the main repository, and with packed refs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { APP, git, seaworthy, write } from './hostile/hostile-repo.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-commit-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function commitOf(dir: string): string | undefined {
  const result = seaworthy(['audit', dir, '--format', 'json', '--only', 'TMO001']);
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as Report).target.commit;
}

describe('the commit in the report', () => {
  it('is HEAD of a linked worktree on its own branch, with every ref packed', () => {
    const main = join(scratch, 'main');
    write(main, { 'app.py': APP });
    git(main, 'init', '-q');
    git(main, 'add', '-A');
    git(main, 'commit', '-qm', 'one');
    const worktree = join(scratch, 'feature');
    git(main, 'worktree', 'add', '-q', '-b', 'feature', worktree);
    write(worktree, { 'app.py': `${APP}\n# two\n` });
    git(worktree, 'commit', '-qam', 'two');
    git(main, 'pack-refs', '--all');
    expect(existsSync(join(main, '.git', 'refs', 'heads', 'feature'))).toBe(false);

    const head = git(worktree, 'rev-parse', 'HEAD').trim();
    expect(commitOf(worktree)).toBe(head);
    expect(commitOf(main)).toBe(git(main, 'rev-parse', 'HEAD').trim());
    expect(commitOf(main)).not.toBe(head);
  });

  it('is absent outside a repository', () => {
    const plain = join(scratch, 'plain');
    write(plain, { 'app.py': APP });
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'), 'audit', plain, '--format', 'json', '--only', 'TMO001'], {
      encoding: 'utf8',
      env: { ...process.env, GIT_CEILING_DIRECTORIES: scratch },
    });
    expect((JSON.parse(result.stdout) as Report).target.commit).toBeUndefined();
  });
});
