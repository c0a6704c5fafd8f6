/**
 * `--baseline-ref REF`: audit the same folder as it was at a git ref. The tree is extracted with
 * `git archive REF | tar -x` into a temporary folder (removed afterwards) and audited with the current
 * configuration, so that the two audits differ only by the code. Only git reads the repository; nothing in it
 * is run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, checkTarget, type AuditOptions } from '../audit.js';
import { InputError } from '../errors.js';
import { baselineEntries, type Baseline } from './apply.js';

/** git without repository-configured helpers that could run programs (fsmonitor). */
const GIT_SAFETY = ['-c', 'core.fsmonitor=false'];

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('git', [...GIT_SAFETY, ...args], { cwd, encoding: 'utf8' });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new InputError(`--baseline-ref needs git, which could not be run (${code ?? result.error.message})`, 'install git, or give a saved JSON report with --baseline FILE');
  }
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

export interface ResolvedRef {
  ref: string;
  commit: string;
  /** Repository root. */
  toplevel: string;
  /** The audited folder relative to the repository root, '' for the root, no trailing slash. */
  prefix: string;
}

/** Check the ref before the (long) audits run: the folder is in a repository and the ref names a commit. */
export async function resolveRef(path: string, ref: string): Promise<ResolvedRef> {
  if (ref === '' || ref.startsWith('-')) throw new InputError(`'${ref}' is not a git ref`, 'e.g. --baseline-ref origin/main');
  const cwd = await checkTarget(path);
  const where = git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (!where.ok) throw new InputError(`--baseline-ref needs a git repository, and ${path} is not in one: ${firstLine(where.stderr)}`, 'give a saved JSON report with --baseline FILE instead');
  const [toplevel = cwd, prefix = ''] = where.stdout.split('\n');
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) throw new InputError(`unknown git ref '${ref}'`, 'fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0), or check the spelling');
  return { ref, commit: commit.stdout.trim(), toplevel, prefix: prefix.replace(/\/$/, '') };
}

/** `git archive <commit> [prefix] | tar -x -C dir`, streamed. */
async function extract(resolved: ResolvedRef, dir: string): Promise<void> {
  const paths = resolved.prefix ? ['--', resolved.prefix] : [];
  const archive = spawn('git', [...GIT_SAFETY, 'archive', '--format=tar', resolved.commit, ...paths], { cwd: resolved.toplevel, stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
  // When tar stops early, writing to it fails with EPIPE; tar's exit status reports that failure.
  tar.stdin.on('error', () => undefined);
  archive.stdout.pipe(tar.stdin);
  const finished = (child: typeof archive | typeof tar, name: string): Promise<void> =>
    new Promise((done, fail) => {
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', (error) => {
        fail(new InputError(`--baseline-ref could not run ${name}: ${error.message}`, `install ${name}, or give a saved JSON report with --baseline FILE`));
      });
      child.on('close', (code) => {
        if (code === 0) done();
        else fail(new InputError(`${name} failed while extracting ${resolved.ref}: ${firstLine(stderr) || `exit code ${code ?? 'none'}`}`, 'check that the ref is fetched and readable, or give a saved JSON report with --baseline FILE'));
      });
    });
  await Promise.all([finished(archive, 'git archive'), finished(tar, 'tar')]);
}

/** The folder existed at the commit (otherwise the baseline is empty: everything in it is new). */
function existsAt(resolved: ResolvedRef): boolean {
  return !resolved.prefix || git(resolved.toplevel, ['cat-file', '-e', `${resolved.commit}:${resolved.prefix}`]).ok;
}

export async function auditRef(resolved: ResolvedRef, options: Omit<AuditOptions, 'path'>): Promise<Baseline> {
  const dir = mkdtempSync(join(tmpdir(), 'seaworthy-baseline-'));
  try {
    const target = resolved.prefix ? join(dir, resolved.prefix) : dir;
    if (existsAt(resolved)) await extract(resolved, dir);
    mkdirSync(target, { recursive: true });
    const { report } = await audit({ ...options, path: target });
    return { source: 'ref', name: resolved.ref, commit: resolved.commit, entries: baselineEntries(report) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
