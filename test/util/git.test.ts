/** The one git helper: bounded in time and output, blind to the caller's GIT_* variables, never a relative git. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { headCommit, runGit } from '../../src/util/git.js';
import { APP, git, markerScript, markerText, write } from '../hostile/hostile-repo.js';

let scratch: string;
let repo: string;
const saved = { ...process.env };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-git-helper-'));
  repo = join(scratch, 'repo');
  write(repo, { 'app.py': APP, 'other.py': APP });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
});

afterEach(() => {
  // Test files run in worker threads, each with its own copy of the environment.
  process.env = { ...saved };
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('runGit', () => {
  it('answers for the folder it is given, whatever GIT_DIR, GIT_INDEX_FILE or GIT_CONFIG_PARAMETERS say', async () => {
    const other = join(scratch, 'other');
    write(other, { 'x.py': APP });
    git(other, 'init', '-q');
    git(other, 'add', '-A');
    git(other, 'commit', '-qm', 'other');
    const head = git(repo, 'rev-parse', 'HEAD').trim();
    process.env['GIT_DIR'] = join(other, '.git');
    process.env['GIT_INDEX_FILE'] = join(other, '.git', 'index');
    process.env['GIT_CONFIG_PARAMETERS'] = "'core.fsmonitor'='true'";
    expect((await runGit(repo, ['ls-files'])).stdout).toBe('app.py\nother.py\n');
    expect(await headCommit(repo)).toBe(head);
  });

  it('stops git past the output cap', async () => {
    const result = await runGit(repo, ['ls-files'], { maxOutputBytes: 10 });
    expect(result).toMatchObject({ ok: false, problem: 'git printed more than 10 bytes and was stopped' });
  });

  it('stops git past the timeout (a gitdir whose HEAD is a FIFO would block it)', async () => {
    const dir = join(scratch, 'fifo-head');
    const gitdir = join(scratch, 'fifo-gitdir');
    mkdirSync(join(gitdir, 'objects'), { recursive: true });
    mkdirSync(join(gitdir, 'refs'), { recursive: true });
    execFileSync('mkfifo', [join(gitdir, 'HEAD')]);
    write(dir, { '.git': `gitdir: ${gitdir}\n` });
    const result = await runGit(dir, ['rev-parse', 'HEAD'], { timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, problem: 'git did not finish within 0.5 s and was stopped' });
  });

  it('finds git only in absolute PATH entries', async () => {
    const marker = join(scratch, 'relative-git.marker');
    const folder = join(scratch, 'relative-git');
    mkdirSync(folder);
    markerScript(join(folder, 'git'), marker);
    process.env['PATH'] = '.';
    const result = await runGit(folder, ['--version']);
    expect(result).toMatchObject({ ok: false, missing: true, problem: 'git was not found on PATH' });
    expect(markerText(marker)).toBe('');
  });
});
