/**
 * The pre-commit hooks install and run: `pre-commit try-repo` on this repository (its own npm install, `npm pack`
 * and global install of the tarball) runs the `seaworthy-new` hook on a small repository. Slow (it installs
 * seaworthy from scratch); skipped when pre-commit is missing, unless SEAWORTHY_REQUIRE_PRE_COMMIT=1 (set by .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const available = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
const run = available || process.env['SEAWORTHY_REQUIRE_PRE_COMMIT'] === '1';
if (!run) console.warn('skipping the pre-commit test: pre-commit not found (apt-get install pre-commit)');

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

describe.skipIf(!run)('pre-commit', () => {
  it('installs the hook from the repository and runs it', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'seaworthy-pre-commit-'));
    try {
      const repo = join(scratch, 'repo');
      git(scratch, 'init', '-q', repo);
      writeFileSync(join(repo, 'tool.py'), 'import sys\n\nprint(sys.argv)\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'first');
      const result = spawnSync('pre-commit', ['try-repo', root, 'seaworthy-new', '--all-files'], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, PRE_COMMIT_HOME: join(scratch, 'cache'), NO_COLOR: '1' },
      });
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/seaworthy \(no new findings\)\.+Passed/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 900_000);
});
