/**
 * Hostile repositories, built in a temporary folder by each test: a `.git` whose configuration names programs
 * git would run (fsmonitor, hooks, filter drivers, diff and pager programs, credential and ssh helpers), an
 * executable named `git` in the audited folder, and `.git` files that point elsewhere. Every program they name
 * is one script that appends a line to a marker file; a test passes only when the marker never appears.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI, with `cwd` as its working folder and a bounded run time (a stalled run fails, it does not hang). */
export function seaworthy(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; timeout?: number } = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    cwd: options.cwd,
    timeout: options.timeout ?? 50_000,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** git for building fixtures, with the fixture's own configuration kept out of the way. */
export function git(cwd: string, ...args: string[]): string {
  const safe = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false'];
  const result = spawnSync('git', [...safe, ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

export function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A script that records that it ran (its name and arguments) in `marker`. */
export function markerScript(path: string, marker: string): string {
  writeFileSync(path, `#!/bin/sh\necho "ran: $0 $*" >> '${marker}'\ncat >/dev/null 2>&1 </dev/null\nexit 0\n`);
  chmodSync(path, 0o755);
  return path;
}

export function markerText(marker: string): string {
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

/** Python with one finding (an HTTP call without a timeout), so that audits and baselines have something to compare. */
export const APP = ['import requests', '', '', 'def fetch(url):', '    return requests.get(url)', ''].join('\n');

const HOOKS = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive',
  'post-receive', 'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite',
  'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist',
  'p4-pre-submit', 'post-index-change',
];

/**
 * A committed repository at `dir` whose `.git/config`, hooks and `.gitattributes` name `hook` for everything git
 * can be made to run, and whose folder holds an executable `git`. The working tree has an uncommitted edit, so
 * that git would consult fsmonitor and filters.
 */
export function hostileRepo(dir: string, marker: string): void {
  write(dir, { 'requirements.txt': 'requests\n', 'app.py': APP, '.gitattributes': '* filter=evil diff=evil\n' });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  write(dir, { 'app.py': `${APP}\n# edited\n` });

  const hook = markerScript(join(dir, 'hook.sh'), marker);
  markerScript(join(dir, 'git'), marker);
  for (const hooks of [join(dir, '.git', 'hooks'), join(dir, 'hooks')]) {
    mkdirSync(hooks, { recursive: true });
    for (const name of HOOKS) markerScript(join(hooks, name), marker);
  }
  const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
  writeFileSync(
    join(dir, '.git', 'config'),
    `${config}[core]
	fsmonitor = ${hook}
	hooksPath = ${join(dir, 'hooks')}
	pager = ${hook} pager
	askPass = ${hook} askpass
	sshCommand = ${hook} ssh
	gitProxy = ${hook}
	editor = ${hook} editor
	untrackedCache = true
[filter "evil"]
	clean = ${hook} clean %f
	smudge = ${hook} smudge %f
	process = ${hook} process
	required = true
[diff "evil"]
	textconv = ${hook} textconv
	command = ${hook} diff-command
[diff]
	external = ${hook} external
[credential]
	helper = !${hook} credential
[protocol "ext"]
	allow = always
[uploadpack]
	packObjectsHook = ${hook} pack-objects
[pager]
	ls-files = ${hook} pager-ls-files
	rev-parse = ${hook} pager-rev-parse
[sequence]
	editor = ${hook} sequence-editor
[gc]
	auto = 1
`,
  );
}

/** The environment of a user whose PATH starts with `.`: a program named `git` in the working folder comes first. */
export const DOT_FIRST_PATH = { PATH: ['.', process.env['PATH'] ?? ''].join(delimiter) };
