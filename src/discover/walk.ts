/**
 * Discovery: walk the target and decide, for every file, whether it is analysed, and if not, why.
 *
 * - `.gitignore` files are honoured at every level (with negation), plus `.git/info/exclude`, the built-in
 *   list of dependency/build/cache folders (classify.ts) and the configured ignore patterns.
 * - Symbolic links are never followed: a link's target is either inside the root (and audited at its own path)
 *   or outside it (reported). Links that cannot be resolved, or that point at one of their own ancestors, are
 *   reported as loops. This makes the walk finite on any tree.
 * - Nothing is read here but directory entries, `.gitignore` files and sizes; content checks (binary, UTF-8)
 *   happen where the file is read for parsing.
 */
import { existsSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileLanguage, FileRole } from '../facts/types.js';
import type { AnalysisError } from '../model/report.js';
import { runGit } from '../util/git.js';
import { readInputFile } from '../util/read-input.js';
import { isGeneratedName, isIgnoredDirName, isLockfile, languageOf, roleOf } from './classify.js';

export interface DiscoveredFile {
  /** Relative to the root, forward slashes. */
  path: string;
  abs: string;
  size: number;
  language: FileLanguage;
  role: FileRole;
}

export const SKIP_REASONS = [
  'gitignored',
  'config-ignored',
  'unsupported',
  'lockfile',
  'generated',
  'too-large',
  'symlink',
  'unreadable',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Discovery {
  files: DiscoveredFile[];
  /** Files seen but not analysed, by reason. */
  skippedFiles: Record<SkipReason, number>;
  /** Directories not descended into, by reason. */
  skippedDirs: { builtin: number; gitignored: number; configIgnored: number; virtualenv: number };
  /** Lock files present (not parsed, but their presence matters). */
  lockfiles: string[];
  /** Every other file present but not analysed (images, unsupported languages, lock files, generated files, too large). */
  otherFiles: string[];
  errors: AnalysisError[];
}

export interface DiscoverOptions {
  maxFileSize: number;
  /** gitignore-style patterns from the configuration, relative to the root. */
  ignore: readonly string[];
  /** The files git tracks under the root, when the caller knows them; otherwise git is asked. */
  tracked?: readonly string[];
}

interface Matcher {
  /** Directory the patterns are relative to ('' for the root). */
  base: string;
  rules: Ignore;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Apply every matcher from the root down; deeper files override shallower ones, `!` un-ignores. */
function isGitIgnored(matchers: readonly Matcher[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const m of matchers) {
    const rel = m.base === '' ? path : path.slice(m.base.length + 1);
    const result = m.rules.test(isDir ? `${rel}/` : rel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** Ignore files larger than this are not read (a real one is a few kilobytes). */
const IGNORE_FILE_MAX_BYTES = 1024 * 1024;

/** An ignore file's text; null when it is missing, not a regular file (a FIFO, a device) or too large. */
function readIgnoreFile(abs: string): string | null {
  const read = readInputFile(abs, IGNORE_FILE_MAX_BYTES);
  return read.ok ? read.text : null;
}

interface Tracked {
  files: ReadonlySet<string>;
  dirs: ReadonlySet<string>;
}

function toTracked(paths: readonly string[]): Tracked {
  const files = new Set(paths);
  const dirs = new Set<string>();
  for (const f of files) for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return { files, dirs };
}

/**
 * Files git tracks under the root (relative paths), when the root is a git work tree. A tracked file is part
 * of the repository even when a .gitignore pattern matches it (it was added before the pattern, or with -f), so
 * tracked paths are never treated as ignored. Only `git ls-files` is run, hardened (util/git.ts): it reads the
 * index, nothing else.
 */
async function trackedFiles(root: string): Promise<Tracked | null> {
  if (!existsSync(join(root, '.git'))) return null;
  const listed = await runGit(root, ['ls-files', '-z', '--cached'], { maxOutputBytes: 256 * 1024 * 1024 });
  return listed.ok ? toTracked(listed.stdout.split('\0').filter(Boolean)) : null;
}

function emptySkips(): Record<SkipReason, number> {
  return Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
}

export async function discover(root: string, options: DiscoverOptions): Promise<Discovery> {
  const realRoot = await realpath(root);
  const result: Discovery = {
    files: [],
    skippedFiles: emptySkips(),
    skippedDirs: { builtin: 0, gitignored: 0, configIgnored: 0, virtualenv: 0 },
    lockfiles: [],
    otherFiles: [],
    errors: [],
  };
  const configRules = ignore().add([...options.ignore]);
  const tracked = options.tracked ? toTracked(options.tracked) : await trackedFiles(realRoot);
  const rootMatchers: Matcher[] = [];
  const exclude = readIgnoreFile(join(realRoot, '.git', 'info', 'exclude'));
  if (exclude) rootMatchers.push({ base: '', rules: ignore().add(exclude) });

  const walk = async (absDir: string, relDir: string, inherited: readonly Matcher[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(absDir, { withFileTypes: true });
    } catch (error) {
      result.errors.push({
        path: relDir || '.',
        kind: 'unreadable',
        message: `directory could not be listed (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      });
      return;
    }
    let matchers = inherited;
    const gitignore = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? readIgnoreFile(join(absDir, '.gitignore')) : null;
    if (gitignore) matchers = [...inherited, { base: relDir, rules: ignore().add(gitignore) }];

    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(absDir, entry.name);
      const path = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        await classifySymlink(abs, path, absDir);
        continue;
      }
      if (entry.isDirectory()) {
        if (isIgnoredDirName(entry.name)) {
          result.skippedDirs.builtin++;
          continue;
        }
        if (configRules.ignores(`${path}/`)) {
          result.skippedDirs.configIgnored++;
          continue;
        }
        if (isGitIgnored(matchers, path, true) && !tracked?.dirs.has(path)) {
          result.skippedDirs.gitignored++;
          continue;
        }
        if (await isVirtualenv(abs)) {
          result.skippedDirs.virtualenv++;
          continue;
        }
        await walk(abs, path, matchers);
        continue;
      }
      if (!entry.isFile()) continue;
      await classifyFile(abs, path, matchers);
    }
  };

  const classifyFile = async (abs: string, path: string, matchers: readonly Matcher[]): Promise<void> => {
    if (configRules.ignores(path)) {
      result.skippedFiles['config-ignored']++;
      return;
    }
    if (isGitIgnored(matchers, path, false) && !tracked?.files.has(path)) {
      result.skippedFiles.gitignored++;
      return;
    }
    if (isLockfile(path)) {
      result.skippedFiles.lockfile++;
      result.lockfiles.push(path);
      result.otherFiles.push(path);
      return;
    }
    const language = languageOf(path);
    if (language === null) {
      result.skippedFiles.unsupported++;
      result.otherFiles.push(path);
      return;
    }
    if (isGeneratedName(path)) {
      result.skippedFiles.generated++;
      result.otherFiles.push(path);
      return;
    }
    let size: number;
    try {
      size = (await stat(abs)).size;
    } catch (error) {
      result.skippedFiles.unreadable++;
      result.errors.push({ path, kind: 'unreadable', message: `could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    if (size > options.maxFileSize) {
      result.skippedFiles['too-large']++;
      result.otherFiles.push(path);
      result.errors.push({
        path,
        kind: 'too-large',
        message: `${size} bytes is over the ${options.maxFileSize}-byte limit (raise max-file-size in .seaworthy.yml to analyse it)`,
      });
      return;
    }
    result.files.push({ path, abs, size, language, role: roleOf(path, language) });
  };

  const classifySymlink = async (abs: string, path: string, absDir: string): Promise<void> => {
    result.skippedFiles.symlink++;
    let target: string;
    try {
      target = await realpath(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') {
        result.errors.push({ path, kind: 'symlink-loop', message: 'symbolic link resolves to itself (a loop); not followed' });
      }
      // A dangling link (ENOENT) points at nothing: there is nothing to analyse and nothing to report.
      return;
    }
    if (!isInside(target, realRoot)) {
      if (languageOf(path) !== null || (await isDirectory(target))) {
        result.errors.push({
          path,
          kind: 'symlink-outside-root',
          message: `symbolic link to ${target} points outside the audited folder; not followed`,
        });
      }
      return;
    }
    const realDir = await realpath(absDir);
    if (isInside(realDir, target)) {
      result.errors.push({
        path,
        kind: 'symlink-loop',
        message: `symbolic link to its own ancestor ${toPosix(relative(realRoot, target)) || '.'}; not followed`,
      });
    }
    // Otherwise the target lies inside the root and is audited at its own path.
  };

  await walk(realRoot, '', rootMatchers);
  return result;
}

async function isDirectory(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isDirectory();
  } catch {
    return false;
  }
}

async function isVirtualenv(absDir: string): Promise<boolean> {
  try {
    return (await lstat(join(absDir, 'pyvenv.cfg'))).isFile();
  } catch {
    return false;
  }
}

