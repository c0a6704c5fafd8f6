/**
 * What a command really runs. A CI step, a git hook or a package script is read with the shell parser
 * (parse/shell.ts) into simple commands; each is then followed through what only wraps another command
 * (`uv run`, `poetry run`, `npx`, `pnpm exec`, `env`, `xvfb-run`, `coverage run`, `python -m` …) and through what
 * names commands written elsewhere: package.json scripts (with workspaces: `pnpm -r`, `--filter`, `yarn workspace`,
 * `npm -w`, turbo, nx, lerna, npm-run-all), Makefile targets with their prerequisites and variables, just recipes,
 * tox environments, nox sessions, gulp and grunt tasks, Hatch/PDM/poe/Pipenv scripts, shell scripts, and the
 * containers `docker compose up|run|exec` starts. Variables set by the workflow, the script or the Makefile are
 * substituted (`$PYTEST tests/`).
 */
import type { ShellItem, ShellReader, ShellWord } from '../../parse/shell.js';
import type { ComposeFile } from './infra.js';
import type { TaskFiles } from './ci-tasks.js';
import { joinPath as joinRelative } from '../../util/paths.js';

export interface TestInvocation {
  runner: string;
  /** Test paths, files or globs named on the command line, relative to the repository root (empty: the runner's default discovery). */
  paths: string[];
  /** Directory the command runs in, relative to the repository root. */
  cwd: string;
  /** Where the command was found when it came from a script, Makefile or task the step runs. */
  via?: string;
  /** pytest `-m` expression. */
  markers?: string;
  /** The command as run, after scripts, wrappers and variables were resolved. */
  command: string;
  /** How many test files of the repository it runs (filled in by test-runs.ts). */
  matched?: number;
}

/** What a CI step or hook can see: scripts by folder, the text of files, compose files, task runners' files. */
export interface CommandContext {
  shell: ShellReader;
  scriptsFor(cwd: string): Record<string, string>;
  text(path: string): string | undefined;
  compose(path: string): ComposeFile | undefined;
  /** CMD (or ENTRYPOINT) of the final stage of a Dockerfile, with scripts copied into the image mapped back. */
  dockerCmd(path: string): string | undefined;
  /** The steps of a local composite action (`<dir>/action.yml`): each `run:` with its working directory. */
  compositeAction(dir: string): Array<{ run: string; cwd?: string }>;
  /** Python task runners' scripts from the nearest pyproject.toml or Pipfile: `hatch:<env>:<name>`, `pdm:<name>`, `poe:<name>`, `pipenv:<name>`. */
  pythonTasks(cwd: string): Record<string, string>;
  /** The npm script `task` of every workspace package that has one (only the packages `filter` names, if given). */
  workspaceScripts(task: string, filter?: string): Array<{ dir: string; path: string; text: string }>;
  /** The folder of the workspace package with this name (`yarn workspace NAME`). */
  workspaceDir(name: string): string | undefined;
  tasks: TaskFiles;
}

export interface Expanded {
  argv: string[];
  /** The command as run: its words joined. */
  command: string;
  cwd: string;
  /** Line (0-based) of the command in the script given to expandCommands that leads to this one. */
  line?: number;
  via?: string;
  /** What the command runs was read from its configuration (a tox environment, a nox session): the commands after it stand for it. */
  followed?: boolean;
}

interface Scope {
  cwd: string;
  vars: Map<string, string>;
  /**
   * Manifests put in place by earlier commands of the same job (`cp install/package.json package.json`): folder →
   * the folder whose package.json now sits there. Shared by the steps of a job, which run in one workspace.
   */
  placed: Map<string, string>;
}

/** npm scripts of the package in `cwd`, counting a package.json an earlier command copied there. */
function scriptsIn(cwd: string, scope: Scope, context: CommandContext): Record<string, string> {
  const source = scope.placed.get(cwd);
  return context.scriptsFor(source ?? cwd);
}

/** `cp install/package.json package.json`, `cp a/package.json .`, `mv`, `ln -s`: note where a manifest now sits. */
function notePlacedManifest(argv: readonly string[], scope: Scope): void {
  if (!['cp', 'mv', 'ln'].includes(argv[0] ?? '')) return;
  const paths = argv.slice(1).filter((w) => !w.startsWith('-'));
  const dest = paths.pop();
  const source = paths.find((p) => baseName(p) === 'package.json');
  if (!dest || !source || dest.includes('$')) return;
  const destDir = baseName(dest) === 'package.json' ? joinPath(scope.cwd, dest.slice(0, -'package.json'.length) || '.') : joinPath(scope.cwd, dest);
  scope.placed.set(destDir, joinPath(scope.cwd, source.slice(0, -'package.json'.length) || '.'));
}

const MAX_DEPTH = 6;

/** A path in a command: relative to the folder it runs in, or to the repository root when it starts with `/`. */
export function joinPath(dir: string, rel: string): string {
  return rel.startsWith('/') ? rel.slice(1) : joinRelative(dir, rel);
}

function baseName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** `$X`, `${X}`, `${X:-default}` replaced by what is known; unknown variables stay as written. */
export function substitute(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(VARIABLE, (whole, braced?: string, op?: string, fallback?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    const value = vars.get(name);
    if (value !== undefined && !(op?.startsWith(':') && value === '')) return value;
    return op !== undefined && fallback !== undefined && !fallback.includes('$') ? fallback : whole;
  });
}

/** Words with variables substituted; an unquoted word that was one variable splits on whitespace, as the shell does. */
function argvOf(words: readonly ShellWord[], vars: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const word of words) {
    const value = substitute(word.text, vars);
    if (!word.quoted && value !== word.text && /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(word.text)) out.push(...value.split(/\s+/).filter(Boolean));
    else out.push(value);
  }
  return out;
}

/** Options of wrapper commands that take a value (so the value is not the wrapped command). */
const WRAPPER_VALUE_OPTIONS: Record<string, ReadonlySet<string>> = {
  env: new Set(['-u', '--unset', '-C', '--chdir', '-S']),
  timeout: new Set(['-s', '--signal', '-k', '--kill-after']),
  'xvfb-run': new Set(['-s', '--server-args', '-e', '--error-file', '-n', '--server-num', '-f', '--auth-file', '-p', '--xauth-protocol', '-w', '--wait']),
  sudo: new Set(['-u', '--user', '-g', '--group', '-C', '-D', '-h', '-p', '-r', '-t', '-U']),
  nice: new Set(['-n', '--adjustment']),
  dotenv: new Set(['-e', '-v', '-c']),
  uv: new Set(['--with', '--with-editable', '--with-requirements', '--python', '-p', '--package', '--extra', '--group', '--only-group', '--no-group', '--env-file', '--directory', '--project', '--index', '--default-index', '--index-url', '--extra-index-url', '--find-links', '-f', '--resolution', '--prerelease', '--exclude-newer', '--config-file', '--cache-dir', '--color', '--from']),
  npx: new Set(['-p', '--package', '-c', '--call', '-w', '--workspace']),
  nyc: new Set(['-r', '--reporter', '-n', '--include', '-x', '--exclude', '--lines', '--branches', '--functions', '--statements', '--temp-dir', '--report-dir', '-e', '--extension', '-i', '--require', '--cwd']),
  poetry: new Set(['-C', '--directory', '-P', '--project']),
  conda: new Set(['-n', '--name', '-p', '--prefix']),
  python: new Set(['-W', '-X', '-c']),
  coverage: new Set(['--source', '--omit', '--include', '--rcfile', '--concurrency', '--data-file', '--context']),
};
WRAPPER_VALUE_OPTIONS['c8'] = WRAPPER_VALUE_OPTIONS['nyc'] ?? new Set();
WRAPPER_VALUE_OPTIONS['uvx'] = WRAPPER_VALUE_OPTIONS['uv'] ?? new Set();
WRAPPER_VALUE_OPTIONS['pnpx'] = WRAPPER_VALUE_OPTIONS['npx'] ?? new Set();
WRAPPER_VALUE_OPTIONS['bunx'] = WRAPPER_VALUE_OPTIONS['npx'] ?? new Set();

/** Index of the first word from `start` that is neither an option of `tool` nor an option's value. */
function skipOptions(argv: readonly string[], start: number, tool: string, alsoSkip: (w: string) => boolean = () => false): number {
  const valued = WRAPPER_VALUE_OPTIONS[tool] ?? new Set<string>();
  let i = start;
  while (i < argv.length) {
    const w = argv[i] ?? '';
    if (w === '--') return i + 1;
    if (w.startsWith('-') && w.length > 1) {
      i += valued.has(w) ? 2 : 1;
      continue;
    }
    if (alsoSkip(w)) {
      i++;
      continue;
    }
    return i;
  }
  return i;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PYTHON = /^python(\d+(\.\d+)?)?(\.exe)?$|^py$/;

export interface Unwrapped {
  argv: string[];
  /** A folder the wrapper switches to (`uv run --directory x`, `poetry -C x run`). */
  cwd?: string;
}

/**
 * The command a wrapper runs: `uv run pytest` → `pytest`, `npx jest` → `jest`, `python -m pytest` → `pytest`,
 * `coverage run -m pytest` → `pytest`, `node node_modules/.bin/_mocha` → `_mocha`. Unchanged when nothing wraps.
 */
export function unwrap(argv: readonly string[]): Unwrapped {
  let words = [...argv];
  let cwd: string | undefined;
  for (let guard = 0; guard < 12 && words.length > 0; guard++) {
    const tool = baseName(words[0] ?? '');
    const sub = words[1] ?? '';
    let next: string[] | null = null;
    if (['time', 'nohup', 'exec', 'command', 'builtin', 'stdbuf', 'chronic', 'ionice', 'nice', 'sudo', 'xvfb-run', 'timeout'].includes(tool)) {
      let i = skipOptions(words, 1, tool);
      if (tool === 'timeout') i++;
      next = words.slice(i);
    } else if (tool === 'env') next = words.slice(skipOptions(words, 1, 'env', (w) => ASSIGNMENT.test(w)));
    else if (tool === 'cross-env' || tool === 'cross-env-shell') next = words.slice(skipOptions(words, 1, tool, (w) => ASSIGNMENT.test(w)));
    else if (tool === 'dotenv' || tool === 'dotenvx') {
      const dashes = words.indexOf('--');
      next = dashes !== -1 ? words.slice(dashes + 1) : words.slice(skipOptions(words, tool === 'dotenvx' && sub === 'run' ? 2 : 1, 'dotenv'));
    } else if (tool === 'uv' && (sub === 'run' || (sub === 'tool' && words[2] === 'run'))) {
      const start = sub === 'tool' ? 3 : 2;
      const dir = words.findIndex((w, i) => i >= start && (w === '--directory' || w === '--project'));
      if (dir !== -1 && words[dir + 1]) cwd = joinPath(cwd ?? '.', words[dir + 1] ?? '.');
      next = words.slice(skipOptions(words, start, 'uv'));
    } else if (tool === 'uvx') next = words.slice(skipOptions(words, 1, 'uvx'));
    else if ((tool === 'poetry' || tool === 'pipenv' || tool === 'pdm' || tool === 'rye' || tool === 'hatch') && words.includes('run')) {
      const run = words.indexOf('run');
      const dir = words.findIndex((w, i) => i < run && (w === '-C' || w === '--directory'));
      if (dir !== -1 && words[dir + 1]) cwd = joinPath(cwd ?? '.', words[dir + 1] ?? '.');
      const rest = words.slice(skipOptions(words, run + 1, 'poetry'));
      // `hatch run env:cmd`: the environment prefix is not part of the command.
      if (tool === 'hatch' && rest[0]?.includes(':')) rest[0] = rest[0].slice(rest[0].indexOf(':') + 1);
      next = rest;
    } else if (tool === 'conda' && sub === 'run') next = words.slice(skipOptions(words, 2, 'conda'));
    else if (tool === 'npx' || tool === 'pnpx' || tool === 'bunx') next = words.slice(skipOptions(words, 1, tool));
    else if ((tool === 'pnpm' || tool === 'yarn' || tool === 'npm') && (sub === 'exec' || sub === 'dlx' || sub === 'x')) next = words.slice(skipOptions(words, 2, 'npx'));
    else if (tool === 'bun' && sub === 'x') next = words.slice(skipOptions(words, 2, 'npx'));
    else if (tool === 'nyc' || tool === 'c8') {
      const i = skipOptions(words, 1, tool);
      // `nyc report`, `c8 check-coverage`: subcommands of the coverage tool itself.
      next = ['report', 'check-coverage', 'merge', 'instrument'].includes(words[i] ?? '') ? null : words.slice(i);
    } else if (tool === 'istanbul' && sub === 'cover') {
      const dashes = words.indexOf('--');
      next = [words[2] ?? '', ...(dashes === -1 ? words.slice(3) : words.slice(dashes + 1))].filter(Boolean);
    } else if (tool === 'coverage' && sub === 'run') {
      const i = skipOptions(words.map((w) => (w === '-m' ? 'MODULE' : w)), 2, 'coverage');
      const module = words.indexOf('-m', 2);
      next = module !== -1 && module <= i ? words.slice(module + 1) : ['python', ...words.slice(i)];
    } else if (PYTHON.test(tool)) {
      const i = skipOptions(words.map((w) => (w === '-m' ? 'MODULE' : w)), 1, 'python');
      const module = words.indexOf('-m', 1);
      if (module !== -1 && module <= i && words[module + 1] && !['pip', 'venv', 'build', 'twine'].includes(words[module + 1] ?? '')) next = words.slice(module + 1);
    } else if (tool === 'node' && /(^|\/)node_modules\/(\.bin\/|[^/]+\/bin\/)/.test(sub)) {
      const bin = sub.includes('/.bin/') ? baseName(sub) : (/node_modules\/([^/]+)\/bin\//.exec(sub)?.[1] ?? baseName(sub));
      next = [bin, ...words.slice(2)];
    } else if (/(^|\/)node_modules\/\.bin\/[^/]+$/.test(words[0] ?? '')) next = [tool, ...words.slice(1)];
    if (next === null || next.length === 0) break;
    words = next;
  }
  return cwd === undefined ? { argv: words } : { argv: words, cwd };
}

/** Commands that run an npm script of the package in `cwd`: the script's name and the extra arguments. */
function packageScript(argv: readonly string[], scripts: Record<string, string>): { name: string; args: string[] } | null {
  const tool = argv[0] ?? '';
  if (!['npm', 'pnpm', 'yarn', 'bun'].includes(tool)) return null;
  const rest = argv.slice(1).filter((w) => !['--if-present', '-s', '--silent', '--frozen-lockfile', '--offline', '-q', '--quiet'].includes(w));
  const first = rest[0];
  if (first === undefined) return null;
  let name: string | undefined;
  let args: string[];
  if (first === 'run' || first === 'run-script' || first === 'rum' || first === 'urn') {
    name = rest[1];
    args = rest.slice(2);
  } else if (['test', 't', 'tst', 'start', 'stop', 'restart'].includes(first) && !(tool === 'bun' && first === 'test')) {
    name = first === 't' || first === 'tst' ? 'test' : first;
    args = rest.slice(1);
  } else if (tool !== 'npm' && !first.startsWith('-') && scripts[first] !== undefined) {
    // `yarn lint`, `pnpm build`, `bun dev`: a script when the package has one by that name.
    name = first;
    args = rest.slice(1);
  } else return null;
  if (name === undefined || scripts[name] === undefined) return null;
  return { name, args: args[0] === '--' ? args.slice(1) : args };
}

/** Shell-quote a word for a script built from argv (so `"not slow"` stays one word). */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function joinArgv(argv: readonly string[]): string {
  return argv.map(quote).join(' ');
}

/**
 * A command that runs one npm script in every workspace package: `turbo run test`, `nx run-many -t test`,
 * `lerna run test`, `pnpm -r test`, `npm test --workspaces`, `yarn workspaces foreach run test`.
 */
export function workspaceTask(command: string | readonly string[]): { task: string; filter?: string } | null {
  const all = typeof command === 'string' ? command.trim().split(/\s+/) : [...command];
  const words = all.filter((w) => w !== 'npx' && w !== 'pnpx' && w !== 'bunx');
  const tool = words[0] ?? '';
  const rest = words.slice(1);
  const firstTask = (skip: readonly string[]): string | undefined => rest.find((w, i) => !w.startsWith('-') && !skip.includes(w) && !['--filter', '-F', '-w', '--workspace'].includes(rest[i - 1] ?? ''));
  const optionValue = (names: readonly string[]): string | undefined => {
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i] ?? '';
      for (const name of names) {
        if (w === name) return rest[i + 1];
        if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
      }
    }
    return undefined;
  };
  const filterName = optionValue(['--filter', '-F']);
  let task: string | undefined;
  let filter = filterName;
  if (tool === 'turbo') task = firstTask(['run']);
  else if (tool === 'lerna') task = rest[0] === 'run' ? rest[1] : undefined;
  else if (tool === 'nx') task = optionValue(['-t', '--target', '--targets']) ?? (['run-many', 'affected', 'run'].includes(rest[0] ?? '') ? undefined : rest[0]);
  else if (tool === 'pnpm' && (rest.includes('-r') || rest.includes('--recursive') || filterName)) task = firstTask(['run', 'exec', '-r', '--recursive', filterName ?? '']);
  else if (tool === 'npm' && (rest.includes('--workspaces') || rest.includes('-ws'))) task = firstTask(['run', 'run-script']);
  else if (tool === 'npm' && optionValue(['-w', '--workspace'])) {
    filter = optionValue(['-w', '--workspace']);
    task = firstTask(['run', 'run-script', filter ?? '']);
  } else if (tool === 'yarn' && rest[0] === 'workspaces') task = firstTask(['workspaces', 'foreach', 'run', '--all', '-A', '--parallel', '-p', '-R', '--recursive', '-v', '--verbose']);
  if (!task || task.includes('$')) return null;
  const name = task === 't' ? 'test' : task;
  return filter ? { task: name, filter: filter.replace(/^["']|["']$/g, '') } : { task: name };
}

const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Options of `docker compose run|exec` and `docker run|exec` that take a value; the others are flags. */
const CONTAINER_VALUE_OPTIONS = new Set(['-e', '--env', '-l', '--label', '--name', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir', '--entrypoint', '--env-file', '--env-from-file', '--cap-add', '--cap-drop', '--pull', '--network', '--mount', '--platform', '--index']);
const COMPOSE_GLOBAL_VALUE_OPTIONS = new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '--ansi', '--progress']);

interface ComposeCall {
  files: string[];
  verb: string;
  /** Words after the verb. */
  args: string[];
}

/** `docker compose [-f a.yml …] VERB …` / `docker-compose …`. */
function composeCall(argv: readonly string[], cwd: string): ComposeCall | null {
  let i: number;
  if (argv[0] === 'docker-compose') i = 1;
  else if (argv[0] === 'docker' && argv[1] === 'compose') i = 2;
  else return null;
  const files: string[] = [];
  let dir = cwd;
  while (i < argv.length && (argv[i] ?? '').startsWith('-')) {
    const w = argv[i] ?? '';
    const eq = w.indexOf('=');
    const name = eq === -1 ? w : w.slice(0, eq);
    const value = eq === -1 ? argv[i + 1] : w.slice(eq + 1);
    if ((name === '-f' || name === '--file') && value) files.push(value);
    if (name === '--project-directory' && value) dir = joinPath(cwd, value);
    i += eq === -1 && COMPOSE_GLOBAL_VALUE_OPTIONS.has(name) ? 2 : 1;
  }
  const verb = argv[i];
  if (!verb) return null;
  return { files: files.map((f) => joinPath(dir, f)), verb, args: argv.slice(i + 1) };
}

/**
 * What `docker compose up|run|exec` runs: the command given, else the service's command, its entrypoint, or the
 * CMD of the Dockerfile it builds — followed in the service's build folder.
 */
function followCompose(call: ComposeCall, cwd: string, context: CommandContext, scope: Scope, depth: number): Expanded[] {
  if (!['up', 'run', 'exec', 'start'].includes(call.verb)) return [];
  const paths = call.files.length > 0 ? call.files : DEFAULT_COMPOSE_FILES.map((f) => joinPath(cwd, f)).filter((p) => context.compose(p) !== undefined).slice(0, 1);
  let service: string | undefined;
  let command: string[] = [];
  if (call.verb === 'run' || call.verb === 'exec') {
    let i = 0;
    while (i < call.args.length && (call.args[i] ?? '').startsWith('-')) i += CONTAINER_VALUE_OPTIONS.has(call.args[i] ?? '') ? 2 : 1;
    service = call.args[i];
    command = call.args.slice(i + 1);
    if (!service) return [];
  }
  const out: Expanded[] = [];
  for (const path of paths) {
    const compose = context.compose(path);
    if (!compose) continue;
    for (const s of compose.services) {
      if (service !== undefined && s.name !== service) continue;
      const where = s.build ?? cwd;
      const via = `${path} service ${s.name}`;
      if (command.length > 0) {
        out.push(...followArgv(command, { cwd: where, vars: new Map(scope.vars), placed: scope.placed }, context, depth + 1, via));
        continue;
      }
      const containerCommand = s.command ?? s.entrypoint ?? (s.dockerfile ? context.dockerCmd(s.dockerfile) : s.build ? context.dockerCmd(joinPath(s.build, 'Dockerfile')) : undefined);
      if (containerCommand) out.push(...expandScript(containerCommand, { cwd: where, vars: new Map(scope.vars), placed: scope.placed }, context, depth + 1, via));
    }
  }
  return out;
}

/** `npm-run-all a b`, `run-s test:*`, `run-p lint test`: the scripts named, globs included. */
function runAllScripts(argv: readonly string[], scripts: Record<string, string>): string[] {
  const tool = argv[0] ?? '';
  if (!['npm-run-all', 'run-s', 'run-p', 'npm-run-all2'].includes(tool)) return [];
  const names: string[] = [];
  for (const word of argv.slice(1)) {
    if (word.startsWith('-')) continue;
    if (word.includes('*')) {
      const re = new RegExp(`^${word.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*').replace(/\*/g, '[^:]*')}$`);
      names.push(...Object.keys(scripts).filter((s) => re.test(s)).sort());
    } else if (scripts[word] !== undefined) names.push(word);
  }
  return names;
}

/** `concurrently "npm:lint" "jest"`: each argument is a command of its own. */
function concurrentCommands(argv: readonly string[]): string[] {
  if (argv[0] !== 'concurrently') return [];
  return argv
    .slice(1)
    .filter((w) => !w.startsWith('-'))
    .map((w) => (/^(npm|yarn|pnpm|bun):/.test(w) ? `${w.slice(0, w.indexOf(':'))} run ${w.slice(w.indexOf(':') + 1)}` : w));
}

/** A shell script the command runs: `./scripts/test`, `bash scripts/test.sh`, `source env.sh` — if the file exists. */
function scriptFile(argv: readonly string[], cwd: string, context: CommandContext): string | undefined {
  let first = argv[0] ?? '';
  if (['bash', 'sh', 'zsh', 'source', '.'].includes(first)) {
    const i = skipOptions(argv, 1, first);
    first = argv[i] ?? '';
  }
  if (!first || first.includes('$') || (!first.includes('/') && !/\.(sh|bash)$/.test(first))) return undefined;
  const path = joinPath(cwd, first);
  return context.text(path) !== undefined ? path : undefined;
}

/** `hatch run [env:]name`, `pdm run name`, `poe name` / `poetry poe name`, `pipenv run name`: a script defined for the project. */
function pythonTask(argv: readonly string[], cwd: string, context: CommandContext): { text: string; via: string } | null {
  const [tool, sub] = argv;
  let key: string | undefined;
  let args: string[] = [];
  if (tool === 'hatch' && sub === 'run') {
    const i = skipOptions(argv, 2, 'hatch');
    const word = argv[i] ?? '';
    key = word.includes(':') ? `hatch:${word.slice(0, word.indexOf(':'))}:${word.slice(word.indexOf(':') + 1)}` : `hatch:default:${word}`;
    args = argv.slice(i + 1);
  } else if ((tool === 'pdm' || tool === 'pipenv') && sub === 'run') {
    const i = skipOptions(argv, 2, tool);
    key = `${tool}:${argv[i] ?? ''}`;
    args = argv.slice(i + 1);
  } else if (tool === 'poe' || (tool === 'poetry' && sub === 'poe')) {
    const i = tool === 'poe' ? 1 : 2;
    key = `poe:${argv[i] ?? ''}`;
    args = argv.slice(i + 1);
  }
  if (key === undefined) return null;
  const task = context.pythonTasks(cwd)[key];
  if (task === undefined) return null;
  const joined = joinArgv(args);
  // Hatch placeholders: `{args}` and `{args:default}` take the extra arguments, or the default.
  const text = task.replace(/\{args(?::([^}]*))?\}/g, (_w, fallback?: string) => joined || fallback || '');
  return { text: /\{args/.test(task) || !joined ? text : `${text} ${joined}`, via: `${key.startsWith('pipenv') ? 'Pipfile' : 'pyproject.toml'} ${key}` };
}

/** Follow one script (several commands) in a scope; `cd` and assignments carry from one command to the next. */
export function expandScript(script: string, scope: Scope, context: CommandContext, depth: number, via?: string): Expanded[] {
  const items: readonly ShellItem[] = context.shell.read(script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR'));
  const out: Expanded[] = [];
  const stack: Scope[] = [];
  let current: Scope = { cwd: scope.cwd, vars: new Map(scope.vars), placed: scope.placed };
  for (const item of items) {
    if (item.kind === 'enter') {
      stack.push(current);
      current = { cwd: current.cwd, vars: new Map(current.vars), placed: current.placed };
    } else if (item.kind === 'leave') current = stack.pop() ?? current;
    else if (item.kind === 'assign') current.vars.set(item.name, substitute(item.value, current.vars));
    else if (item.kind === 'command') {
      const vars = new Map(current.vars);
      for (const e of item.env) vars.set(e.name, substitute(e.value, current.vars));
      const argv = argvOf(item.words, vars);
      // `${PREFIX}coverage run …`, `$VENV/bin/pytest`: a variable prefix that is unknown here names a folder of the program.
      const prefixed = /^\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*\b)\/?(?=[\w.])/.exec(argv[0] ?? '');
      if (prefixed) argv[0] = (argv[0] ?? '').slice(prefixed[0].length);
      const cd = argv[0] === 'cd' || argv[0] === 'pushd' ? argv.slice(1).find((w) => !w.startsWith('-')) : undefined;
      if (cd !== undefined) {
        // `cd "$REPO_ROOT"`: a folder only known at run time; stay where we are rather than guess.
        if (!cd.includes('$') && !cd.includes('EXPR') && cd !== '~') current.cwd = joinPath(current.cwd, cd);
        continue;
      }
      notePlacedManifest(argv, current);
      const followed = followArgv(argv, { cwd: current.cwd, vars, placed: current.placed }, context, depth, via);
      out.push(...(depth === 0 ? followed.map((e) => ({ ...e, line: item.line })) : followed));
    }
  }
  return out;
}

/** One command, and what it runs in turn. */
function followArgv(argv: readonly string[], scope: Scope, context: CommandContext, depth: number, via?: string): Expanded[] {
  const { cwd } = scope;
  const out: Expanded[] = [{ argv: [...argv], command: joinArgv(argv), cwd, ...(via ? { via } : {}) }];
  if (depth >= MAX_DEPTH || argv.length === 0) return out;
  const next = (script: string, where: string, how: string): void => {
    out.push(...expandScript(script, { cwd: where, vars: scope.vars, placed: scope.placed }, context, depth + 1, how));
  };
  // `bash -c "…"`, `sh -c '…'`: a script in a string.
  if (['bash', 'sh', 'zsh'].includes(baseName(argv[0] ?? '')) && argv[1] === '-c' && argv[2] !== undefined) {
    next(argv[2], cwd, via ?? 'shell -c');
    return out;
  }
  const workspaces = workspaceTask(argv);
  if (workspaces) {
    for (const pkg of context.workspaceScripts(workspaces.task, workspaces.filter)) next(pkg.text, pkg.dir, `${pkg.path} script ${workspaces.task}`);
    return out;
  }
  // `yarn workspace NAME CMD…`, `npm --prefix DIR run x`, `pnpm -C DIR test`, `yarn --cwd DIR test`: another package's folder.
  const [tool] = argv;
  if (tool === 'yarn' && argv[1] === 'workspace' && argv[2]) {
    const dir = context.workspaceDir(argv[2]);
    if (dir !== undefined) out.push(...followArgv(['yarn', ...argv.slice(3)], { cwd: dir, vars: scope.vars, placed: scope.placed }, context, depth + 1, via));
    return out;
  }
  if (tool === 'npm' || tool === 'pnpm' || tool === 'yarn' || tool === 'bun') {
    const dirOption = argv.findIndex((w) => ['--prefix', '-C', '--dir', '--cwd'].includes(w));
    if (dirOption !== -1 && argv[dirOption + 1]) {
      const dir = joinPath(cwd, argv[dirOption + 1] ?? '.');
      out.push(...followArgv([...argv.slice(0, dirOption), ...argv.slice(dirOption + 2)], { cwd: dir, vars: scope.vars, placed: scope.placed }, context, depth + 1, via));
      return out;
    }
    const scripts = scriptsIn(cwd, scope, context);
    const script = packageScript(argv, scripts);
    if (script) {
      const args = script.args.length > 0 ? ` ${joinArgv(script.args)}` : '';
      // npm runs `pre<name>` and `post<name>` around a script.
      for (const name of tool === 'npm' ? [`pre${script.name}`, script.name, `post${script.name}`] : [script.name]) {
        const text = scripts[name];
        if (text !== undefined) next(name === script.name ? `${text}${args}` : text, cwd, `package.json script ${name}`);
      }
      return out;
    }
  }
  const scripts = runAllScripts(argv, scriptsIn(cwd, scope, context));
  if (scripts.length > 0) {
    for (const name of scripts) next(scriptsIn(cwd, scope, context)[name] ?? '', cwd, `package.json script ${name}`);
    return out;
  }
  const concurrent = concurrentCommands(argv);
  if (concurrent.length > 0) {
    for (const command of concurrent) next(command, cwd, via ?? 'concurrently');
    return out;
  }
  const compose = composeCall(argv, cwd);
  if (compose) {
    out.push(...followCompose(compose, cwd, context, scope, depth));
    return out;
  }
  const pyTask = pythonTask(argv, cwd, context);
  if (pyTask) {
    next(pyTask.text, cwd, pyTask.via);
    return out;
  }
  const task = context.tasks.expand(argv, cwd, scope.vars);
  if (task) {
    if (out[0]) out[0].followed = true;
    for (const step of task) next(step.script, step.cwd, step.via);
    return out;
  }
  const script = scriptFile(argv, cwd, context);
  if (script) {
    next(context.text(script) ?? '', cwd, script);
    return out;
  }
  // A wrapper (`uv run`, `npx`, `env`, `python -m` …): follow what it runs.
  const inner = unwrap(argv);
  if (inner.argv.length > 0 && inner.argv.length < argv.length) {
    const followed = followArgv(inner.argv, { cwd: inner.cwd ? joinPath(cwd, inner.cwd) : cwd, vars: scope.vars, placed: scope.placed }, context, depth + 1, via);
    // The first entry is the unwrapped command itself: the wrapper's entry already stands for it.
    if (followed[0]?.followed && out[0]) out[0].followed = true;
    out.push(...followed.slice(1));
    return out;
  }
  return out;
}

/** Simple commands of a script, with the scripts, targets and tasks they call followed. */
export function expandCommands(script: string, cwd: string, context: CommandContext, vars: ReadonlyMap<string, string> = new Map(), placed: Map<string, string> = new Map()): Expanded[] {
  return expandScript(script, { cwd, vars: new Map(vars), placed }, context, 0);
}

/** Test runners, by the program that runs them (after unwrapping); `sub` is the subcommand some need. */
function runnerOf(argv: readonly string[]): { runner: string; args: string[] } | null {
  const program = baseName(argv[0] ?? '').replace(/\.(cmd|exe)$/, '');
  const sub = argv[1] ?? '';
  const rest = argv.slice(1);
  switch (program) {
    case 'pytest':
    case 'py.test':
      return { runner: 'pytest', args: rest };
    case 'unittest':
      return { runner: 'unittest', args: rest };
    case 'tox':
    case 'nox':
      return { runner: 'tox', args: rest };
    case 'jest':
    case 'vitest':
    case 'mocha':
    case 'ava':
    case 'tape':
    case 'jasmine':
    case 'karma':
    case 'uvu':
      return { runner: program, args: rest.filter((w) => !['run', 'start'].includes(w) || rest.indexOf(w) > 0) };
    case '_mocha':
      return { runner: 'mocha', args: rest };
    case 'tap':
      return { runner: 'ava', args: rest };
    case 'pixl-unit':
      return { runner: 'pixl-unit', args: rest };
    case 'react-scripts':
    case 'craco':
    case 'react-app-rewired':
      return sub === 'test' ? { runner: 'jest', args: argv.slice(2) } : null;
    case 'ng':
      return sub === 'test' ? { runner: 'karma', args: argv.slice(2) } : null;
    case 'playwright':
      return sub === 'test' ? { runner: 'playwright', args: argv.slice(2) } : null;
    case 'cypress':
      return sub === 'run' ? { runner: 'cypress', args: argv.slice(2) } : null;
    case 'bun':
      return sub === 'test' ? { runner: 'bun test', args: argv.slice(2) } : null;
    case 'deno':
      return sub === 'test' ? { runner: 'deno test', args: argv.slice(2) } : null;
    case 'go':
      return sub === 'test' ? { runner: 'go test', args: argv.slice(2) } : null;
    case 'cargo':
      return sub === 'test' ? { runner: 'cargo test', args: argv.slice(2) } : null;
    case 'node':
      return rest.includes('--test') ? { runner: 'node:test', args: rest.filter((w) => w !== '--test') } : null;
    case 'django-admin':
    case 'django-admin.py':
      return sub === 'test' ? { runner: 'django', args: argv.slice(2) } : null;
    default:
      if (PYTHON.test(program) && /(^|\/)(manage|runtests)\.py$/.test(sub) && (argv[2] === 'test' || sub.endsWith('runtests.py'))) return { runner: 'django', args: argv.slice(sub.endsWith('runtests.py') ? 2 : 3) };
      return null;
  }
}

/** Installing a test tool is not running it: `pip install pytest`, `npm i -D vitest`. */
const INSTALL_PROGRAMS = /^(pip3?|pipx|apt(-get)?|brew|conda|apk|yum|dnf)$/;

/** Test-runner options whose value is the next word (so that word is not a test path). */
const VALUE_OPTIONS = new Set([
  '-m', '-k', '-c', '-p', '-n', '-o', '-r', '-W', '-t', '-g', '--cov', '--cov-config', '--cov-report', '--junitxml', '--junit-xml', '--rootdir', '--basetemp',
  '--confcutdir', '--ignore', '--ignore-glob', '--deselect', '--config', '--reporter', '--testNamePattern', '--project', '--shard', '--workers', '--grep',
  '--maxfail', '--durations', '--tb', '--log-file', '--html', '--import-mode', '--dist', '--timeout', '--outputFile', '--output', '--env-file', '--selectProjects',
  '--require', '-R', '--ui', '--settings', '--parallel', '--exclude-tag', '--tag', '--test-reporter', '--test-reporter-destination', '--test-name-pattern', '--import',
  '--loader', '-e', '--env', '--spec', '--browser', '--reporter-options', '--exclude', '--root', '--dir', '--mode', '--pool', '--coverage.reporter', '--test-timeout',
]);

/** The test runner a command runs, with the paths it names and its marker expression; null when it runs none. */
export function invocationOf(e: Expanded): TestInvocation | null {
  if (e.followed) return null;
  const { argv, cwd: innerCwd } = unwrap(e.argv);
  const program = baseName(argv[0] ?? '');
  if (INSTALL_PROGRAMS.test(program) || (['npm', 'pnpm', 'yarn', 'bun', 'uv', 'poetry'].includes(program) && ['i', 'install', 'ci', 'add', 'sync', 'pip', 'tool'].includes(argv[1] ?? ''))) return null;
  const found = runnerOf(argv);
  if (!found) return null;
  const cwd = innerCwd ? joinPath(e.cwd, innerCwd) : e.cwd;
  const { runner, args } = found;
  const paths: string[] = [];
  let markers: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] ?? '';
    const previous = args[i - 1] ?? '';
    if (runner === 'pytest' && previous === '-m' && !w.startsWith('-')) markers = w;
    if (w.startsWith('-') || VALUE_OPTIONS.has(previous) || w.includes('=') || w.includes('$') || w.includes('EXPR') || w === '') continue;
    if (/\.(json|cjs|mjs|toml|ini|cfg|ya?ml|xml|html|lcov)$/.test(w) && !/\.(test|spec)\./.test(w)) continue;
    if (runner === 'django' || runner === 'unittest') {
      // Dotted test labels: `app.tests`, `tests.test_api`.
      if (/^[\w.]+$/.test(w) && !w.includes('/') && !w.endsWith('.py')) {
        paths.push(joinPath(cwd, w.replace(/\./g, '/')));
        continue;
      }
    }
    if (!/[/.*]|^tests?$|^spec$|^__tests__$/.test(w)) continue;
    paths.push(joinPath(cwd, w.replace(/^\.\//, '')));
  }
  const invocation: TestInvocation = { runner, paths, cwd, command: joinArgv(e.argv) };
  if (e.via) invocation.via = e.via;
  if (markers) invocation.markers = markers;
  return invocation;
}

export function testInvocations(script: string, cwd: string, context: CommandContext, vars?: ReadonlyMap<string, string>): TestInvocation[] {
  return expandCommands(script, cwd, context, vars)
    .map(invocationOf)
    .filter((t): t is TestInvocation => t !== null);
}
