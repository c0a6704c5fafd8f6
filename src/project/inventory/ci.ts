/**
 * CI as data: GitHub Actions workflows, GitLab CI jobs and pre-commit hooks — triggers, jobs, what each step
 * runs (tests with their paths and markers, lint, type checks, builds, image pushes), the env vars and secrets
 * each job provides, continue-on-error, and workflows that can never run.
 */
import type { DataFacts, FileFacts, LNode, TextFacts } from '../../facts/types.js';
import { at, entries, entry, isMap, isSeq, items, str, toPlain } from '../../facts/located.js';
import type { Manifest } from '../manifests/types.js';
import type { InfraInventory } from './infra.js';
import type { ShellReader } from '../../parse/shell.js';
import { type CommandContext, type Expanded, type TestInvocation, expandCommands, invocationOf, joinPath, testInvocations, workspaceTask } from './ci-commands.js';
import { taskFiles } from './ci-tasks.js';
import { type ImageBuild, actionImageBuild, imageBuildsIn, metadataImages } from './ci-images.js';
import { dirOf } from '../../util/paths.js';

export type { CommandContext, TestInvocation };
export { workspaceTask };

export type StepKind = 'test' | 'lint' | 'typecheck' | 'build' | 'image-build' | 'image-push' | 'publish' | 'deploy' | 'install' | 'coverage' | 'other';

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
  /** Images the step builds (and perhaps pushes). */
  images?: ImageBuild[];
  /** Variables the `run:` script sets for later steps or commands (`export X=1`, `X=1 cmd`, `echo X=1 >> $GITHUB_ENV`), by line offset. */
  sets?: Array<{ name: string; offset: number }>;
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
  /** The test commands of each package's own test scripts (`test`, `test:unit`, `spec`): how the project runs its tests, in CI or not. */
  packageTests: Array<{ path: string; script: string; tests: TestInvocation[] }>;
  /** Images the repository's own shell scripts build (a `deploy.sh` or `release.sh` that builds and pushes). */
  scriptImages: Array<{ path: string; line: number; build: ImageBuild }>;
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

/** What the step's commands are: tests, lint, type checks, builds, image builds and pushes, publishing, installs, deploys. */
export function classifyCommand(script: string, cwd: string, context: CommandContext, vars?: ReadonlyMap<string, string>): StepKind[] {
  return classifyExpanded(expandCommands(script, cwd, context, vars));
}

function classifyExpanded(expanded: readonly Expanded[]): StepKind[] {
  const kinds = new Set<StepKind>();
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

/** Steps of a job, with those grouped under `parallel:` in their place. */
function stepNodes(nodes: readonly LNode[]): LNode[] {
  return nodes.flatMap((n) => {
    const parallel = at(n, 'parallel');
    return isSeq(parallel) ? stepNodes(items(parallel)) : [n];
  });
}

/** Variable names a script sets for the commands after it: assignments, `X=1 cmd`, `echo "X=1" >> "$GITHUB_ENV"`. */
export function variablesSet(shell: ShellReader, script: string): Array<{ name: string; offset: number }> {
  const out: Array<{ name: string; offset: number }> = [];
  for (const item of shell.read(script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR'))) {
    if (item.kind === 'assign') out.push({ name: item.name, offset: item.line });
    else if (item.kind === 'command') {
      for (const e of item.env) out.push({ name: e.name, offset: item.line });
      if ((item.words[0]?.text === 'echo' || item.words[0]?.text === 'printf') && item.redirects?.some((r) => r.includes('GITHUB_ENV'))) {
        for (const w of item.words.slice(1)) {
          const name = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(w.text)?.[1];
          if (name) out.push({ name, offset: item.line });
        }
      }
    }
  }
  return out;
}

/** A shell script of the repository: `*.sh`/`*.bash`, or a file that starts with a shell shebang. */
function isShellScript(file: TextFacts): boolean {
  return /\.(sh|bash)$/.test(file.path) || /^#!\s*\S*\b(ba|da|z)?sh\b/.test(file.text);
}

/** The images a shell script builds, run from the repository root (where release and deploy scripts are run from). */
function scriptImageBuilds(file: TextFacts, context: CommandContext): Array<{ path: string; line: number; build: ImageBuild }> {
  return imageBuildsIn(expandCommands(file.text, '.', context)).map((build) => ({ path: file.path, line: (build.line ?? 0) + 1, build }));
}

/** Kinds and test commands of one script, followed once. */
function readScript(script: string, cwd: string, context: CommandContext, vars: ReadonlyMap<string, string>, placed?: Map<string, string>): { kinds: StepKind[]; tests: TestInvocation[]; images: ImageBuild[] } {
  const expanded = expandCommands(script, cwd, context, vars, placed);
  return { kinds: classifyExpanded(expanded), tests: expanded.map(invocationOf).filter((t): t is TestInvocation => t !== null), images: imageBuildsIn(expanded) };
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
  const workflowCwd = str(at(doc, 'defaults', 'run', 'working-directory')) ?? '.';
  const workflowVars = new Map(envList(at(doc, 'env')).map((e): [string, string] => [e.name, e.value]));
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
    const jobCwd = str(at(node, 'defaults', 'run', 'working-directory')) ?? workflowCwd;
    const jobVars = new Map([...workflowVars, ...job.env.map((e): [string, string] => [e.name, e.value])]);
    // The steps of a job share one workspace: a manifest one step copies into place serves the next.
    const placed = new Map<string, string>();
    for (const s of stepNodes(items(at(node, 'steps')))) {
      const withs = stringMap(at(s, 'with'));
      const cwd = joinPath('.', str(at(s, 'working-directory')) ?? jobCwd);
      const step: CiStep = { line: s.line, with: withs, env: envList(at(s, 'env')), continueOnError: str(at(s, 'continue-on-error')) === 'true', kinds: [], tests: [] };
      const vars = new Map([...jobVars, ...step.env.map((e): [string, string] => [e.name, e.value])]);
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
        const build = actionImageBuild(uses, withs, (id) => metadataImages(job.steps.find((p) => p.id === id)?.uses, job.steps.find((p) => p.id === id)?.with ?? {}));
        if (build) step.images = [build];
        // Actions that run a command given as an input (docker-run, retry, xvfb, cypress), and local composite
        // actions (`uses: ./`, `./.github/actions/x`): follow their commands like a `run:`.
        const input = withs['run'] ?? withs['command'] ?? withs['script'];
        // Each step of a composite action is a shell of its own: a `cd` in one does not carry to the next.
        const scripts = input !== undefined ? [{ run: input }] : uses.startsWith('./') ? context.compositeAction(joinPath('.', uses)) : [];
        if (run === undefined) {
          for (const script of scripts) {
            const read = readScript(script.run, script.cwd ?? cwd, context, vars, placed);
            if (read.kinds.length > 0) step.kinds = [...new Set([...step.kinds.filter((k) => k !== 'other'), ...read.kinds])];
            step.tests.push(...read.tests);
            if (read.images.length > 0) step.images = [...(step.images ?? []), ...read.images];
          }
        }
      }
      if (run !== undefined) {
        step.run = run;
        const read = readScript(run, cwd, context, vars, placed);
        step.kinds = read.kinds.length > 0 ? read.kinds : ['other'];
        step.tests = read.tests;
        if (read.images.length > 0) step.images = read.images;
        const sets = variablesSet(context.shell, run);
        if (sets.length > 0) step.sets = sets;
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
    const vars = new Map([...envList(at(doc, 'variables')), ...envList(at(j.value, 'variables'))].map((e): [string, string] => [e.name, e.value]));
    const steps: CiStep[] = script.map((n) => {
      const run = str(n) ?? '';
      const read = readScript(run, '.', context, vars);
      return { line: n.line, run, runLine: n.endLine > n.line ? n.line + 1 : n.line, with: {}, env: [], continueOnError: false, kinds: read.kinds.length > 0 ? read.kinds : ['other'], tests: read.tests };
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
        runsTests: false,
        tests: entry ? testInvocations([entry, ...items(at(hook, 'args')).map((a) => str(a) ?? '')].join(' '), '.', context) : [],
        passFilenames: str(at(hook, 'pass_filenames')) !== 'false',
      };
      h.runsTests = h.tests.length > 0 || /\b(pytest|jest|vitest|npm\s+(run\s+)?test|tox|unittest)\b/.test(`${id} ${entry ?? ''}`);
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
export function commandContext(files: readonly FileFacts[], manifests: readonly Manifest[], infra: InfraInventory, shell: ShellReader): CommandContext {
  const texts = new Map<string, string>();
  for (const f of files) if (f.kind === 'text') texts.set(f.path, f.text);
  const packages = manifests.filter((m) => m.kind === 'package.json');
  const pyTasks = new Map<string, Record<string, string>>();
  for (const f of files) {
    if (f.kind !== 'data' || !/(^|\/)(pyproject\.toml|Pipfile)$/.test(f.path)) continue;
    const doc = f.documents[0] ?? undefined;
    const tasks = f.path.endsWith('Pipfile') ? Object.fromEntries(entries(at(doc, 'scripts')).map((e) => [`pipenv:${e.key}`, str(e.value) ?? ''])) : pythonTasksOf(doc);
    const dir = dirOf(f.path);
    if (Object.keys(tasks).length > 0) pyTasks.set(dir, { ...pyTasks.get(dir), ...tasks });
  }
  return {
    shell,
    tasks: taskFiles(files),
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
      return items(at(file.documents[0] ?? undefined, 'runs', 'steps')).flatMap((step) => {
        const run = str(at(step, 'run'));
        const cwd = str(at(step, 'working-directory'));
        return run === undefined ? [] : [cwd === undefined || cwd.includes('$') ? { run } : { run, cwd: joinPath('.', cwd) }];
      });
    },
    workspaceDir(name) {
      return packages.find((m) => m.name === name && m.dir !== '.')?.dir;
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
        .filter((m) => m.dir !== '.' && m.commands[task] !== undefined && (!filter || workspaceSelected(filter, m)))
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

/** pnpm/turbo/npm workspace filters: a package name, a folder (`./apps/web`, `{apps/web}`), globs, `name...`. */
function workspaceSelected(filter: string, m: Manifest): boolean {
  const wanted = filter.replace(/^\.\.\.|\.\.\.$/g, '').replace(/^\{(.*)\}$/, '$1').replace(/^\.\//, '').replace(/\/$/, '');
  if (wanted === m.name || wanted === m.dir) return true;
  if (!wanted.includes('*')) return false;
  const re = new RegExp(`^${wanted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*').replace(/\*/g, '[^/]*')}$`);
  return re.test(m.name ?? '') || re.test(m.dir);
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

export function buildCiInventory(files: readonly FileFacts[], manifests: readonly Manifest[], infra: InfraInventory, shell: ShellReader): CiInventory {
  const context = commandContext(files, manifests, infra, shell);
  const inventory: CiInventory = { workflows: [], otherSystems: [], preCommit: [], gitHooks: [], packageTests: [], scriptImages: [] };
  for (const m of manifests) {
    if (m.kind !== 'package.json') continue;
    for (const [script, text] of Object.entries(m.commands)) {
      if (!/^(test|tests|spec|unit)([:_-].*)?$/.test(script)) continue;
      const tests = testInvocations(text, m.dir, context);
      if (tests.length > 0) inventory.packageTests.push({ path: m.path, script, tests });
    }
  }
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
    } else if (file.kind === 'text' && isShellScript(file) && /docker|podman|buildah/.test(file.text)) {
      inventory.scriptImages.push(...scriptImageBuilds(file, context));
    }
  }
  linkReusableWorkflows(inventory.workflows);
  return inventory;
}
