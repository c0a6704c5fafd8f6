/**
 * `--baseline-ref REF`: audit the same folder as it was at a git ref, with the current configuration, so that
 * the two audits differ only by the code.
 *
 * The tree at REF is written by git itself into a temporary folder: `git read-tree` fills a temporary index
 * (the repository's own index is not touched), `git checkout-index` writes the files under the audited folder.
 * Every tracked file is written, `export-ignore` ones included (`git archive` would leave those out and make
 * their findings look new), with the repository's line-ending conversion, and never through a filter driver
 * or a hook (see util/git.ts). The list of files written is the tracked set of the baseline audit, so a tracked
 * file that matches a `.gitignore` pattern is audited on both sides. Nothing is registered in the repository;
 * the temporary folder is removed when the audit ends, fails or is interrupted. Files whose content did not
 * change are not parsed again: their facts come from the current audit.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { audit, checkTarget, type AuditOptions } from '../audit.js';
import { InputError } from '../errors.js';
import { runGit, withoutFilters, type GitOptions, type GitResult } from '../util/git.js';
import { withTempDir } from '../util/temp-dir.js';
import { baselineEntries, type Baseline } from './apply.js';

const FALLBACK_HINT = 'give a saved JSON report with --baseline FILE instead';
/** Writing a large tree can take a while on a slow disk. */
const CHECKOUT_TIMEOUT_MS = 10 * 60_000;
const LIST_MAX_BYTES = 256 * 1024 * 1024;

async function git(cwd: string, args: readonly string[], options?: GitOptions): Promise<GitResult> {
  const result = await runGit(cwd, args, options);
  if (result.missing) throw new InputError('--baseline-ref needs git, which was not found on PATH', `install git, or ${FALLBACK_HINT}`);
  return result;
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
  const where = await git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (!where.ok) throw new InputError(`--baseline-ref needs a git repository, and ${path} is not in one: ${where.problem}`, FALLBACK_HINT);
  const [toplevel = cwd, prefix = ''] = where.stdout.split('\n');
  const commit = await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) throw new InputError(`unknown git ref '${ref}'`, 'fetch it first (in GitHub Actions: actions/checkout with fetch-depth: 0), or check the spelling');
  return { ref, commit: commit.stdout.trim(), toplevel, prefix: prefix.replace(/\/$/, '') };
}

function checkoutFailed(resolved: ResolvedRef, problem: string): InputError {
  return new InputError(`git could not write the files of ${resolved.ref}: ${problem}`, `check that the ref and its objects are fetched (a partial clone's missing files are not fetched), or ${FALLBACK_HINT}`);
}

/**
 * Write the files of the audited folder at the commit under `tree` (at their repository paths) and return
 * them, relative to the audited folder. None when the folder did not exist at the commit.
 */
async function checkoutTree(resolved: ResolvedRef, tree: string, index: string): Promise<string[]> {
  const env = { GIT_INDEX_FILE: index };
  const read = await git(resolved.toplevel, ['read-tree', '--end-of-options', resolved.commit], { env });
  if (!read.ok) throw checkoutFailed(resolved, read.problem);
  const pathspec = resolved.prefix ? ['--', `:(top,literal)${resolved.prefix}`] : [];
  const listed = await git(resolved.toplevel, ['ls-files', '-z', '--cached', '--full-name', ...pathspec], { env, maxOutputBytes: LIST_MAX_BYTES });
  if (!listed.ok) throw checkoutFailed(resolved, listed.problem);
  const files = listed.stdout.split('\0').filter(Boolean);
  if (files.length === 0) return [];
  const filters = await withoutFilters(resolved.toplevel);
  if ('problem' in filters) throw new InputError(`--baseline-ref will not write the files of ${resolved.ref}: ${filters.problem}`, `remove or rename that driver in the git configuration, or ${FALLBACK_HINT}`);
  const written = await git(resolved.toplevel, ['checkout-index', '-z', '--stdin', `--prefix=${tree}/`], {
    env,
    config: filters.settings,
    input: `${files.join('\0')}\0`,
    timeoutMs: CHECKOUT_TIMEOUT_MS,
  });
  if (!written.ok) throw checkoutFailed(resolved, written.problem);
  const base = resolved.prefix ? `${resolved.prefix}/` : '';
  return files.map((file) => file.slice(base.length));
}

export async function auditRef(resolved: ResolvedRef, options: Omit<AuditOptions, 'path'>): Promise<Baseline> {
  return withTempDir('seaworthy-baseline-', async (dir) => {
    const tree = join(dir, 'tree');
    const tracked = await checkoutTree(resolved, tree, join(dir, 'index'));
    const target = resolved.prefix ? join(tree, resolved.prefix) : tree;
    mkdirSync(target, { recursive: true });
    const { report } = await audit({ ...options, path: target, tracked });
    return { source: 'ref', name: resolved.ref, commit: resolved.commit, entries: baselineEntries(report) };
  });
}
