/**
 * Components, their archetypes and roles, from evidence.
 *
 * Candidate roots are the folders of manifests (pyproject, setup.cfg/setup.py, requirements, Pipfile,
 * package.json), Helm charts, Kubernetes and Terraform folders, plus the repository root. Each candidate owns the
 * files under it that no deeper candidate owns. Evidence found in those files (and in the deployment files that
 * build or run them) scores each archetype; the highest score is the primary archetype, ties broken in the order
 * of ARCHETYPE_ORDER. Every archetype with evidence that decides on its own (an app object, a worker, a console
 * script, browser code …) is also a role of the component: a full-stack application is a service and a front end,
 * a daemon with a web UI a worker and a service. The evidence is kept, with path and line, so that every
 * archetype and role can be checked by hand.
 */
import type { CodeFacts, FileFacts } from '../../facts/types.js';
import type { Archetype, ComponentProfile, ComponentRole, Confidence, Evidence, Exposure } from '../../model/report.js';
import type { Manifest } from '../manifests/types.js';
import type { ComposeService, InfraInventory } from '../inventory/infra.js';
import type { RuntimeInventory } from '../inventory/runtime.js';
import type { ContextDecision } from '../execution-context.js';
import {
  APP_FRAMEWORK_PACKAGES,
  BUNDLER_PACKAGES,
  FRAMEWORKS,
  FULL_STACK_SERVER_FILE,
  packagesOf,
  SERVER_COMMAND,
  UI_PACKAGES,
  WORKER_COMMAND,
  WORKER_PROCESS_NAME,
} from '../knowledge/frameworks.js';
import { roleOf } from '../../discover/classify.js';
import { dirOf } from '../../util/paths.js';
import { byCodePoint } from '../../util/order.js';
import { entryKinds, type EntryKind } from './entries.js';
import { localState, traitsOf } from './traits.js';

export interface DetectInput {
  rootName: string;
  files: readonly FileFacts[];
  manifests: readonly Manifest[];
  infra: InfraInventory;
  runtime: RuntimeInventory;
  /** Files present but not analysed (Terraform, HTML templates …). */
  otherFiles?: readonly string[];
  /** Where a code file runs, from its own evidence and its package (execution-context.ts). */
  contextOf?: (file: CodeFacts) => ContextDecision | undefined;
  /** Text of a file that is present (a `bin` shell script), or null. */
  readText?: (path: string) => string | null;
}

const ARCHETYPE_ORDER: readonly Archetype[] = ['service', 'worker', 'cli', 'frontend', 'library', 'infra'];

/** Evidence weights: an app object or console script decides alone; supporting signals add up. */
const WEIGHT = {
  entryPoint: 4,
  appObject: 3,
  deployedServer: 3,
  workerObject: 3,
  frontendStack: 3,
  infraFiles: 3,
  daemon: 5,
  edgeRuntime: 4,
  publishable: 2,
  namedLikeWorker: 2,
  routes: 1,
  listen: 1,
  cliFramework: 1,
  webDependency: 1,
  uiFiles: 1,
} as const;

/** An archetype with this much evidence is a role of the component, beside the primary one. */
const ROLE_THRESHOLD = 3;

const WEB_PACKAGES = packagesOf('web-server');
const CLI_PACKAGES = packagesOf('cli');
/** Mobile and desktop application frameworks: a front end that is not served from a web server. */
const APP_SHELLS = new Set(['expo', 'react-native', 'electron', '@capacitor/core', '@ionic/react', 'nativescript']);
/** Static-site generators of documentation sites (a `docs/` folder with one is a front end of its own). */
const SITE_GENERATORS = new Set(['@docusaurus/core', 'vitepress', 'vuepress', 'astro', '@astrojs/starlight', 'next', 'nextra', 'fumadocs-core', 'gatsby', '@11ty/eleventy', 'docsify-cli']);
/** Browser code files a component must hold before it counts as having a front end of its own. */
const BROWSER_FILES_FOR_ROLE = 3;

interface Candidate {
  path: string;
  manifests: Manifest[];
  kind: 'manifest' | 'chart' | 'kubernetes' | 'terraform' | 'root';
}

function inside(path: string, root: string): boolean {
  return root === '.' || path === root || path.startsWith(`${root}/`);
}

function depth(path: string): number {
  return path === '.' ? 0 : path.split('/').length;
}

/**
 * A manifest folder is a component unless it sits in tests, examples, docs, fixtures, benchmarks, templates or
 * development helpers; a documentation site (a `docs/` folder built by a site generator) is a front end of its own.
 */
function isComponentManifest(m: Manifest): boolean {
  if (m.dir === '.') return true;
  const role = roleOf(`${m.dir}/x.py`, 'python');
  if (role === 'source' || role === 'script') return true;
  return role === 'docs' && m.ecosystem === 'node' && m.dependencies.some((d) => SITE_GENERATORS.has(d.normalized));
}

function componentDir(m: Manifest): string {
  // requirements/base.txt belongs to the folder above requirements/.
  return m.kind === 'requirements' && /(^|\/)requirements$/.test(m.dir) ? dirOf(m.dir) : m.dir;
}

/** Folders of Terraform files: one candidate per top-level folder, at the deepest folder that holds all of its `.tf` files. */
function terraformDirs(otherFiles: readonly string[]): string[] {
  const byTop = new Map<string, string[]>();
  for (const path of otherFiles) {
    if (!path.endsWith('.tf') || !path.includes('/')) continue;
    const dir = dirOf(path);
    if (roleOf(`${dir}/x.py`, 'python') !== 'source' && roleOf(`${dir}/x.py`, 'python') !== 'script') continue;
    const top = dir.split('/')[0] ?? dir;
    byTop.set(top, [...(byTop.get(top) ?? []), dir]);
  }
  return [...byTop.values()].map((dirs) => {
    let common = dirs[0] ?? '.';
    for (const d of dirs) while (!inside(d, common)) common = dirOf(common);
    return common;
  });
}

function candidates(input: DetectInput): Candidate[] {
  const byPath = new Map<string, Candidate>();
  const add = (path: string, kind: Candidate['kind'], manifest?: Manifest): void => {
    const existing = byPath.get(path) ?? { path, manifests: [], kind };
    if (manifest) existing.manifests.push(manifest);
    if (existing.kind === 'root' && kind !== 'root') existing.kind = kind;
    byPath.set(path, existing);
  };
  add('.', 'root');
  for (const m of input.manifests) if (isComponentManifest(m)) add(componentDir(m), 'manifest', m);
  for (const chart of input.infra.helm) add(chart.dir, 'chart');
  const k8sDirs = new Set(input.infra.kubernetes.map((o) => o.path.split('/')[0] ?? '.').filter((d) => !d.endsWith('.yaml') && !d.endsWith('.yml')));
  for (const dir of k8sDirs) if (!byPath.has(dir) && ![...byPath.keys()].some((p) => p !== '.' && inside(dir, p))) add(dir, 'kubernetes');
  for (const dir of terraformDirs(input.otherFiles ?? [])) if (!byPath.has(dir) && ![...byPath.keys()].some((p) => p !== '.' && inside(dir, p))) add(dir, 'terraform');
  return [...byPath.values()].sort((a, b) => depth(a.path) - depth(b.path) || byCodePoint(a.path, b.path));
}

/** The component a compose service runs: the owner of its Dockerfile, else of its build context. */
function composeOwner(service: ComposeService, roots: readonly string[]): string | null {
  const built = service.dockerfile ?? service.build;
  return built === undefined ? null : owner(built, roots);
}

function owner(path: string, roots: readonly string[]): string {
  let best = '.';
  for (const r of roots) if (inside(path, r) && depth(r) > depth(best)) best = r;
  return best;
}

interface Scored {
  archetype: Archetype;
  weight: number;
  evidence: Evidence;
  /** Evidence of a part of the component (browser code, operator commands) that never makes it primary. */
  roleOnly?: boolean;
  /** Something runs it as a server or a worker: an image, a Procfile, a compose service, an edge runtime. */
  deployed?: boolean;
}

function loc(path: string, line: number | null, detail: string): Evidence {
  return { path, line, detail };
}

/** Names a package root must re-export before its console script counts as a side door of a library. */
const PUBLIC_API_NAMES = 8;

function packageInit(m: Manifest, pkg: string, code: readonly CodeFacts[]): CodeFacts | undefined {
  const base = m.dir === '.' ? '' : `${m.dir}/`;
  return code.find((f) => f.path === `${base}${pkg}/__init__.py` || f.path === `${base}src/${pkg}/__init__.py`);
}

/**
 * A Python package whose console script is one door, while its `__init__.py` re-exports a public API from its
 * modules (flask's `Flask`, `request`, …; rq's `Queue`, `Worker`, …): a library first. httpie's `__init__.py`
 * re-exports nothing, so httpie stays a CLI.
 */
function publicApi(manifests: readonly Manifest[], code: readonly CodeFacts[]): Evidence | null {
  for (const m of manifests) {
    if (m.ecosystem !== 'python') continue;
    for (const script of m.scripts) {
      const pkg = script.target.split(/[:.]/)[0]?.trim() ?? '';
      if (pkg === '') continue;
      const init = packageInit(m, pkg, code);
      const reexports = init?.imports.filter((i) => i.relative && !i.typeOnly && !i.lazy) ?? [];
      const names = reexports.reduce((n, i) => n + i.names.length, 0);
      const first = reexports[0];
      if (init && first && names >= PUBLIC_API_NAMES) {
        return loc(init.path, first.line, `package \`${pkg}\` re-exports ${names} names from its modules (a public API); the console script \`${script.name}\` is one door to it`);
      }
    }
  }
  return null;
}

/**
 * A distribution whose own module (`peewee.py` for peewee) is what users import, while its console scripts run
 * other modules (`pwiz`, `playhouse.migrations`): a library with helper tools.
 */
function mainModuleBesideScripts(manifests: readonly Manifest[], code: readonly CodeFacts[]): Evidence | null {
  for (const m of manifests) {
    if (m.ecosystem !== 'python' || !m.name || m.scripts.length === 0) continue;
    const module = m.name.toLowerCase().replace(/[-.]/g, '_');
    if (m.scripts.some((s) => (s.target.split(/[:.]/)[0]?.trim() ?? '') === module)) continue;
    const base = m.dir === '.' ? '' : `${m.dir}/`;
    const main = code.find((f) => f.path === `${base}${module}.py` || f.path === `${base}src/${module}.py` || f.path === `${base}${module}/__init__.py` || f.path === `${base}src/${module}/__init__.py`);
    if (main && main.functions.length + main.classes.length >= 3) {
      return loc(main.path, 1, `\`${m.name}\`'s own module \`${main.path}\` is what users import; the console scripts (${m.scripts.map((s) => `\`${s.name}\``).join(', ')}) run other modules`);
    }
  }
  return null;
}

/** `tasks.py`, `workers/`: files and folders whose names say they hold job handlers. */
function namedLikeWorker(path: string, name: string | undefined): boolean {
  const base = path === '.' ? '' : (path.split('/').pop() ?? '');
  return /^(workers?|consumers?|jobs?|scheduler|cron)$/i.test(base) || /[/-](workers?|consumers?)$/i.test(name ?? '');
}

export function detectComponents(input: DetectInput): ComponentProfile[] {
  const list = candidates(input);
  const roots = list.map((c) => c.path);
  const filesOf = new Map<string, FileFacts[]>(roots.map((r) => [r, []]));
  for (const f of input.files) filesOf.get(owner(f.path, roots))?.push(f);
  const mine = <T extends { path: string }>(items: readonly T[], root: string): T[] => items.filter((i) => owner(i.path, roots) === root);
  const readText = input.readText ?? (() => null);

  const components: ComponentProfile[] = [];
  for (const candidate of list) {
    const files = filesOf.get(candidate.path) ?? [];
    const code = files.filter((f): f is CodeFacts => f.kind === 'code');
    const production = code.filter((f) => f.role === 'source' || f.role === 'script' || f.role === 'config');
    if (candidate.path !== '.' && files.length === 0 && candidate.manifests.length === 0 && candidate.kind !== 'terraform') continue;
    const scored: Scored[] = [];
    const entryPoints: Evidence[] = [];
    const note = (archetype: Archetype, weight: number, evidence: Evidence): void => {
      scored.push({ archetype, weight, evidence });
    };
    const deploy = (archetype: Archetype, weight: number, evidence: Evidence): void => {
      scored.push({ archetype, weight, evidence, deployed: true });
    };
    const part = (archetype: Archetype, evidence: Evidence): void => {
      scored.push({ archetype, weight: ROLE_THRESHOLD, evidence, roleOnly: true });
    };
    const servers = mine(input.runtime.servers, candidate.path).sort((a, b) => entryRank(a.path) - entryRank(b.path) || byCodePoint(a.path, b.path));
    const workers = mine(input.runtime.workers, candidate.path).filter((w) => input.files.find((f) => f.path === w.path)?.role === 'source');
    // `api.post('/admin/tokens', …)` in a browser module is a client call, not a route.
    const browserPath = (path: string): boolean => {
      const file = code.find((f) => f.path === path);
      return file !== undefined && input.contextOf?.(file)?.context === 'browser';
    };
    const routes = mine(input.runtime.routes, candidate.path).filter((r) => !browserPath(r.path));
    // A server that answers only health checks and metrics is an operations endpoint of a worker, not a service.
    const opsOnly = routes.length > 0 && routes.every((r) => /(^|\/)(metrics|health\w*|ready\w*|live\w*|ping|status)\/?$/i.test(r.route));

    const entries = entryKinds(candidate.manifests, code, readText);
    const deployedScripts = new Set<string>();
    for (const m of candidate.manifests) {
      for (const s of m.scripts) {
        const kind: EntryKind | undefined = entries.get(s);
        const where = `${m.ecosystem === 'node' ? 'package.json bin' : 'console script'} \`${s.name}\` → ${s.target}`;
        entryPoints.push(loc(s.path, s.line, `${s.name} → ${s.target}`));
        if (kind?.kind === 'daemon') {
          note('worker', WEIGHT.daemon, loc(kind.at.path, kind.at.line, `${where} controls a background process: ${kind.detail}`));
          part('cli', loc(s.path, s.line, `${where}: the operator's command (start, stop, status …)`));
        }
        else if (kind?.kind === 'server' && deployedRuns(input, candidate.path, roots, s.name)) {
          deployedScripts.add(s.name);
          deploy('service', WEIGHT.entryPoint, loc(s.path, s.line, `${where} starts the server (${kind.detail}) and the deployment runs it`));
        } else note('cli', WEIGHT.entryPoint, loc(s.path, s.line, where));
      }
      if (m.publishable && m.scripts.length === 0) note('library', WEIGHT.publishable, loc(m.path, m.line, m.ecosystem === 'node' ? 'published package (main/exports)' : 'installable package (build system declared)'));
      const deps = new Set(m.dependencies.filter((d) => d.kind !== 'dev').map((d) => d.normalized));
      const web = [...deps].find((d) => WEB_PACKAGES.has(d));
      if (web) note('service', WEIGHT.webDependency, loc(m.path, m.dependencies.find((d) => d.normalized === web)?.line ?? m.line, `depends on ${web}`));
      const all = new Set(m.dependencies.map((d) => d.normalized));
      const ui = [...all].find((d) => UI_PACKAGES.has(d));
      const bundler = [...all].find((d) => BUNDLER_PACKAGES.has(d));
      const appFramework = [...all].find((d) => APP_FRAMEWORK_PACKAGES.has(d));
      const shell = [...all].find((d) => APP_SHELLS.has(d));
      const lineOf = (name: string): number => m.dependencies.find((d) => d.normalized === name)?.line ?? m.line;
      if (ui && bundler) note('frontend', WEIGHT.frontendStack, loc(m.path, lineOf(ui), `${ui} app built with ${bundler}`));
      else if (appFramework) note('frontend', WEIGHT.frontendStack, loc(m.path, lineOf(appFramework), `${appFramework} app`));
      else if (shell) note('frontend', WEIGHT.frontendStack, loc(m.path, lineOf(shell), `${shell} app (mobile or desktop front end)`));
      const site = m.dependencies.find((d) => SITE_GENERATORS.has(d.normalized));
      if (site && roleOf(`${candidate.path}/x.py`, 'python') === 'docs') note('frontend', WEIGHT.frontendStack, loc(m.path, site.line, `documentation site built with ${site.name}`));
      // A console script whose CLI framework is only an optional extra (`pip install httpx[cli]`) is a side door of a library.
      const cliExtra = m.dependencies.find((d) => d.kind === 'optional' && CLI_PACKAGES.has(d.normalized));
      if (cliExtra && m.scripts.length > 0 && !m.dependencies.some((d) => d.kind === 'runtime' && CLI_PACKAGES.has(d.normalized))) {
        note('library', WEIGHT.entryPoint + 2, loc(m.path, cliExtra.line, `the command line is optional (\`${cliExtra.name}\` only in the \`${cliExtra.group ?? 'optional'}\` extra): a library first`));
      }
      if (m.ecosystem === 'node' && m.dir === candidate.path) {
        const edge = ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc'].map((n) => `${m.dir === '.' ? '' : `${m.dir}/`}${n}`).find((p) => input.files.some((f) => f.path === p) || (input.otherFiles ?? []).includes(p));
        if (edge) {
          const text = readText(edge) ?? '';
          const consumer = /["']?consumers["']?\s*[:=]/.test(text) && !/["']?routes?["']?\s*[:=]|workers_dev/.test(text);
          deploy(consumer ? 'worker' : 'service', WEIGHT.edgeRuntime, loc(edge, 1, consumer ? 'Cloudflare Worker that consumes a queue' : 'Cloudflare Worker: serves requests at the edge'));
        }
      }
    }

    const api = publicApi(candidate.manifests, code);
    const ownModule = mainModuleBesideScripts(candidate.manifests, code);
    const scriptCount = candidate.manifests.reduce((n, m) => n + m.scripts.filter((s) => !deployedScripts.has(s.name)).length, 0);
    // It outweighs every console script of the package, however many doors it has (rq has `rq` and `rqinfo`),
    // unless the package is deployed as a server: then the API is a role, not what it is first.
    const libraryWeight = deployedScripts.size > 0 ? WEIGHT.publishable : WEIGHT.entryPoint * scriptCount + 2;
    if (api) note('library', libraryWeight, api);
    else if (ownModule) note('library', libraryWeight, ownModule);
    // A command that keeps the user's data in their data directory is an application, whatever API it exports.
    const state = scriptCount > 0 ? localState({ code: production, runtime: input.runtime, owns: (path) => owner(path, roots) === candidate.path }) : undefined;
    const stateAt = state?.evidence[0];
    if (stateAt && (api || ownModule)) note('cli', libraryWeight + 1, loc(stateAt.path, stateAt.line, `a command-line application: ${state.detail}`));

    const appObject = servers.find((s) => !/\.(listen|run)\(/.test(s.detail));
    if (appObject) {
      note('service', opsOnly ? WEIGHT.listen : WEIGHT.appObject, loc(appObject.path, appObject.line, `${appObject.detail.replace('(…)', '')} app object${opsOnly ? ' serving only health and metrics' : ''}`));
      entryPoints.push(loc(appObject.path, appObject.line, appObject.detail));
    }
    const listen = servers.find((s) => /\.(listen|run)\(/.test(s.detail));
    // With no app object in sight (a subclass of the framework's server, a container that builds it), the start decides.
    const classServer = !appObject && listen !== undefined && /\.listen\(/.test(listen.detail);
    if (listen) note('service', classServer ? WEIGHT.appObject : WEIGHT.listen, loc(listen.path, listen.line, `server started: ${listen.detail}`));
    const firstRoute = routes[0];
    if (firstRoute && !opsOnly) note('service', WEIGHT.routes, loc(firstRoute.path, firstRoute.line, `${routes.length} route${routes.length === 1 ? '' : 's'}, e.g. ${firstRoute.method} ${firstRoute.route}`));
    const worker = workers[0];
    if (worker) note('worker', WEIGHT.workerObject, loc(worker.path, worker.line, `job consumer: ${worker.detail}`));
    if (namedLikeWorker(candidate.path, candidate.manifests.find((m) => m.name)?.name)) {
      const workerClasses = production.flatMap((f) => f.classes.filter((c) => /Worker$|Consumer$/.test(c.name)).map((c) => ({ path: f.path, line: c.line, name: c.name })));
      const first = workerClasses[0];
      note('worker', WEIGHT.namedLikeWorker + (workerClasses.length >= 2 ? WEIGHT.namedLikeWorker : 0), loc(first?.path ?? candidate.manifests[0]?.path ?? candidate.path, first?.line ?? null, `named as a worker${workerClasses.length >= 2 ? ` with ${workerClasses.length} worker classes (e.g. ${first?.name ?? ''})` : ''}`));
    }
    // Release and maintenance scripts use CLI frameworks too; only shipped source counts.
    const cliUses = mine(input.runtime.cliFrameworks, candidate.path).filter((c) => input.files.find((f) => f.path === c.path)?.role === 'source');
    const cliFiles = new Set(cliUses.map((c) => c.path));
    const cli = cliUses[0];
    if (cli) note('cli', WEIGHT.cliFramework, loc(cli.path, cli.line, `uses ${cli.detail}`));
    const manage = code.find((f) => /(^|\/)manage\.py$/.test(f.path) && f.calls.some((c) => /execute_from_command_line$/.test(c.callee)));
    if (manage) part('cli', loc(manage.path, manage.calls.find((c) => /execute_from_command_line$/.test(c.callee))?.line ?? 1, 'Django management commands (`manage.py`)'));
    const commands = commandsOf(production.filter((f) => f.role === 'source'));
    const firstCommand = commands[0];
    if (firstCommand && commands.length >= 2) part('cli', loc(firstCommand.path, firstCommand.line, `${commands.length} command-line commands (e.g. \`${firstCommand.detail}\`)`));
    const operatorScripts = candidate.manifests.flatMap((m) => operatorCommands(m, code, servers));
    const firstOperator = operatorScripts[0];
    if (firstOperator && operatorScripts.length >= 2) part('cli', loc(firstOperator.path, firstOperator.line, `${operatorScripts.length} operator commands in package.json scripts (e.g. ${firstOperator.detail})`));
    const main = production.find((f) => f.role === 'source' && /(^|\/)__main__\.py$/.test(f.path) && (cliFiles.has(f.path) || f.imports.some((i) => [...cliFiles].some((p) => p.endsWith(`${i.module.replace(/^\.+/, '').replace(/\./g, '/')}.py`)))));
    if (main) part('cli', loc(main.path, 1, `\`python -m ${dirOf(main.path).split('/').pop() ?? ''}\` runs a command line`));

    const ui = production.find((f) => f.language === 'tsx' || f.path.endsWith('.jsx') || f.path.endsWith('.vue'));
    if (ui && scored.some((s) => s.archetype === 'frontend')) note('frontend', WEIGHT.uiFiles, loc(ui.path, null, 'UI components (.tsx/.jsx)'));
    const contextOf = input.contextOf;
    const contexts = contextOf ? code.filter((f) => f.role === 'source').map((f) => ({ file: f, decision: contextOf(f) })) : [];
    const browser = contexts.filter((c) => c.decision?.context === 'browser');
    const firstBrowser = browser[0];
    if (firstBrowser && browser.length >= BROWSER_FILES_FOR_ROLE && !scored.some((s) => s.archetype === 'frontend')) {
      part('frontend', loc(firstBrowser.file.path, firstBrowser.decision?.line ?? null, `${browser.length} browser code files (e.g. ${firstBrowser.file.path}: ${firstBrowser.decision?.reason ?? ''})`));
    }
    const serverFiles = contexts.filter((c) => c.decision?.context === 'server' && FULL_STACK_SERVER_FILE.test(c.file.path) && /server file of/.test(c.decision.reason));
    const firstServerFile = serverFiles[0];
    if (firstServerFile) {
      deploy('service', 1 + Math.min(serverFiles.length, 4), loc(firstServerFile.file.path, null, `${serverFiles.length} server file${serverFiles.length === 1 ? '' : 's'} of a full-stack framework (route handlers, API routes, server hooks), e.g. ${firstServerFile.file.path}`));
      entryPoints.push(loc(firstServerFile.file.path, null, firstServerFile.decision?.reason ?? 'server file'));
    }

    const longRunningCode = scored.some((s) => (s.archetype === 'service' || s.archetype === 'worker') && s.weight >= WEIGHT.appObject);
    for (const d of input.infra.dockerfiles) {
      if (owner(d.path, roots) !== candidate.path) continue;
      const final = d.stages[d.stages.length - 1];
      const command = final?.cmd ?? final?.entrypoint;
      const both = [final?.entrypoint?.value, final?.cmd?.value].filter(Boolean).join(' ');
      if (command && WORKER_COMMAND.test(both)) note('worker', WEIGHT.deployedServer, loc(d.path, command.line, `image runs a worker: ${command.value.slice(0, 80)}`));
      else if (command && (SERVER_COMMAND.test(both) || [...deployedScripts].some((s) => new RegExp(`(^|[\\s"'/])${escape(s)}([\\s"']|$)`).test(both)))) {
        // `node dist/index.js` starts whatever the code is: a worker when the code shows workers and no server.
        const runsWorker = /^(node|python)\b/.test(command.value.replace(/^\[?"?/, '')) && workers.length > 0 && (servers.length === 0 || opsOnly);
        deploy(runsWorker ? 'worker' : 'service', WEIGHT.deployedServer, loc(d.path, command.line, `image runs a ${runsWorker ? 'worker' : 'server'}: ${command.value.slice(0, 80)}`));
        entryPoints.push(loc(d.path, command.line, `CMD ${command.value.slice(0, 80)}`));
      } else if (final?.expose[0]) deploy('service', WEIGHT.listen, loc(d.path, final.expose[0].line, `image exposes port ${final.expose[0].value}`));
      else if (command && !longRunningCode && /^\[?\s*"?(python3?|node|bun|deno)\b/.test(both.replace(/^\[?\s*"?/, ''))) note('worker', WEIGHT.deployedServer, loc(d.path, command.line, `image runs a job: ${both.slice(0, 80)}`));
    }
    for (const p of input.infra.procfiles) {
      if (owner(p.path, roots) !== candidate.path) continue;
      if (p.process === 'web') deploy('service', WEIGHT.deployedServer, loc(p.path, p.line, `Procfile web process: ${p.command.slice(0, 80)}`));
      // Only `web` receives HTTP; every other long-running process of a Procfile works in the background.
      else if (p.process !== 'release') note('worker', WEIGHT.deployedServer, loc(p.path, p.line, `Procfile ${p.process} process: ${p.command.slice(0, 80)}`));
      entryPoints.push(loc(p.path, p.line, `${p.process}: ${p.command.slice(0, 80)}`));
    }
    if (candidate.path === '.') {
      // A root compose file of several services is the deployment of a stack; the root is infrastructure unless
      // it also holds an application (whose own evidence then outweighs this).
      // Only a stack that builds code of this repository deploys it: a compose file of images alone (test databases) does not.
      const stack = input.infra.compose.find((c) => !c.override && c.purpose === 'deploy' && owner(c.path, roots) === '.' && c.services.length >= 3 && c.services.some((s) => s.build !== undefined));
      if (stack) note('infra', WEIGHT.infraFiles, loc(stack.path, null, `compose stack of ${stack.services.length} services (${stack.services.slice(0, 6).map((s) => s.name).join(', ')}${stack.services.length > 6 ? ', …' : ''})`));
    }
    for (const compose of input.infra.compose) {
      if (compose.override) continue;
      for (const s of compose.services) {
        if (composeOwner(s, roots) !== candidate.path) continue;
        const command = `${s.entrypoint ?? ''} ${s.command ?? ''}`;
        if (WORKER_COMMAND.test(command) || WORKER_PROCESS_NAME.test(s.name)) note('worker', WEIGHT.deployedServer, loc(compose.path, s.line, `compose service \`${s.name}\` runs a worker`));
        else if (s.ports.length > 0 || SERVER_COMMAND.test(command)) deploy('service', WEIGHT.listen, loc(compose.path, s.line, `compose service \`${s.name}\`${s.ports.length > 0 ? ` publishes ${s.ports.map((p) => p.value).join(', ')}` : ''}`));
      }
    }
    if (candidate.kind === 'chart') {
      const chart = input.infra.helm.find((c) => c.dir === candidate.path);
      if (chart) note('infra', WEIGHT.infraFiles, loc(chart.path, 1, `Helm chart \`${chart.name}\` (${chart.templates.length} templates)`));
    }
    if (candidate.kind === 'kubernetes') {
      const objects = mine(input.infra.kubernetes, candidate.path);
      const first = objects[0];
      if (first) note('infra', WEIGHT.infraFiles, loc(first.path, first.line, `${objects.length} Kubernetes objects (${[...new Set(objects.map((o) => o.kind))].join(', ')})`));
    }
    if (candidate.kind === 'terraform') {
      const tf = (input.otherFiles ?? []).filter((p) => p.endsWith('.tf') && inside(p, candidate.path));
      note('infra', WEIGHT.infraFiles, loc(tf[0] ?? candidate.path, null, `${tf.length} Terraform file${tf.length === 1 ? '' : 's'}`));
    }

    // A command whose server nobody deploys (a `serve` or `web` subcommand, a local UI) is a command first: its
    // server is a long-running part, judged as such, not what the component is.
    const commandEntry = scored.some((s) => s.archetype === 'cli' && s.weight >= WEIGHT.entryPoint && !s.roleOnly);
    if (commandEntry && !scored.some((s) => s.deployed && (s.archetype === 'service' || s.archetype === 'worker'))) {
      for (const s of scored) if (s.archetype === 'service') s.roleOnly = true;
    }
    const totals = new Map<Archetype, number>();
    for (const s of scored) if (!s.roleOnly) totals.set(s.archetype, (totals.get(s.archetype) ?? 0) + s.weight);
    const partTotals = new Map<Archetype, number>();
    for (const s of scored) partTotals.set(s.archetype, (partTotals.get(s.archetype) ?? 0) + s.weight);
    const ranked = ARCHETYPE_ORDER.map((a) => [a, totals.get(a) ?? 0] as const).sort((a, b) => b[1] - a[1] || ARCHETYPE_ORDER.indexOf(a[0]) - ARCHETYPE_ORDER.indexOf(b[0]));
    const [winner, best] = ranked[0] ?? ['library', 0];
    const runnerUp = ranked[1]?.[1] ?? 0;
    const shipsCode = production.some((f) => f.role === 'source');
    const deployFile = files.find((f) => f.kind === 'dockerfile' || /(^|\/)((docker-)?compose[\w.-]*\.ya?ml|Procfile)$/.test(f.path) || f.path.startsWith('.github/'));
    if (candidate.path === '.' && best === 0 && !shipsCode && list.length > 1 && !deployFile) continue;
    const archetype: Archetype = best > 0 ? winner : shipsCode ? 'library' : 'infra';
    if (best === 0 && archetype === 'infra' && deployFile) note('infra', 0, loc(deployFile.path, null, 'no shipped code here: deployment and CI files for the other components'));
    const confidence: Confidence = best >= 4 && best >= 2 * runnerUp ? 'high' : best >= 2 ? 'medium' : 'low';
    const evidenceFor = (a: Archetype): Evidence[] =>
      scored
        .filter((s) => s.archetype === a)
        .sort((x, y) => y.weight - x.weight)
        .map((s) => s.evidence);
    const evidence = evidenceFor(archetype);
    if (evidence.length === 0) {
      const why = archetype === 'infra' ? 'no Python or JavaScript/TypeScript code to judge here' : best === 0 ? 'no entry point, server, worker or CLI found: treated as a library' : archetype;
      evidence.push(loc(candidate.manifests[0]?.path ?? '.', null, why));
    }
    const exposure: Exposure = archetype === 'service' || totals.get('service') ? exposureOf(candidate.path, roots, input) : 'internal';
    // A command or a library that can serve (a `serve` subcommand, a local UI) is long-running, not a service: it
    // becomes one when something deploys it as a server.
    const servesWhenDeployed = (a: Archetype): boolean => a !== 'service' || (archetype !== 'cli' && archetype !== 'library') || scored.some((s) => s.archetype === 'service' && s.deployed);
    const others = ARCHETYPE_ORDER.map((a) => [a, partTotals.get(a) ?? 0] as const).filter(
      ([a, total]) => a !== archetype && total >= ROLE_THRESHOLD && scored.some((s) => s.archetype === a && s.weight >= ROLE_THRESHOLD) && servesWhenDeployed(a),
    );
    const roles: ComponentRole[] =
      others.length === 0
        ? []
        : [archetype, ...others.map(([a]) => a)].map((a) => {
            const role: ComponentRole = { archetype: a, evidence: a === archetype ? evidence : evidenceFor(a) };
            if (a === 'service') role.exposure = exposure;
            return role;
          });
    const languages = [...new Set(code.map((f) => (f.language === 'tsx' ? 'typescript' : f.language)))].sort();
    const component: ComponentProfile = {
      path: candidate.path,
      name: candidate.manifests.find((m) => m.name)?.name ?? (candidate.path === '.' ? input.rootName : (candidate.path.split('/').pop() ?? candidate.path)),
      archetype,
      confidence,
      exposure: archetype === 'service' ? exposure : 'internal',
      evidence,
      languages,
      frameworks: frameworksOf(production),
      entryPoints,
      manifests: candidate.manifests.map((m) => m.path),
    };
    if (roles.length > 0) component.roles = roles;
    // What a command does is read from the code that runs in its process, not from the pages its web UI serves.
    const processCode = production.filter((f) => input.contextOf?.(f)?.context !== 'browser');
    const traits = traitsOf({ component, code: processCode, runtime: input.runtime, servers, owns: (path) => owner(path, roots) === candidate.path });
    if (traits.length > 0) component.traits = traits;
    components.push(component);
  }
  return components;
}

/** Commands a CLI framework builds: `@cli.command()`, `@app.command()`, `@notify_command()` (click, typer, Flask), `program.command('start')` (commander, yargs, cac). */
function commandsOf(files: readonly CodeFacts[]): Evidence[] {
  const out: Evidence[] = [];
  for (const f of files) {
    const python = f.language === 'python';
    if (python && !f.imports.some((i) => /^(click|typer|flask|rich_click|asyncclick)(\.|$)/.test(i.module))) continue;
    if (!python && !f.imports.some((i) => /^(commander|yargs|cac|sade|@oclif\/core|clipanion)(\/|$)/.test(i.module))) continue;
    if (python) for (const fn of f.functions) for (const d of fn.decorators) if (/(^|\.)command$|^\w+_command$/.test(d.name)) out.push(loc(f.path, d.line, `@${d.name}`));
    if (!python) for (const c of f.calls) if (/(^|\.)command$/.test(c.callee) && c.args[0]?.kind === 'string') out.push(loc(f.path, c.line, `.command('${String(c.args[0].value).slice(0, 30)}')`));
  }
  return out;
}

/** npm scripts that run a module of the component for an operator: `"reset-password": "node src/scripts/reset-password.js"`. */
function operatorCommands(m: Manifest, code: readonly CodeFacts[], servers: readonly { path: string }[]): Evidence[] {
  if (m.ecosystem !== 'node') return [];
  const out: Evidence[] = [];
  for (const [name, command] of Object.entries(m.commands)) {
    if (/^(pre|post)|^(build|test|lint|format|dev|start|serve|watch|typecheck|types|verify|clean|prepare|release|docs?)([:-]|$)/.test(name)) continue;
    const target = /^node\s+(?:--[\w-]+(?:=\S+)?\s+)*(\S+\.[cm]?[jt]s)\b/.exec(command)?.[1];
    if (!target) continue;
    const path = `${m.dir === '.' ? '' : `${m.dir}/`}${target.replace(/^\.\//, '')}`;
    const file = code.find((f) => f.path === path && (f.role === 'source' || f.role === 'script'));
    if (file && !servers.some((s) => s.path === path)) out.push(loc(m.path, m.line, `\`${name}\`: ${command.slice(0, 60)}`));
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does an image, a Procfile or a compose service of the component run this console script? */
function deployedRuns(input: DetectInput, path: string, roots: readonly string[], script: string): boolean {
  const runs = new RegExp(`(^|[\\s"'/])${escape(script)}([\\s"']|$)`);
  for (const d of input.infra.dockerfiles) {
    if (owner(d.path, roots) !== path) continue;
    const final = d.stages[d.stages.length - 1];
    if (runs.test(`${final?.entrypoint?.value ?? ''} ${final?.cmd?.value ?? ''}`)) return true;
  }
  if (input.infra.procfiles.some((p) => owner(p.path, roots) === path && runs.test(p.command))) return true;
  return input.infra.compose.some((c) => !c.override && c.services.some((s) => composeOwner(s, roots) === path && runs.test(`${s.entrypoint ?? ''} ${s.command ?? ''}`)));
}

/** Entry files first (main/app/server/index/wsgi/asgi), shallow before deep: the app object a reader expects. */
function entryRank(path: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const preferred = ['main', 'app', 'server', 'index', 'wsgi', 'asgi', 'application', '__main__'].includes(name) ? 0 : 100;
  const incidental = /(^|\/)(seeds?|scripts?|migrations?|commands?|fixtures?)\//.test(path) ? 1000 : 0;
  return preferred + incidental + depth(path);
}

/** Frameworks and data libraries a component's production code imports (the framework table's names). */
function frameworksOf(files: readonly CodeFacts[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    for (const i of f.imports) {
      if (i.relative) continue;
      const hit = FRAMEWORKS.find((x) => x.imports.test(i.module));
      if (hit && hit.name !== 'argparse') out.add(hit.name);
    }
  }
  return [...out].sort();
}

/** Public when something routes outside traffic to it: an Ingress, a Traefik Host rule, published ports, a Procfile web process. */
function exposureOf(path: string, roots: readonly string[], input: DetectInput): Exposure {
  if (input.infra.kubernetes.some((o) => o.kind === 'Ingress')) return 'public';
  if (input.infra.procfiles.some((p) => p.process === 'web' && owner(p.path, roots) === path)) return 'public';
  for (const compose of input.infra.compose) {
    if (compose.override) continue;
    for (const s of compose.services) {
      if (composeOwner(s, roots) !== path) continue;
      if (s.labels.some((l) => /traefik\.http\.routers\.[^.]+\.rule=.*Host\(/.test(l.value))) return 'public';
      if (s.ports.length > 0) return 'public';
    }
  }
  return 'internal';
}
