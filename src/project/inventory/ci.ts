/**
 * CI as data: GitHub Actions workflows, GitLab CI jobs and pre-commit hooks — triggers, jobs, what each step
 * runs (tests with their paths and markers, lint, type checks, builds, image pushes), the env vars and secrets
 * each job provides, continue-on-error, and workflows that can never run.
 */
import type { DataFacts, FileFacts, LNode, TextFacts } from '../../facts/types.js';
import { at, entries, entry, isMap, isSeq, items, str, toPlain } from '../../facts/located.js';
import type { Manifest } from '../manifests/types.js';
import type { ComposeFile, InfraInventory } from './infra.js';
import { joinPath as joinRelative } from '../../util/paths.js';

export type StepKind = 'test' | 'lint' | 'typecheck' | 'build' | 'image-build' | 'image-push' | 'publish' | 'deploy' | 'install' | 'coverage' | 'other';

export interface TestInvocation {
  runner: string;
  /** Test paths or files named on the command line, relative to the repository root (empty: the runner's default discovery). */
  paths: string[];
  /** Directory the command runs in, relative to the repository root. */
  cwd: string;
  /** Where the command was found when it came from a script or Makefile the step runs. */
  via?: string;
  /** pytest `-m` expression. */
  markers?: string;
  /** The full command after npm/yarn/pnpm script resolution. */
  command: string;
  /** How many test files of the repository it runs (filled in by test-runs.ts). */
  matched?: number;
}

export interface CiStep {
  line: number;
  name?: string;
  id?: string;
  uses?: string;
  /** Line of the `uses:` key. */
  usesLine?: number;
  run?: string;
  /** Line of the first line of the `run:` script (the line after `run: |`). */
  runLine?: number;
  with: Record<string, string>;
  env: Array<{ name: string; value: string; line: number }>;
  if?: string;
  continueOnError: boolean;
  kinds: StepKind[];
  tests: TestInvocation[];
}

export interface CiJob {
  id: string;
  line: number;
  name?: string;
  if?: string;
  /** Jobs this one waits for (`needs:`). */
  needs: string[];
  /** A reusable workflow the job calls (`uses: ./.github/workflows/x.yml` or `owner/repo/...@ref`). */
  uses?: { value: string; line: number };
  continueOnError: boolean;
  env: Array<{ name: string; value: string; line: number }>;
  secrets: string[];
  services: string[];
  matrix?: {
    dimensions: Record<string, number>;
    /** Scalar values of each dimension (`python-version: ["3.9", "3.12"]`), plus those added by `include`. */
    values: Record<string, string[]>;
    combinations: number;
    line: number;
    failFast?: boolean;
  };
  permissions?: { value: unknown; line: number };
  steps: CiStep[];
  /** GitLab: allow_failure. */
  allowFailure?: boolean;
  timeoutMinutes?: number;
}

export interface CiWorkflow {
  path: string;
  system: 'github' | 'gitlab';
  name?: string;
  triggers: string[];
  schedules: string[];
  env: Array<{ name: string; value: string; line: number }>;
  permissions?: { value: unknown; line: number };
  jobs: CiJob[];
  /** Why the workflow can never run on its own, when that is the case. */
  neverRuns?: string;
  /** Only started by hand (workflow_dispatch) or by other workflows (workflow_call). */
  manualOnly: boolean;
  line: number;
  /** Line of the `on:` key. */
  onLine?: number;
  /** `on: workflow_run: workflows: [...]`: the workflows whose completion starts this one. */
  workflowRun?: { workflows: string[]; line: number };
  /** Workflows whose jobs call this one (`uses: ./.github/workflows/<file>`). */
  calledBy?: string[];
}

export interface PreCommitHook {
  path: string;
  line: number;
  id: string;
  repo: string;
  entry?: string;
  stages: string[];
  runsTests: boolean;
  /** The test commands of the hook's `entry` and `args`. */
  tests: TestInvocation[];
  /** pre-commit passes the staged files as arguments (`pass_filenames`, true by default). */
  passFilenames: boolean;
}

export interface CiInventory {
  workflows: CiWorkflow[];
  /** CI configurations of systems whose jobs seaworthy does not read (CircleCI, Jenkins, Azure Pipelines, Travis…). */
  otherSystems: Array<{ path: string; system: string }>;
  preCommit: PreCommitHook[];
  /** Git hooks managed by husky (`.husky/<hook>`), with their commands. */
  gitHooks: Array<{ path: string; hook: string; commands: Array<{ line: number; command: string; tests: TestInvocation[] }> }>;
}

const SECRET_REF = /\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g;

/** A scalar or a sequence of scalars, as strings. */
function listOf(node: LNode | undefined): string[] {
  const single = str(node);
  if (single !== undefined) return single === '' ? [] : [single];
  return items(node).map((n) => str(n) ?? '').filter(Boolean);
}

function envList(node: LNode | undefined): CiJob['env'] {
  return entries(node).map((e) => ({ name: e.key, value: str(e.value) ?? '', line: e.line }));
}

function stringMap(node: LNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries(node)) out[e.key] = str(e.value) ?? JSON.stringify(toPlain(e.value));
  return out;
}

/** Split a shell script into simple commands (lines, `&&`, `;`), with their line offsets. */
export function shellCommands(script: string): Array<{ offset: number; command: string }> {
  const out: Array<{ offset: number; command: string }> = [];
  const joined = script.replace(/\\\n/g, ' ');
  joined.split('\n').forEach((line, i) => {
    for (const part of line.split(/&&|\|\||;/)) {
      const command = part.trim();
      if (command && !command.startsWith('#')) out.push({ offset: i, command });
    }
  });
  return out;
}

const RUNNERS: Array<[RegExp, string]> = [
  [/\bpytest\b|\bpy\.test\b/, 'pytest'],
  [/\bpython[\d.]*\s+-m\s+unittest\b/, 'unittest'],
  [/\b(tox|nox)\b/, 'tox'],
  [/\bjest\b/, 'jest'],
  [/\bvitest\b/, 'vitest'],
  [/\bmocha\b/, 'mocha'],
  [/\bplaywright\s+test\b/, 'playwright'],
  [/\bcypress\s+run\b/, 'cypress'],
  [/\bnode\s+--test\b/, 'node:test'],
  [/\b(ava|tap)\b/, 'ava'],
  [/\bgo\s+test\b/, 'go test'],
  [/\bcargo\s+test\b/, 'cargo test'],
  [/\bmanage\.py\s+test\b|\bdjango-admin(?:\.py)?`?\s+test\b/, 'django'],
];

/** The package.json script a command runs (`npm test`, `pnpm run lint:code`, `yarn build`), with extra arguments. */
export function scriptOf(command: string, scripts: Record<string, string>): { name: string; text: string } | null {
  const match = /^(?:npm|pnpm|yarn|bun)(?:\s+(?:run(?:-script)?))?\s+([\w:.-]+)(.*)$/.exec(command.trim());
  if (!match?.[1]) return null;
  const name = match[1] === 't' ? 'test' : match[1];
  const script = scripts[name];
  if (script === undefined || ['install', 'ci', 'add', 'exec', 'dlx', 'x'].includes(name)) return null;
  return { name, text: `${script}${(match[2] ?? '').replace(/^\s*--\s/, ' ')}` };
}

/** What a CI step or hook can see: npm scripts by folder, and the text of shell scripts and Makefiles. */
export interface CommandContext {
  scriptsFor(cwd: string): Record<string, string>;
  text(path: string): string | undefined;
  compose(path: string): ComposeFile | undefined;
  /** CMD (or ENTRYPOINT) of the final stage of a Dockerfile. */
  dockerCmd(path: string): string | undefined;
  /** The `run:` scripts of a local composite action's steps (`<dir>/action.yml`). */
  compositeAction(dir: string): string[];
  /** Python task runners' scripts from the nearest pyproject.toml: `hatch:<env>:<name>`, `pdm:<name>`, `poe:<name>`. */
  pythonTasks(cwd: string): Record<string, string>;
  /** The npm script `task` of every workspace package that has one (only the package named by `filter`, if given). */
  workspaceScripts(task: string, filter?: string): Array<{ dir: string; path: string; text: string }>;
}

/** A path in a workflow: relative to the step's folder, or to the repository root when it starts with `/`. */
function joinPath(dir: string, rel: string): string {
  return rel.startsWith('/') ? rel.slice(1) : joinRelative(dir, rel);
}

interface Expanded {
  command: string;
  cwd: string;
  via?: string;
}

/** Wrappers that run the rest of the line as a command. */
const RUNNER_PREFIXES = new Set(['bash', 'sh', 'zsh', 'exec', 'time', 'xvfb-run', 'uv', 'poetry', 'pipenv', 'pdm', 'rye', 'run', 'npx', 'env', '-e', '-x', '-ex']);

/** A shell script the command runs: `./scripts/test`, `bash scripts/test.sh`, `uv run scripts/check` — if the file exists. */
function scriptFile(command: string, cwd: string, context: CommandContext): string | undefined {
  const sh = /(?:^|\s)((?:\.{0,2}\/)?[\w./-]+\.sh)(?=\s|$)/.exec(command)?.[1];
  if (sh) return joinPath(cwd, sh);
  const words = command.split(/\s+/).filter((w) => w !== '' && !/^[A-Z_][A-Z0-9_]*=/.test(w));
  let i = 0;
  while (i < words.length && RUNNER_PREFIXES.has(words[i] ?? '')) i++;
  const first = words[i]?.replace(/^["']|["']$/g, '');
  if (!first || !first.includes('/') || first.includes('$')) return undefined;
  const path = joinPath(cwd, first);
  return context.text(path) !== undefined ? path : undefined;
}

/** `hatch run [env:]name`, `pdm run name`, `poe name` / `poetry poe name`: the script defined in pyproject.toml. */
function pythonTask(command: string, cwd: string, context: CommandContext): { text: string; via: string } | null {
  const m = /^(?:hatch\s+run\s+(?:-\S+\s+)*([\w.-]+:)?([\w.-]+)|pdm\s+run\s+([\w.-]+)|(?:poetry\s+)?poe\s+([\w.-]+))(.*)$/.exec(command.trim());
  if (!m) return null;
  const tasks = context.pythonTasks(cwd);
  const key = m[2] ? `hatch:${(m[1] ?? 'default:').slice(0, -1)}:${m[2]}` : m[3] ? `pdm:${m[3]}` : `poe:${m[4] ?? ''}`;
  const task = tasks[key];
  if (task === undefined) return null;
  const args = (m[5] ?? '').trim();
  // Hatch placeholders: `{args}` and `{args:default}` take the extra arguments, or the default.
  const text = task.replace(/\{args(?::([^}]*))?\}/g, (_w, fallback?: string) => args || fallback || '');
  return { text: /\{args/.test(task) || !args ? text : `${text} ${args}`, via: `pyproject.toml ${key}` };
}

/** Recipe lines of a justfile recipe (`name args:` followed by indented lines). */
function justRecipe(justfile: string, recipe: string): string[] {
  const lines = justfile.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^@?${recipe}(\\s[^:]*)?:(?!=)`).test(l));
  if (start === -1) return [];
  const body: string[] = [];
  for (let i = start + 1; i < lines.length && /^\s+\S/.test(lines[i] ?? ''); i++) body.push((lines[i] ?? '').trim().replace(/^[@-]+/, ''));
  return body;
}

/** Make targets: `name:` followed by tab-indented recipe lines. */
function makeTarget(makefile: string, target: string): string[] {
  const lines = makefile.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`).test(l));
  if (start === -1) return [];
  const recipe: string[] = [];
  for (let i = start + 1; i < lines.length && /^\t/.test(lines[i] ?? ''); i++) recipe.push((lines[i] ?? '').trim().replace(/^[@-]+/, ''));
  return recipe;
}

/** Simple commands of a step, with npm scripts, shell scripts and Make targets it calls expanded (3 levels). */
export function expandCommands(script: string, cwd: string, context: CommandContext, depth = 0, via?: string): Expanded[] {
  const out: Expanded[] = [];
  for (const { command: raw } of shellCommands(script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR'))) {
    out.push(via ? { command: raw, cwd, via } : { command: raw, cwd });
    if (depth >= 4) continue;
    // `RUN_SLOW=1 hatch run test`, `NODE_ENV=test npm test`: the variables do not change which command runs.
    const part = raw.replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|\S*)\s+)+/, '');
    const workspaces = workspaceTask(part);
    if (workspaces) {
      for (const pkg of context.workspaceScripts(workspaces.task, workspaces.filter)) {
        out.push(...expandCommands(pkg.text, pkg.dir, context, depth + 1, `${pkg.path} script ${workspaces.task}`));
      }
      continue;
    }
    const npmScript = scriptOf(part, context.scriptsFor(cwd));
    if (npmScript) {
      out.push(...expandCommands(npmScript.text, cwd, context, depth + 1, `package.json script ${npmScript.name}`));
      continue;
    }
    const cd = /^cd\s+(\S+)$/.exec(part);
    if (cd?.[1]) {
      // `cd "$REPO_ROOT"`: a folder only known at run time; stay where we are rather than guess.
      if (!cd[1].includes('$') && !cd[1].includes('EXPR')) cwd = joinPath(cwd, cd[1].replace(/^["']|["']$/g, ''));
      continue;
    }
    if (/\bdocker[ -]compose\b.*\b(up|run)\b/.test(part)) {
      out.push(...expandCompose(part, cwd, context, depth));
      continue;
    }
    const pyTask = pythonTask(part, cwd, context);
    if (pyTask) {
      out.push(...expandCommands(pyTask.text, cwd, context, depth + 1, pyTask.via));
      continue;
    }
    const script = scriptFile(part, cwd, context);
    if (script) {
      const text = context.text(script);
      if (text !== undefined) out.push(...expandCommands(text, cwd, context, depth + 1, script));
      continue;
    }
    const just = /^just\s+([\w-]+)/.exec(part);
    if (just?.[1]) {
      const justfile = context.text(joinPath(cwd, 'justfile')) ?? context.text(joinPath(cwd, 'Justfile'));
      if (justfile !== undefined) out.push(...expandCommands(justRecipe(justfile, just[1]).join('\n'), cwd, context, depth + 1, `justfile ${just[1]}`));
      continue;
    }
    const make = /^make\s+(?:-C\s+(\S+)\s+)?([\w.-]+)/.exec(part);
    if (make?.[2]) {
      const dir = make[1] ? joinPath(cwd, make[1]) : cwd;
      const makefile = context.text(joinPath(dir, 'Makefile'));
      if (makefile !== undefined) out.push(...expandCommands(makeTarget(makefile, make[2]).join('\n'), dir, context, depth + 1, `${joinPath(dir, 'Makefile')} ${make[2]}`));
    }
  }
  return out;
}

/**
 * A command that runs one npm script in every workspace package: `turbo run test`, `nx run-many -t test`,
 * `lerna run test`, `pnpm -r test`, `npm test --workspaces`, `yarn workspaces foreach run test`.
 */
export function workspaceTask(command: string): { task: string; filter?: string } | null {
  const words = command.trim().split(/\s+/).filter((w) => w !== 'npx' && w !== 'pnpx' && w !== 'bunx');
  const tool = words[0] ?? '';
  const rest = words.slice(1);
  const firstTask = (skip: readonly string[]): string | undefined => rest.find((w) => !w.startsWith('-') && !skip.includes(w));
  const filter = /--filter[=\s]+(\S+)|-F\s+(\S+)/.exec(command);
  const filterName = filter?.[1] ?? filter?.[2];
  let task: string | undefined;
  if (tool === 'turbo') task = firstTask(['run']);
  else if (tool === 'lerna') task = rest[0] === 'run' ? rest[1] : undefined;
  else if (tool === 'nx') task = /(?:-t|--targets?)[=\s]+([\w:-]+)/.exec(command)?.[1] ?? (['run-many', 'affected', 'run'].includes(rest[0] ?? '') ? undefined : rest[0]);
  else if (tool === 'pnpm' && (rest.includes('-r') || rest.includes('--recursive') || filterName)) task = firstTask(['run', 'exec', '-r', '--recursive', '--filter', filterName ?? '']);
  else if (tool === 'npm' && (rest.includes('--workspaces') || rest.includes('-ws'))) task = firstTask(['run', 'run-script']);
  else if (tool === 'yarn' && rest[0] === 'workspaces') task = firstTask(['workspaces', 'foreach', 'run', '--all', '-A', '--parallel', '-p']);
  if (!task || task.includes('$')) return null;
  const name = task === 't' ? 'test' : task;
  return filterName ? { task: name, filter: filterName.replace(/^["']|["']$/g, '') } : { task: name };
}

const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * `docker compose [-f FILE…] up` / `run SERVICE [CMD]`: what the containers run — the service's command, its
 * entrypoint, or the CMD of the Dockerfile it builds — expanded in the service's build folder.
 */
function expandCompose(command: string, cwd: string, context: CommandContext, depth: number): Expanded[] {
  const files = [...command.matchAll(/(?:-f|--file)[\s=]+(\S+)/g)].map((m) => joinPath(cwd, m[1] ?? ''));
  const paths = files.length > 0 ? files : DEFAULT_COMPOSE_FILES.map((f) => joinPath(cwd, f)).filter((p) => context.compose(p) !== undefined).slice(0, 1);
  const run = composeRun(command);
  const out: Expanded[] = [];
  for (const path of paths) {
    const compose = context.compose(path);
    if (!compose) continue;
    for (const service of compose.services) {
      if (run && run[1] !== service.name) continue;
      const where = service.build ?? cwd;
      const containerCommand = run?.[2] ?? service.command ?? service.entrypoint ?? (service.dockerfile ? context.dockerCmd(service.dockerfile) : service.build ? context.dockerCmd(joinPath(service.build, 'Dockerfile')) : undefined);
      if (containerCommand) out.push(...expandCommands(containerCommand, where, context, depth + 1, `${path} service ${service.name}`));
    }
  }
  return out;
}

/** Options of `docker compose run` that take a value; the others are flags. */
const COMPOSE_RUN_VALUE_OPTIONS = new Set(['-e', '--env', '-l', '--label', '--name', '-p', '--publish', '-u', '--user', '-v', '--volume', '-w', '--workdir', '--entrypoint', '--env-from-file', '--cap-add', '--cap-drop', '--pull']);

/** `docker compose … run [OPTIONS] SERVICE [COMMAND…]`: the service and the command, if any. */
function composeRun(command: string): [string, string, string | undefined] | null {
  const words = command.trim().split(/\s+/);
  const at = words.indexOf('run');
  if (at === -1) return null;
  let i = at + 1;
  while (i < words.length && (words[i] ?? '').startsWith('-')) {
    const option = words[i] ?? '';
    i += COMPOSE_RUN_VALUE_OPTIONS.has(option) ? 2 : 1;
  }
  const service = words[i];
  if (!service) return null;
  const rest = words.slice(i + 1).join(' ');
  return [command, service, rest === '' ? undefined : rest];
}

/** Installing a test tool is not running it: `pip install pytest`, `npm i -D vitest`. */
const INSTALL_COMMAND = /^(sudo\s+)?(pip3?|python[\d.]*\s+-m\s+pip|uv\s+(pip|add|tool)|pipx|poetry\s+add|npm\s+(i|install|ci|add)|pnpm\s+(i|install|add)|yarn\s+(add|install)|bun\s+(add|install)|apt(-get)?|brew|conda)\b/;

/** Test-runner options whose value is the next word (so that word is not a test path). */
const VALUE_OPTIONS = new Set([
  '-m', '-k', '-c', '-p', '-n', '-o', '-r', '-W', '-t', '-g', '--', '--cov', '--cov-config', '--cov-report', '--junitxml', '--junit-xml', '--rootdir', '--basetemp',
  '--confcutdir', '--ignore', '--ignore-glob', '--deselect', '--config', '--reporter', '--testNamePattern', '--project', '--shard', '--workers', '--grep',
  '--maxfail', '--durations', '--tb', '--log-file', '--html', '--import-mode', '--dist', '--timeout', '--outputFile', '--output', '--env-file', '--selectProjects',
]);

function invocationOf(e: Expanded): TestInvocation | null {
  if (INSTALL_COMMAND.test(e.command)) return null;
  const runner = RUNNERS.find(([re]) => re.test(e.command))?.[1];
  if (!runner) return null;
  const words = e.command.split(/\s+/);
  // `-m` after the pytest word selects markers; before it (`python -m pytest`) it names a module.
  const afterPytest = /\bpytest\b(.*)$/.exec(e.command)?.[1] ?? '';
  const markers = /\s-m\s+(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(afterPytest);
  const paths = words
    .filter((w, i) => i > 0 && !(w === 'test' && /(^|\/)(playwright|bun|deno|go|cargo|manage\.py|django-admin(\.py)?`?)$/.test(words[i - 1] ?? '')) && !w.startsWith('-') && !w.includes('EXPR') && !/\.(sh|json|js|cjs|mjs|toml|ini|cfg|ya?ml)$/.test(w) && !w.includes('$') && /[/.]|^tests?$|^spec$/.test(w) && !VALUE_OPTIONS.has(words[i - 1] ?? '') && !/=/.test(w) && !/^(python[\d.]*|pytest|coverage|uv|poetry|run)$/.test(w))
    .map((w) => joinPath(e.cwd, w.replace(/^["']|["']$/g, '')));
  const invocation: TestInvocation = { runner, paths, cwd: e.cwd, command: e.command };
  if (e.via) invocation.via = e.via;
  const expr = markers?.[1] ?? markers?.[2] ?? markers?.[3];
  if (runner === 'pytest' && expr) invocation.markers = expr;
  return invocation;
}

export function testInvocations(script: string, cwd: string, context: CommandContext): TestInvocation[] {
  return expandCommands(script, cwd, context)
    .map(invocationOf)
    .filter((t): t is TestInvocation => t !== null);
}

export function classifyCommand(script: string, cwd: string, context: CommandContext): StepKind[] {
  const kinds = new Set<StepKind>();
  const expanded = expandCommands(script, cwd, context);
  if (expanded.some((e) => invocationOf(e) !== null)) kinds.add('test');
  const resolved = expanded.map((e) => e.command).join('\n');
  if (/\b(ruff|flake8|pylint|eslint|prettier\s+--check|black\s+--check|biome\s+(check|lint|ci)|stylelint|hadolint|actionlint|shellcheck|zizmor)\b/.test(resolved)) kinds.add('lint');
  if (/\b(mypy|pyright|tsc(?!.*--build)|vue-tsc|basedpyright)\b/.test(resolved)) kinds.add('typecheck');
  if (/\b(docker|podman)\s+(build|buildx\s+build|image\s+build)\b|\bdocker[ -]compose\b.*\s(build|up\b.*--build)\b|\bbuildah\s+(bud|build)\b/.test(resolved)) kinds.add('image-build');
  if (IMAGE_PUSH.test(resolved)) kinds.add('image-push');
  if (/\b(npm|pnpm|yarn)\s+(npm\s+)?publish\b|\btwine\s+upload\b|\b(poetry|uv|flit|hatch|pdm|cargo)\s+publish\b|\bchangeset\s+publish\b|\bsemantic-release\b|\bgoreleaser\b/.test(resolved)) kinds.add('publish');
  if (/\b(npm\s+run\s+build|python\s+-m\s+build|poetry\s+build|uv\s+build|vite\s+build|tsc\s+--build|next\s+build|webpack)\b/.test(resolved)) kinds.add('build');
  if (/\b(pip|pip3|uv\s+pip|poetry|npm|pnpm|yarn|bun)\s+(install|ci|sync)\b|\buv\s+sync\b/.test(resolved)) kinds.add('install');
  if (/\b(coverage|--cov\b|codecov)\b/.test(resolved)) kinds.add('coverage');
  if (/\b(kubectl\s+(apply|rollout)|helm\s+(upgrade|install)|terraform\s+apply|fly\s+deploy|vercel\s+(deploy|--prod)|docker\s+stack\s+deploy|fastapi\s+deploy|serverless\s+deploy|gcloud\s+\S+\s+deploy)\b/.test(resolved)) kinds.add('deploy');
  return [...kinds];
}

/** Commands that push an image to a registry. */
const IMAGE_PUSH = /\b(docker|podman|buildah)\s+(image\s+)?push\b|\bbuildx\s+build\b.*--push\b|\bdocker[ -]compose\b.*\spush\b|\bskopeo\s+copy\b|\bcrane\s+(push|copy)\b|\bko\s+(build|publish|apply)\b|\b(executor|kaniko)\b.*--destination\b|\bjib(Build)?\b|\bdepot\s+build\b.*--push\b|\bflyctl?\s+deploy\b/;

/** Actions that build (and perhaps push) an image; `push:` off or absent means build only. */
const BUILD_PUSH_ACTIONS = new Set(['docker/build-push-action', 'depot/build-push-action', 'docker/bake-action', 'depot/bake-action']);

function classifyAction(uses: string, withs: Record<string, string>): StepKind[] {
  const action = uses.split('@')[0]?.toLowerCase() ?? '';
  if (BUILD_PUSH_ACTIONS.has(action)) {
    const push = (withs['push'] ?? '').trim();
    const pushes = (push !== '' && push !== 'false') || /type=registry|push=true/.test(withs['outputs'] ?? '');
    return pushes ? ['image-build', 'image-push'] : ['image-build'];
  }
  if (/push-to-registry|docker-build-push|publish-docker|docker-publish|push-to-ecr|push-to-gcr|ecr-push/.test(action)) return ['image-build', 'image-push'];
  if (action === 'changesets/action' && withs['publish']) return ['publish'];
  if (action.includes('gh-action-pypi-publish') || action.includes('npm-publish') || action === 'js-devtools/npm-publish' || action.includes('goreleaser-action')) return ['publish'];
  if (action.includes('codecov')) return ['coverage'];
  if (action.includes('pre-commit/action')) return ['lint'];
  if (/deploy|kubectl|helm/.test(action)) return ['deploy'];
  return ['other'];
}

function triggersOf(node: LNode | undefined): { triggers: string[]; schedules: string[] } {
  if (!node) return { triggers: [], schedules: [] };
  const single = str(node);
  if (single !== undefined) return { triggers: [single], schedules: [] };
  if (isSeq(node)) return { triggers: items(node).map((n) => str(n) ?? ''), schedules: [] };
  const schedules = items(at(node, 'schedule')).map((s) => str(at(s, 'cron')) ?? '');
  return { triggers: entries(node).map((e) => e.key), schedules };
}

function matrixOf(strategy: LNode | undefined): CiJob['matrix'] {
  const matrix = at(strategy, 'matrix');
  if (!isMap(matrix)) return undefined;
  const dimensions: Record<string, number> = {};
  for (const e of entries(matrix)) if (isSeq(e.value) && e.key !== 'include' && e.key !== 'exclude') dimensions[e.key] = items(e.value).length;
  const base = Object.values(dimensions).reduce((n, d) => n * d, Object.keys(dimensions).length > 0 ? 1 : 0);
  const include = items(at(matrix, 'include')).length;
  const exclude = items(at(matrix, 'exclude')).length;
  const values: Record<string, string[]> = {};
  const add = (key: string, value: string | undefined): void => {
    if (value === undefined) return;
    const list = (values[key] ??= []);
    if (!list.includes(value)) list.push(value);
  };
  for (const e of entries(matrix)) if (isSeq(e.value) && e.key !== 'include' && e.key !== 'exclude') for (const v of items(e.value)) add(e.key, str(v));
  for (const extra of items(at(matrix, 'include'))) for (const e of entries(extra)) add(e.key, str(e.value));
  const out: NonNullable<CiJob['matrix']> = { dimensions, values, combinations: Math.max(0, base - exclude) + (base === 0 ? include : 0), line: strategy?.line ?? matrix.line };
  const failFast = str(at(strategy, 'fail-fast'));
  if (failFast === 'true' || failFast === 'false') out.failFast = failFast === 'true';
  return out;
}

function permissionsOf(node: LNode | undefined): CiJob['permissions'] {
  return node ? { value: toPlain(node), line: node.line } : undefined;
}

function readGithubWorkflow(file: DataFacts, context: CommandContext): CiWorkflow | null {
  const doc = file.documents[0] ?? undefined;
  if (!isMap(doc)) return null;
  const on = entry(doc, 'on') ?? entry(doc, 'true');
  const { triggers, schedules } = triggersOf(on?.value);
  const jobs: CiJob[] = [];
  for (const j of entries(at(doc, 'jobs'))) {
    const node = j.value;
    const jobText = JSON.stringify(toPlain(node));
    const job: CiJob = {
      id: j.key,
      line: j.line,
      continueOnError: str(at(node, 'continue-on-error')) === 'true',
      env: envList(at(node, 'env')),
      secrets: [...new Set([...jobText.matchAll(SECRET_REF)].map((m) => m[1] ?? ''))].sort(),
      services: entries(at(node, 'services')).map((s) => s.key),
      needs: listOf(at(node, 'needs')),
      steps: [],
    };
    const reusable = entry(node, 'uses');
    const reusableValue = str(reusable?.value);
    if (reusable && reusableValue) job.uses = { value: reusableValue, line: reusable.line };
    const name = str(at(node, 'name'));
    if (name) job.name = name;
    const condition = str(at(node, 'if'));
    if (condition !== undefined) job.if = condition;
    const matrix = matrixOf(at(node, 'strategy'));
    if (matrix) job.matrix = matrix;
    const permissions = permissionsOf(at(node, 'permissions'));
    if (permissions) job.permissions = permissions;
    const timeout = str(at(node, 'timeout-minutes'));
    if (timeout !== undefined && !Number.isNaN(Number(timeout))) job.timeoutMinutes = Number(timeout);
    const jobCwd = str(at(node, 'defaults', 'run', 'working-directory')) ?? '.';
    for (const s of items(at(node, 'steps'))) {
      const withs = stringMap(at(s, 'with'));
      const cwd = joinPath('.', str(at(s, 'working-directory')) ?? jobCwd);
      const step: CiStep = { line: s.line, with: withs, env: envList(at(s, 'env')), continueOnError: str(at(s, 'continue-on-error')) === 'true', kinds: [], tests: [] };
      const stepName = str(at(s, 'name'));
      if (stepName) step.name = stepName;
      const id = str(at(s, 'id'));
      if (id) step.id = id;
      const stepIf = str(at(s, 'if'));
      if (stepIf !== undefined) step.if = stepIf;
      const usesEntry = entry(s, 'uses');
      const uses = str(usesEntry?.value);
      const runNode = at(s, 'run');
      const run = str(runNode);
      if (runNode && run !== undefined) step.runLine = runNode.endLine > runNode.line ? runNode.line + 1 : runNode.line;
      if (uses && usesEntry) {
        step.uses = uses;
        step.usesLine = usesEntry.line;
        step.kinds = classifyAction(uses, withs);
        // Actions that run a command given as an input (docker-run, retry, xvfb, cypress), and local composite
        // actions (`uses: ./`, `./.github/actions/x`): follow their commands like a `run:`.
        const input = withs['run'] ?? withs['command'] ?? withs['script'];
        // Each step of a composite action is a shell of its own: a `cd` in one does not carry to the next.
        const scripts = input !== undefined ? [input] : uses.startsWith('./') ? context.compositeAction(joinPath('.', uses)) : [];
        if (run === undefined) {
          for (const script of scripts) {
            const kinds = classifyCommand(script, cwd, context);
            if (kinds.length > 0) step.kinds = [...new Set([...step.kinds.filter((k) => k !== 'other'), ...kinds])];
            step.tests.push(...testInvocations(script, cwd, context));
          }
        }
      }
      if (run !== undefined) {
        step.run = run;
        step.kinds = classifyCommand(run, cwd, context);
        step.tests = testInvocations(run, cwd, context);
        if (step.kinds.length === 0) step.kinds = ['other'];
      }
      job.steps.push(step);
    }
    jobs.push(job);
  }
  const workflow: CiWorkflow = {
    path: file.path,
    system: 'github',
    triggers,
    schedules,
    env: envList(at(doc, 'env')),
    jobs,
    manualOnly: triggers.length > 0 && triggers.every((t) => t === 'workflow_dispatch' || t === 'workflow_call' || t === 'repository_dispatch'),
    line: doc.line,
  };
  const name = str(at(doc, 'name'));
  if (name) workflow.name = name;
  if (on) workflow.onLine = on.line;
  const workflowRun = at(on?.value, 'workflow_run', 'workflows');
  if (workflowRun) workflow.workflowRun = { workflows: listOf(workflowRun), line: workflowRun.line };
  const permissions = permissionsOf(at(doc, 'permissions'));
  if (permissions) workflow.permissions = permissions;
  if (triggers.length === 0) workflow.neverRuns = 'no `on:` triggers';
  else if (jobs.length > 0 && jobs.every((j) => /^\s*(false|\$\{\{\s*false\s*\}\})\s*$/.test(j.if ?? ''))) workflow.neverRuns = 'every job has `if: false`';
  return workflow;
}

const OTHER_CI: Array<[RegExp, string]> = [
  [/^\.circleci\/config\.ya?ml$/, 'CircleCI'],
  [/^Jenkinsfile$/, 'Jenkins'],
  [/^azure-pipelines\.ya?ml$|^\.azure-pipelines\/.+\.ya?ml$|^\.?azure\/pipelines?\/.+\.ya?ml$/, 'Azure Pipelines'],
  [/^\.travis\.ya?ml$/, 'Travis CI'],
  [/^bitbucket-pipelines\.ya?ml$/, 'Bitbucket Pipelines'],
  [/^\.buildkite\/.+\.ya?ml$/, 'Buildkite'],
  [/^\.drone\.ya?ml$/, 'Drone'],
  [/^\.?appveyor\.ya?ml$/, 'AppVeyor'],
  [/^\.woodpecker(\.ya?ml|\/.+\.ya?ml)$/, 'Woodpecker'],
  [/^\.semaphore\/.+\.ya?ml$/, 'Semaphore'],
  [/^(cloudbuild|buildspec)\.ya?ml$/, 'cloud build'],
  [/^\.cirrus\.ya?ml$/, 'Cirrus CI'],
  [/^\.tekton\/.+\.ya?ml$/, 'Tekton'],
];

const GITLAB_RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'pages']);

function readGitlab(file: DataFacts, context: CommandContext): CiWorkflow | null {
  const doc = file.documents[0] ?? undefined;
  if (!isMap(doc)) return null;
  const jobs: CiJob[] = [];
  for (const j of entries(doc)) {
    if (GITLAB_RESERVED.has(j.key) || j.key.startsWith('.') || !isMap(j.value)) continue;
    const script = [...items(at(j.value, 'before_script')), ...items(at(j.value, 'script'))];
    if (script.length === 0 && !at(j.value, 'trigger')) continue;
    const steps: CiStep[] = script.map((n) => {
      const run = str(n) ?? '';
      const kinds = classifyCommand(run, '.', context);
      return { line: n.line, run, runLine: n.endLine > n.line ? n.line + 1 : n.line, with: {}, env: [], continueOnError: false, kinds: kinds.length > 0 ? kinds : ['other'], tests: testInvocations(run, '.', context) };
    });
    const text = JSON.stringify(toPlain(j.value));
    jobs.push({
      id: j.key,
      line: j.line,
      continueOnError: str(at(j.value, 'allow_failure')) === 'true',
      allowFailure: str(at(j.value, 'allow_failure')) === 'true',
      env: envList(at(j.value, 'variables')),
      secrets: [...new Set([...text.matchAll(/\$\{?([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|KEY))\}?/g)].map((m) => m[1] ?? ''))].sort(),
      services: items(at(j.value, 'services')).map((s) => str(s) ?? str(at(s, 'name')) ?? ''),
      needs: items(at(j.value, 'needs')).map((n) => str(n) ?? str(at(n, 'job')) ?? '').filter(Boolean),
      steps,
    });
  }
  return { path: file.path, system: 'gitlab', triggers: ['push'], schedules: [], env: envList(at(doc, 'variables')), jobs, manualOnly: false, line: doc.line };
}

function readPreCommit(file: DataFacts, context: CommandContext): PreCommitHook[] {
  const out: PreCommitHook[] = [];
  for (const repo of items(at(file.documents[0] ?? undefined, 'repos'))) {
    const url = str(at(repo, 'repo')) ?? '';
    for (const hook of items(at(repo, 'hooks'))) {
      const entry = str(at(hook, 'entry'));
      const id = str(at(hook, 'id')) ?? '';
      const h: PreCommitHook = {
        path: file.path,
        line: hook.line,
        id,
        repo: url,
        stages: items(at(hook, 'stages')).map((s) => str(s) ?? ''),
        runsTests: /\b(pytest|jest|vitest|npm\s+(run\s+)?test|tox|unittest)\b/.test(`${id} ${entry ?? ''}`),
        tests: entry ? testInvocations([entry, ...items(at(hook, 'args')).map((a) => str(a) ?? '')].join(' '), '.', context) : [],
        passFilenames: str(at(hook, 'pass_filenames')) !== 'false',
      };
      if (entry) h.entry = entry;
      out.push(h);
    }
  }
  return out;
}

/** A task's command: a string, a list of commands, or a table with `cmd`/`shell`/`composite`. */
function taskText(node: LNode | undefined): string | undefined {
  const single = str(node);
  if (single !== undefined) return single;
  if (isSeq(node)) return items(node).map((n) => str(n) ?? '').join('\n');
  const inner = at(node, 'cmd') ?? at(node, 'shell') ?? at(node, 'composite') ?? at(node, 'sequence');
  return inner ? taskText(inner) : undefined;
}

/** Hatch environment scripts, PDM scripts and poethepoet tasks of one pyproject.toml. */
function pythonTasksOf(doc: LNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const env of entries(at(doc, 'tool', 'hatch', 'envs'))) {
    for (const script of entries(at(env.value, 'scripts'))) {
      const text = taskText(script.value);
      if (text !== undefined) out[`hatch:${env.key}:${script.key}`] = text;
    }
  }
  for (const [tool, table] of [['pdm', at(doc, 'tool', 'pdm', 'scripts')], ['poe', at(doc, 'tool', 'poe', 'tasks')]] as const) {
    for (const task of entries(table)) {
      const text = taskText(task.value);
      if (text !== undefined) out[`${tool}:${task.key}`] = text;
    }
  }
  return out;
}

/** npm scripts of the package.json in `cwd` or its nearest ancestor; script and Makefile texts by path. */
export function commandContext(files: readonly FileFacts[], manifests: readonly Manifest[], infra: InfraInventory): CommandContext {
  const texts = new Map<string, string>();
  for (const f of files) if (f.kind === 'text') texts.set(f.path, f.text);
  const packages = manifests.filter((m) => m.kind === 'package.json');
  const pyTasks = new Map<string, Record<string, string>>();
  for (const f of files) {
    if (f.kind !== 'data' || !/(^|\/)pyproject\.toml$/.test(f.path)) continue;
    const tasks = pythonTasksOf(f.documents[0] ?? undefined);
    if (Object.keys(tasks).length > 0) pyTasks.set(f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '.', tasks);
  }
  return {
    text: (path) => texts.get(path),
    compose: (path) => infra.compose.find((c) => c.path === path),
    dockerCmd(path) {
      const dockerfile = infra.dockerfiles.find((d) => d.path === path);
      const stage = dockerfile?.stages.at(-1);
      const command = (stage?.cmd ?? stage?.entrypoint)?.value;
      if (!dockerfile || !stage || command === undefined) return command;
      // Scripts copied into the image run from their container path: map them back to the repository.
      let mapped = command;
      for (const copy of stage.copies) {
        const words = copy.value.split(/\s+/).filter((w) => !w.startsWith('--'));
        const dest = words[words.length - 1];
        const sources = words.slice(0, -1);
        if (!dest || sources.length !== 1 || !sources[0]) continue;
        const source = sources[0].replace(/^\.\//, '');
        const target = dest.endsWith('/') ? `${dest}${source.split('/').pop() ?? ''}` : dest;
        if (mapped.includes(target)) mapped = mapped.split(target).join(`./${source}`);
      }
      return mapped;
    },
    compositeAction(dir) {
      const file = files.find((f) => f.kind === 'data' && (f.path === joinPath(dir, 'action.yml') || f.path === joinPath(dir, 'action.yaml')));
      if (file?.kind !== 'data') return [];
      return items(at(file.documents[0] ?? undefined, 'runs', 'steps'))
        .map((step) => str(at(step, 'run')) ?? '')
        .filter(Boolean);
    },
    pythonTasks(cwd) {
      for (let dir = cwd; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.') {
        const tasks = pyTasks.get(dir);
        if (tasks) return tasks;
        if (dir === '.') return {};
      }
    },
    workspaceScripts(task, filter) {
      return packages
        .filter((m) => m.dir !== '.' && m.commands[task] !== undefined && (!filter || filter === m.name || filter === m.dir || filter === `./${m.dir}` || (filter.includes('*') && new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(m.name ?? ''))))
        .map((m) => ({ dir: m.dir, path: m.path, text: m.commands[task] ?? '' }));
    },
    scriptsFor(cwd) {
      let dir = cwd;
      for (;;) {
        const found = packages.find((m) => m.dir === dir);
        if (found) return found.commands;
        if (dir === '.') return {};
        dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.';
      }
    },
  };
}

/**
 * A reusable workflow (`on: workflow_call`) runs whenever a workflow that calls it runs: it is manual only if all
 * its callers are.
 */
function linkReusableWorkflows(workflows: readonly CiWorkflow[]): void {
  for (const w of workflows) {
    const callers = workflows.filter((c) => c.jobs.some((j) => j.uses?.value.replace(/^\.\//, '').replace(/@.*$/, '') === w.path)).map((c) => c.path);
    if (callers.length > 0) w.calledBy = callers;
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of workflows) {
      if (!w.manualOnly || !w.calledBy) continue;
      if (w.calledBy.some((path) => workflows.find((c) => c.path === path && !c.manualOnly && c.neverRuns === undefined))) {
        w.manualOnly = false;
        changed = true;
      }
    }
  }
}

export function buildCiInventory(files: readonly FileFacts[], manifests: readonly Manifest[], infra: InfraInventory): CiInventory {
  const context = commandContext(files, manifests, infra);
  const inventory: CiInventory = { workflows: [], otherSystems: [], preCommit: [], gitHooks: [] };
  for (const file of files) {
    const other = OTHER_CI.find(([re]) => re.test(file.path));
    if (other) inventory.otherSystems.push({ path: file.path, system: other[1] });
    if (file.kind === 'data' && file.language === 'yaml') {
      if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(file.path)) {
        const w = readGithubWorkflow(file, context);
        if (w) inventory.workflows.push(w);
      } else if (/^\.gitlab-ci\.ya?ml$/.test(file.path)) {
        const w = readGitlab(file, context);
        if (w) inventory.workflows.push(w);
      } else if (file.path === '.pre-commit-config.yaml' || file.path === '.pre-commit-config.yml') {
        inventory.preCommit.push(...readPreCommit(file, context));
      }
    } else if (file.kind === 'text' && /^\.husky\/[a-z-]+$/.test(file.path)) {
      const text: TextFacts = file;
      const commands = text.text
        .split('\n')
        .map((command, i) => ({ line: i + 1, command: command.trim() }))
        .filter((c) => c.command !== '' && !c.command.startsWith('#') && !c.command.startsWith('.'))
        .map((c) => ({ ...c, tests: testInvocations(c.command, '.', context) }));
      inventory.gitHooks.push({ path: file.path, hook: file.path.slice('.husky/'.length), commands });
    }
  }
  linkReusableWorkflows(inventory.workflows);
  return inventory;
}
