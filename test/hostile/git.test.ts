/**
 * A repository seaworthy audits must not be able to make it run a program through git: every command that calls
 * git (audit, profile, explain, audit --baseline-ref) is run on a hostile repository, from inside it, with `.` in
 * PATH, and the marker that every program named by the repository writes must never appear.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/report.js';
import { APP, DOT_FIRST_PATH, git, hostileRepo, markerScript, markerText, seaworthy, write } from './hostile-repo.js';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-hostile-git-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('a repository whose .git/config, hooks and folder name programs', () => {
  const commands: Array<[string, string[]]> = [
    ['audit', ['audit', '.', '--only', 'TMO001']],
    ['audit -f json', ['audit', '.', '--format', 'json', '--only', 'TMO001']],
    ['profile', ['profile', '.']],
    ['explain --score', ['explain', '--score', '.']],
    ['audit --baseline-ref HEAD', ['audit', '.', '--baseline-ref', 'HEAD', '--only', 'TMO001']],
  ];
  for (const [name, args] of commands) {
    it(`${name} runs none of them`, () => {
      const dir = join(scratch, name.replace(/\W+/g, '-'));
      const marker = join(scratch, `${name.replace(/\W+/g, '-')}.marker`);
      hostileRepo(dir, marker);
      const result = seaworthy(args, { cwd: dir });
      expect(markerText(marker)).toBe('');
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
    });
  }

  it('never runs a program named git in the audited folder, even with . first in PATH', () => {
    const dir = join(scratch, 'dot-path');
    const marker = join(scratch, 'dot-path.marker');
    hostileRepo(dir, marker);
    const result = seaworthy(['audit', '.', '--baseline-ref', 'HEAD', '--only', 'TMO001'], { cwd: dir, env: DOT_FIRST_PATH });
    expect(markerText(marker)).toBe('');
    expect(result.code).toBe(0);
  });

  it('still reads the commit and the tracked files through git', () => {
    const dir = join(scratch, 'still-works');
    const marker = join(scratch, 'still-works.marker');
    hostileRepo(dir, marker);
    write(dir, { '.gitignore': 'app.py\n' });
    const report = JSON.parse(seaworthy(['audit', '.', '--format', 'json', '--only', 'TMO001'], { cwd: dir }).stdout) as Report;
    expect(report.target.commit).toBe(git(dir, 'rev-parse', 'HEAD').trim());
    // app.py matches .gitignore but is tracked: still audited.
    expect(report.findings.map((f) => f.locations[0]?.path)).toEqual(['app.py']);
    expect(markerText(marker)).toBe('');
  });

  it('--baseline-ref does not fetch missing objects through a transport the repository names', () => {
    const dir = join(scratch, 'promisor');
    const marker = join(scratch, 'promisor.marker');
    write(dir, { 'requirements.txt': 'requests\n', 'app.py': APP });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const hook = markerScript(join(dir, 'hook.sh'), marker);
    // A partial clone whose promisor remote is an `ext::` command: reading a missing blob would run it.
    const blob = git(dir, 'rev-parse', 'HEAD:app.py').trim();
    unlinkSync(join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    for (const [key, value] of [
      ['core.repositoryformatversion', '1'],
      ['extensions.partialClone', 'origin'],
      ['remote.origin.url', `ext::${hook} %S`],
      ['remote.origin.promisor', 'true'],
      ['protocol.ext.allow', 'always'],
      ['protocol.allow', 'always'],
    ] as const) {
      git(dir, 'config', key, value);
    }
    const tmp = join(scratch, 'promisor-tmp');
    mkdirSync(tmp);
    const result = seaworthy(['audit', '.', '--baseline-ref', 'HEAD', '--only', 'TMO001'], { cwd: dir, env: { TMPDIR: tmp } });
    expect(markerText(marker)).toBe('');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^seaworthy: error: .*\n {2}hint: /);
    // The temporary tree is removed on failure too.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('--baseline-ref refuses to write files when a filter driver cannot be switched off', () => {
    const dir = join(scratch, 'odd-driver');
    const marker = join(scratch, 'odd-driver.marker');
    write(dir, { 'app.py': APP, '.gitattributes': '* filter=a=b\n' });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const hook = markerScript(join(dir, 'hook.sh'), marker);
    // `-c filter.a=b.smudge=` would mean something else: such a name cannot be blanked on the command line.
    git(dir, 'config', 'filter.a=b.smudge', hook);
    git(dir, 'config', 'filter.a=b.required', 'true');
    const result = seaworthy(['audit', '.', '--baseline-ref', 'HEAD', '--only', 'TMO001'], { cwd: dir });
    expect(markerText(marker)).toBe('');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/filter driver "a=b" cannot be switched off/);
  });
});

describe('a .git file that points elsewhere', () => {
  it('gitdir: /etc audits the folder as plain files, with no commit', () => {
    const dir = join(scratch, 'gitdir-etc');
    write(dir, { '.git': 'gitdir: /etc\n', 'requirements.txt': 'requests\n', 'app.py': APP });
    const result = seaworthy(['audit', dir, '--format', 'json', '--only', 'TMO001']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.target.commit).toBeUndefined();
    expect(report.findings.map((f) => f.locations[0]?.path)).toEqual(['app.py']);
  });

  it('a gitdir that is not a repository is not read for a commit', () => {
    const dir = join(scratch, 'gitdir-elsewhere');
    const elsewhere = join(scratch, 'elsewhere');
    // Looks like a HEAD to a hand-written reader, but git does not accept the folder as a repository.
    write(elsewhere, { HEAD: `${'1234567890abcdef'.repeat(2)}12345678\n` });
    write(dir, { '.git': `gitdir: ${elsewhere}\n`, 'requirements.txt': 'requests\n', 'app.py': APP });
    const report = JSON.parse(seaworthy(['audit', dir, '--format', 'json', '--only', 'TMO001']).stdout) as Report;
    expect(report.target.commit).toBeUndefined();
  });

  it('a gitdir whose HEAD names a path outside refs/ is not followed', () => {
    const dir = join(scratch, 'gitdir-traversal');
    const elsewhere = join(scratch, 'traversal-gitdir');
    // HEAD names a file beside the gitdir, outside refs/: git refuses such a HEAD; a hand-written reader followed it.
    write(elsewhere, { HEAD: 'ref: ../hostname-like\n', 'objects/.keep': '', 'refs/.keep': '' });
    writeFileSync(join(scratch, 'hostname-like'), `${'ab'.repeat(20)}\n`);
    write(dir, { '.git': `gitdir: ${elsewhere}\n`, 'app.py': APP });
    const report = JSON.parse(seaworthy(['audit', dir, '--format', 'json', '--only', 'TMO001']).stdout) as Report;
    expect(report.target.commit).toBeUndefined();
  });
});
