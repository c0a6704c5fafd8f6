/**
 * Every git command seaworthy runs goes through `runGit`. The audited repository is untrusted: whoever wrote it
 * also wrote its `.git/config`, its hooks, its `.gitattributes` and its `.git` file, and git would run programs
 * they name. So git runs
 *
 * - from an absolute path found on PATH, skipping relative entries (`.` in PATH would find a `git` in the audited
 *   folder), without a shell (execFile), with a timeout and a cap on its output;
 * - with every program repository configuration can name switched off: `core.fsmonitor` (run by any command that
 *   reads the index), hooks (`core.hooksPath` pointing nowhere), the pager (`--no-pager`, `core.pager`),
 *   `diff.external`, credential helpers and `core.askPass`; transports are all refused (`protocol.allow=never`
 *   and an empty `GIT_ALLOW_PROTOCOL`, which overrides the repository's `protocol.<name>.allow`), so nothing can
 *   reach `ext::` commands, `core.sshCommand`, `core.gitProxy` or a promisor remote's lazy fetch; automatic
 *   gc and maintenance are off (they could run hooks and write to the repository); a bare repository is only
 *   used when named explicitly (`safe.bareRepository`);
 * - with filter drivers (`filter.<driver>.clean/smudge/process`, attached to paths by `.gitattributes`) switched
 *   off by name for the commands that write files (`withoutFilters`). The other commands seaworthy runs never
 *   read file content through attributes; none of them diffs, so `diff.<driver>.textconv`/`command` never apply;
 *   `uploadpack.packObjectsHook` is only honoured by git from the user's own configuration;
 * - in an environment without the caller's `GIT_*` variables (a hook's `GIT_DIR` or `GIT_INDEX_FILE` would make
 *   git read another repository), without the system configuration, and never prompting.
 *
 * A `.git` file (`gitdir: …`) is only ever followed by git, which checks that the folder it names is a
 * repository; seaworthy itself never reads the paths it names.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const HARDENING: readonly string[] = [
  '--no-pager',
  ...[
    'core.fsmonitor=false',
    'core.hooksPath=/dev/null',
    'core.untrackedCache=false',
    'core.pager=cat',
    'core.askPass=',
    'credential.helper=',
    'diff.external=',
    'protocol.allow=never',
    'safe.bareRepository=explicit',
    'gc.auto=0',
    'maintenance.auto=false',
  ].flatMap((setting) => ['-c', setting]),
];

/** The caller's `GIT_*` variables that only say where to stop looking for a repository, or where the user's own configuration is. */
const KEPT_GIT_VARIABLES = new Set(['GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_CONFIG_GLOBAL']);

const HARDENED_ENVIRONMENT: Readonly<Record<string, string>> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_ALLOW_PROTOCOL: '',
};

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface GitOptions {
  /** Longest run before git is killed, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Most bytes of output accepted; past it git is killed and the run fails (default 64 MiB). */
  maxOutputBytes?: number;
  /** Sent to git's standard input (closed at once otherwise). */
  input?: string;
  /** Further environment, e.g. `GIT_INDEX_FILE` for a temporary index. */
  env?: Readonly<Record<string, string>>;
  /** Further `key=value` settings, given with `-c` after the hardening ones (see `withoutFilters`). */
  config?: readonly string[];
}

export interface GitResult {
  ok: boolean;
  stdout: string;
  /** Why git failed, in one line: what it printed first on stderr, a timeout, too much output. '' when ok. */
  problem: string;
  /** git is not installed (not found on PATH). */
  missing: boolean;
  /** git's exit status, when it ran to its end. */
  status: number | null;
}

let located: { path: string | undefined; git: string | null } | null = null;

/** git's absolute path from the absolute entries of PATH, or null. */
function gitExecutable(): string | null {
  const path = process.env['PATH'];
  if (located !== null && located.path === path) return located.git;
  const name = process.platform === 'win32' ? 'git.exe' : 'git';
  let git: string | null = null;
  for (const dir of (path ?? '').split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      git = candidate;
      break;
    } catch {
      continue;
    }
  }
  located = { path, git };
  return git;
}

function environment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const upper = key.toUpperCase();
    if (upper === 'SSH_ASKPASS' || (upper.startsWith('GIT_') && !KEPT_GIT_VARIABLES.has(upper))) continue;
    env[key] = value;
  }
  return { ...env, ...HARDENED_ENVIRONMENT, ...extra };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function describeFailure(error: ExecFileException, stderr: string, timeoutMs: number, maxOutputBytes: number): string {
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `git printed more than ${maxOutputBytes} bytes and was stopped`;
  if (error.killed) return `git did not finish within ${timeoutMs / 1000} s and was stopped`;
  const said = firstLine(stderr);
  if (said) return said;
  if (typeof error.code === 'string') return `git could not be run (${error.code})`;
  return error.signal ? `git was ended by ${error.signal}` : `git exited with code ${String(error.code ?? 'unknown')}`;
}

/** Run `git ARGS` in `cwd`, hardened (see above). Never throws: a failure comes back as `ok: false` and a one-line `problem`. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  const git = gitExecutable();
  if (git === null) return Promise.resolve({ ok: false, stdout: '', problem: 'git was not found on PATH', missing: true, status: null });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const extraConfig = (options.config ?? []).flatMap((setting) => ['-c', setting]);
  return new Promise((done) => {
    const child = execFile(
      git,
      [...HARDENING, ...extraConfig, ...args],
      { cwd, env: environment(options.env), encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: maxOutputBytes, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) done({ ok: true, stdout, problem: '', missing: false, status: 0 });
        else done({ ok: false, stdout, problem: describeFailure(error, stderr, timeoutMs, maxOutputBytes), missing: false, status: typeof error.code === 'number' && !error.killed ? error.code : null });
      },
    );
    // git may exit before reading its input; the exit status reports why.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/**
 * `-c` settings that switch off every filter driver configured for the repository in `cwd` (its own, included
 * and the user's), for commands that write files from the object store; or, when they cannot be listed or a
 * driver is named so that `-c` cannot express it, why not (the caller must not write files then).
 */
export async function withoutFilters(cwd: string): Promise<{ settings: string[] } | { problem: string }> {
  const listed = await runGit(cwd, ['config', '-z', '--name-only', '--get-regexp', '^filter\\.']);
  // `git config --get-regexp` exits with 1 when nothing matches; anything else is a failure to list them.
  if (!listed.ok && !(listed.status === 1 && listed.stdout === '')) return { problem: `its filter drivers could not be listed: ${listed.problem}` };
  const drivers = new Set<string>();
  for (const key of listed.stdout.split('\0')) {
    const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (match?.[1] !== undefined) drivers.add(match[1]);
  }
  const settings: string[] = [];
  for (const driver of [...drivers].sort()) {
    if (/[=\n]/.test(driver)) return { problem: `the filter driver ${JSON.stringify(driver)} cannot be switched off (its name holds '=' or a line break)` };
    settings.push(`filter.${driver}.clean=`, `filter.${driver}.smudge=`, `filter.${driver}.process=`, `filter.${driver}.required=false`);
  }
  return { settings };
}

/** The commit checked out in the repository holding `dir` (`git rev-parse HEAD`: worktrees and packed refs included), or undefined. */
export async function headCommit(dir: string): Promise<string | undefined> {
  const result = await runGit(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}'], { timeoutMs: 10_000 });
  const commit = result.stdout.trim();
  // The report's contract is a 40-digit SHA-1; a SHA-256 repository's commit is left out rather than misreported.
  return result.ok && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}

/** The root of the repository holding `path` (the nearest folder upwards with a `.git`), or null. */
function findRepoRoot(path: string): string | null {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `path` relative to its repository root, with forward slashes ('' at the root or outside a repository). */
export function repoRelativePath(path: string): string {
  const root = findRepoRoot(path);
  return root ? relative(root, resolve(path)).split(sep).join('/') : '';
}
