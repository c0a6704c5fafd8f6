/**
 * Components and their archetypes, from evidence.
 *
 * Candidate roots are the folders of manifests (pyproject, setup.cfg/setup.py, requirements, Pipfile,
 * package.json), Helm charts and Kubernetes manifest folders, plus the repository root. Each candidate owns the
 * files under it that no deeper candidate owns. Evidence found in those files (and in the deployment files that
 * build or run them) scores each archetype; the highest score wins, ties broken in the order of ARCHETYPE_ORDER.
 * The evidence is kept, with path and line, so that every archetype can be checked by hand.
 */
import { roleOf } from '../../discover/classify.js';
import type { CodeFacts, FileFacts } from '../../facts/types.js';
import type { Archetype, ComponentProfile, Confidence, Evidence, Exposure } from '../../model/report.js';
import type { Manifest } from '../manifests/types.js';
import type { ComposeService, InfraInventory } from '../inventory/infra.js';
import type { RuntimeInventory } from '../inventory/runtime.js';
import { dirOf } from '../../util/paths.js';
import { byCodePoint } from '../../util/order.js';

export interface DetectInput {
  rootName: string;
  files: readonly FileFacts[];
  manifests: readonly Manifest[];
  infra: InfraInventory;
  runtime: RuntimeInventory;
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
  publishable: 2,
  routes: 1,
  listen: 1,
  cliFramework: 1,
  webDependency: 1,
  uiFiles: 1,
} as const;

const SERVER_COMMAND = /\b(uvicorn|gunicorn|hypercorn|daphne|granian|waitress-serve|fastapi\s+(run|dev)|flask\s+run|manage\.py\s+runserver|node\s+\S*(server|main|app|index)\S*|nest\s+start|npm\s+(run\s+)?start|pm2(-runtime)?|next\s+start|nginx)\b/;
const WORKER_COMMAND = /\b(celery\s+(-A\s+\S+\s+)?worker|celery\s+.*\bbeat\b|rq\s+worker|dramatiq|arq\s|huey_consumer)\b/;
const WEB_DEPENDENCIES = new Set(['fastapi', 'flask', 'django', 'starlette', 'sanic', 'quart', 'aiohttp', 'litestar', 'falcon', 'tornado', 'express', '@nestjs/core', 'fastify', 'koa', 'hono', '@hapi/hapi']);
const UI_DEPENDENCIES = new Set(['react', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact', 'lit']);
/** Application frameworks that are front ends on their own (they bring their UI library). */
const APP_FRAMEWORKS = new Set(['next', 'nuxt', '@sveltejs/kit', 'astro', 'gatsby', '@remix-run/react', 'react-scripts', '@angular/core', 'quasar', '@vue/cli-service']);
const CLI_PACKAGES = new Set(['click', 'typer', 'rich-click', 'cleo', 'docopt', 'fire', 'commander', 'yargs']);
const BUNDLERS = new Set(['vite', 'webpack', 'next', 'nuxt', 'react-scripts', '@sveltejs/kit', 'parcel', '@angular/cli', 'astro', '@remix-run/dev', 'gatsby', 'esbuild', 'rollup']);

interface Candidate {
  path: string;
  manifests: Manifest[];
  kind: 'manifest' | 'chart' | 'kubernetes' | 'root';
}

function inside(path: string, root: string): boolean {
  return root === '.' || path === root || path.startsWith(`${root}/`);
}

function depth(path: string): number {
  return path === '.' ? 0 : path.split('/').length;
}

/** A manifest folder is a component unless it sits in tests, examples, docs or fixtures. */
function isComponentManifest(m: Manifest): boolean {
  const role = roleOf(`${m.dir === '.' ? '' : `${m.dir}/`}x.py`, 'python');
  return role === 'source' || role === 'script' || m.dir === '.';
}

function componentDir(m: Manifest): string {
  // requirements/base.txt belongs to the folder above requirements/.
  return m.kind === 'requirements' && /(^|\/)requirements$/.test(m.dir) ? dirOf(m.dir) : m.dir;
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
}

function loc(path: string, line: number | null, detail: string): Evidence {
  return { path, line, detail };
}

/** Names a package root must re-export before its console script counts as a side door of a library. */
const PUBLIC_API_NAMES = 8;

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
      const init = code.find((f) => f.path === `${m.dir === '.' ? '' : `${m.dir}/`}${pkg}/__init__.py` || f.path === `${m.dir === '.' ? '' : `${m.dir}/`}src/${pkg}/__init__.py`);
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

export function detectComponents(input: DetectInput): ComponentProfile[] {
  const list = candidates(input);
  const roots = list.map((c) => c.path);
  const filesOf = new Map<string, FileFacts[]>(roots.map((r) => [r, []]));
  for (const f of input.files) filesOf.get(owner(f.path, roots))?.push(f);
  const mine = <T extends { path: string }>(items: readonly T[], root: string): T[] => items.filter((i) => owner(i.path, roots) === root);

  const components: ComponentProfile[] = [];
  for (const candidate of list) {
    const files = filesOf.get(candidate.path) ?? [];
    const code = files.filter((f): f is CodeFacts => f.kind === 'code');
    const production = code.filter((f) => f.role === 'source' || f.role === 'script' || f.role === 'config');
    if (candidate.path !== '.' && files.length === 0 && candidate.manifests.length === 0) continue;
    const scored: Scored[] = [];
    const entryPoints: Evidence[] = [];
    const note = (archetype: Archetype, weight: number, evidence: Evidence): void => {
      scored.push({ archetype, weight, evidence });
    };

    for (const m of candidate.manifests) {
      for (const s of m.scripts) {
        note('cli', WEIGHT.entryPoint, loc(s.path, s.line, `${m.ecosystem === 'node' ? 'package.json bin' : 'console script'} \`${s.name}\` → ${s.target}`));
        entryPoints.push(loc(s.path, s.line, `${s.name} → ${s.target}`));
      }
      if (m.publishable && m.scripts.length === 0) note('library', WEIGHT.publishable, loc(m.path, m.line, m.ecosystem === 'node' ? 'published package (main/exports)' : 'installable package (build system declared)'));
      const deps = new Set(m.dependencies.filter((d) => d.kind !== 'dev').map((d) => d.normalized));
      const web = [...deps].find((d) => WEB_DEPENDENCIES.has(d));
      if (web) note('service', WEIGHT.webDependency, loc(m.path, m.dependencies.find((d) => d.normalized === web)?.line ?? m.line, `depends on ${web}`));
      const all = new Set(m.dependencies.map((d) => d.normalized));
      const ui = [...all].find((d) => UI_DEPENDENCIES.has(d));
      const bundler = [...all].find((d) => BUNDLERS.has(d));
      const appFramework = [...all].find((d) => APP_FRAMEWORKS.has(d));
      if (ui && bundler) note('frontend', WEIGHT.frontendStack, loc(m.path, m.dependencies.find((d) => d.normalized === ui)?.line ?? m.line, `${ui} app built with ${bundler}`));
      else if (appFramework) note('frontend', WEIGHT.frontendStack, loc(m.path, m.dependencies.find((d) => d.normalized === appFramework)?.line ?? m.line, `${appFramework} app`));
      // A console script whose CLI framework is only an optional extra (`pip install httpx[cli]`) is a side door of a library.
      const cliExtra = m.dependencies.find((d) => d.kind === 'optional' && CLI_PACKAGES.has(d.normalized));
      if (cliExtra && m.scripts.length > 0 && !m.dependencies.some((d) => d.kind === 'runtime' && CLI_PACKAGES.has(d.normalized))) {
        note('library', WEIGHT.entryPoint + 2, loc(m.path, cliExtra.line, `the command line is optional (\`${cliExtra.name}\` only in the \`${cliExtra.group ?? 'optional'}\` extra): a library first`));
      }
    }

    const api = publicApi(candidate.manifests, code);
    // It outweighs every console script of the package, however many doors it has (rq has `rq` and `rqinfo`).
    if (api) note('library', WEIGHT.entryPoint * candidate.manifests.reduce((n, m) => n + m.scripts.length, 0) + 2, api);

    const servers = mine(input.runtime.servers, candidate.path).sort((a, b) => entryRank(a.path) - entryRank(b.path) || byCodePoint(a.path, b.path));
    const appObject = servers.find((s) => !/\.(listen|run)\(/.test(s.detail));
    if (appObject) {
      note('service', WEIGHT.appObject, loc(appObject.path, appObject.line, `${appObject.detail.replace('(…)', '')} app object`));
      entryPoints.push(loc(appObject.path, appObject.line, appObject.detail));
    }
    const listen = servers.find((s) => /\.(listen|run)\(/.test(s.detail));
    if (listen) note('service', WEIGHT.listen, loc(listen.path, listen.line, `server started: ${listen.detail}`));
    const routes = mine(input.runtime.routes, candidate.path);
    const firstRoute = routes[0];
    if (firstRoute) note('service', WEIGHT.routes, loc(firstRoute.path, firstRoute.line, `${routes.length} route${routes.length === 1 ? '' : 's'}, e.g. ${firstRoute.method} ${firstRoute.route}`));
    const worker = mine(input.runtime.workers, candidate.path)[0];
    if (worker) note('worker', WEIGHT.workerObject, loc(worker.path, worker.line, `job consumer: ${worker.detail}`));
    // Release and maintenance scripts use CLI frameworks too; only shipped source counts.
    const cli = mine(input.runtime.cliFrameworks, candidate.path).find((c) => input.files.find((f) => f.path === c.path)?.role === 'source');
    if (cli) note('cli', WEIGHT.cliFramework, loc(cli.path, cli.line, `uses ${cli.detail}`));
    const ui = production.find((f) => f.language === 'tsx' || f.path.endsWith('.jsx') || f.path.endsWith('.vue'));
    if (ui && scored.some((s) => s.archetype === 'frontend')) note('frontend', WEIGHT.uiFiles, loc(ui.path, null, 'UI components (.tsx/.jsx)'));

    for (const d of input.infra.dockerfiles) {
      const runsHere = owner(d.path, roots) === candidate.path;
      if (!runsHere) continue;
      const final = d.stages[d.stages.length - 1];
      const command = final?.cmd ?? final?.entrypoint;
      if (command && SERVER_COMMAND.test(command.value)) {
        note('service', WEIGHT.deployedServer, loc(d.path, command.line, `image runs a server: ${command.value.slice(0, 80)}`));
        entryPoints.push(loc(d.path, command.line, `CMD ${command.value.slice(0, 80)}`));
      } else if (command && WORKER_COMMAND.test(command.value)) note('worker', WEIGHT.deployedServer, loc(d.path, command.line, `image runs a worker: ${command.value.slice(0, 80)}`));
      else if (final?.expose[0]) note('service', WEIGHT.listen, loc(d.path, final.expose[0].line, `image exposes port ${final.expose[0].value}`));
    }
    for (const p of input.infra.procfiles) {
      if (owner(p.path, roots) !== candidate.path) continue;
      if (p.process === 'web') note('service', WEIGHT.deployedServer, loc(p.path, p.line, `Procfile web process: ${p.command.slice(0, 80)}`));
      else if (p.process === 'worker' || WORKER_COMMAND.test(p.command)) note('worker', WEIGHT.deployedServer, loc(p.path, p.line, `Procfile ${p.process} process: ${p.command.slice(0, 80)}`));
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
        const command = s.command ?? '';
        if (WORKER_COMMAND.test(command)) note('worker', WEIGHT.deployedServer, loc(compose.path, s.line, `compose service \`${s.name}\` runs a worker`));
        else if (s.ports.length > 0 || SERVER_COMMAND.test(command)) note('service', WEIGHT.listen, loc(compose.path, s.line, `compose service \`${s.name}\`${s.ports.length > 0 ? ` publishes ${s.ports.map((p) => p.value).join(', ')}` : ''}`));
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

    const totals = new Map<Archetype, number>();
    for (const s of scored) totals.set(s.archetype, (totals.get(s.archetype) ?? 0) + s.weight);
    const ranked = ARCHETYPE_ORDER.map((a) => [a, totals.get(a) ?? 0] as const).sort((a, b) => b[1] - a[1] || ARCHETYPE_ORDER.indexOf(a[0]) - ARCHETYPE_ORDER.indexOf(b[0]));
    const [winner, best] = ranked[0] ?? ['library', 0];
    const runnerUp = ranked[1]?.[1] ?? 0;
    const shipsCode = production.some((f) => f.role === 'source');
    const deployFile = files.find((f) => f.kind === 'dockerfile' || /(^|\/)((docker-)?compose[\w.-]*\.ya?ml|Procfile)$/.test(f.path) || f.path.startsWith('.github/'));
    if (candidate.path === '.' && best === 0 && !shipsCode && list.length > 1 && !deployFile) continue;
    const archetype: Archetype = best > 0 ? winner : shipsCode ? 'library' : 'infra';
    if (best === 0 && archetype === 'infra' && deployFile) note('infra', 0, loc(deployFile.path, null, 'no shipped code here: deployment and CI files for the other components'));
    const confidence: Confidence = best >= 4 && best >= 2 * runnerUp ? 'high' : best >= 2 ? 'medium' : 'low';
    const evidence = scored
      .filter((s) => s.archetype === archetype)
      .sort((a, b) => b.weight - a.weight)
      .map((s) => s.evidence);
    if (evidence.length === 0) {
      const why = archetype === 'infra' ? 'no Python or JavaScript/TypeScript code to judge here' : best === 0 ? 'no entry point, server, worker or CLI found: treated as a library' : archetype;
      evidence.push(loc(candidate.manifests[0]?.path ?? '.', null, why));
    }
    const languages = [...new Set(code.map((f) => (f.language === 'tsx' ? 'typescript' : f.language)))].sort();
    components.push({
      path: candidate.path,
      name: candidate.manifests.find((m) => m.name)?.name ?? (candidate.path === '.' ? input.rootName : (candidate.path.split('/').pop() ?? candidate.path)),
      archetype,
      confidence,
      exposure: archetype === 'service' ? exposureOf(candidate.path, roots, input) : 'internal',
      evidence,
      languages,
      frameworks: frameworksOf(production),
      entryPoints,
      manifests: candidate.manifests.map((m) => m.path),
    });
  }
  return components;
}

/** Entry files first (main/app/server/index/wsgi/asgi), shallow before deep: the app object a reader expects. */
function entryRank(path: string): number {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  const preferred = ['main', 'app', 'server', 'index', 'wsgi', 'asgi', 'application', '__main__'].includes(name) ? 0 : 100;
  const incidental = /(^|\/)(seeds?|scripts?|migrations?|commands?|fixtures?)\//.test(path) ? 1000 : 0;
  return preferred + incidental + depth(path);
}

const FRAMEWORK_IMPORTS: Array<[RegExp, string]> = [
  [/^fastapi/, 'fastapi'],
  [/^flask/, 'flask'],
  [/^django/, 'django'],
  [/^starlette/, 'starlette'],
  [/^aiohttp/, 'aiohttp'],
  [/^celery/, 'celery'],
  [/^sqlalchemy|^sqlmodel/, 'sqlalchemy'],
  [/^pydantic/, 'pydantic'],
  [/^typer/, 'typer'],
  [/^click/, 'click'],
  [/^express$/, 'express'],
  [/^@nestjs\/core$/, 'nestjs'],
  [/^fastify$/, 'fastify'],
  [/^koa$/, 'koa'],
  [/^react$/, 'react'],
  [/^vue$/, 'vue'],
  [/^next(\/|$)/, 'next'],
  [/^typeorm$/, 'typeorm'],
  [/^mongoose$/, 'mongoose'],
  [/^@prisma\/client$/, 'prisma'],
  [/^bullmq$/, 'bullmq'],
  [/^commander$/, 'commander'],
  [/^yargs/, 'yargs'],
];

function frameworksOf(files: readonly CodeFacts[]): string[] {
  const out = new Set<string>();
  for (const f of files) for (const i of f.imports) for (const [re, name] of FRAMEWORK_IMPORTS) if (!i.relative && re.test(i.module)) out.add(name);
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
