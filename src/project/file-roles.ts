/**
 * File roles from evidence, once the facts are in. The walk gives each file a role from its path
 * (discover/classify.ts); here the code itself, the manifests and the files that load it refine it:
 * - a Python file under a package manifest that is not in a shipped package is tooling (`script`);
 * - a `setup.py` that calls no `setup()` is an ordinary module, not packaging;
 * - a fake-data generator (imports faker), a development server (`app.run(debug=True)` in a script of its own),
 *   and a script loaded only under `{% if debug %}` run only on a developer's machine (`dev`);
 * - a copied library (a banner naming its origin, a bundler's module table, a well-known library's file name,
 *   Django's own admin files collected into `static/`) is `vendored`;
 * - a file a test command names (`pixl-unit lib/test.js`, `mocha 'spec/**\/*.js'`) is a `test`.
 * Every decision keeps its reason, for `seaworthy profile`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyRole, type RoleDecision } from '../discover/classify.js';
import type { CodeFacts, FileFacts, FileRole } from '../facts/types.js';
import { globToRegExp } from '../util/glob.js';
import { SERVER_CALLEE } from './knowledge/frameworks.js';
import { dirOf, joinPath } from '../util/paths.js';
import type { Manifest } from './manifests/types.js';

export interface FileRoleDecision extends RoleDecision {
  /** The line that decided it, when it is not the path: the import, the call, the template that loads it. */
  at?: { path: string; line: number };
}

/** Roles no rule judges unless it says so (RuleMeta.roles): code that never runs in production. */
export const OPT_IN_ROLES: readonly FileRole[] = ['dev', 'vendored', 'benchmark', 'template'];

const FAKE_DATA_MODULES = /^(faker|@faker-js\/faker|faker-js|factory|factory_boy|mimesis|chance|casual)$/;
/**
 * Well-known browser libraries copied into static folders under their own names: unambiguous names alone
 * (`jquery.js`, `bootstrap.bundle.js`), others only with a version or a build suffix (`chart-4.4.0.js`, `vue.min.js`).
 */
const LIBRARY_NAME = /^(jquery|jquery[-.]ui|bootstrap|popper|lodash|underscore|moment|moment-timezone|d3|socket\.io|require|htmx|alpinejs|dompurify|purify|backbone|knockout|handlebars|mustache|codemirror|tinymce|leaflet|zxcvbn)([.-]v?\d+(\.\d+)+[\w-]*)?(\.(min|umd|esm|bundle|slim))?\.js$/i;
const VERSIONED_LIBRARY = /^(chart|highlight|axios|vue|react|react-dom|marked|clipboard|sortable|select2|datatables|mermaid|katex|prism|pdf|feather|fontawesome|hyperscript|alpine|chartjs-[\w-]+)([.-]v?\d+(\.\d+)+[\w.-]*|\.(min|umd|esm|bundle|slim))+\.js$/i;
/** Static files of Django apps that collectstatic copies into STATIC_ROOT: the admin, DRF's browsable API, debug toolbar. */
const DJANGO_COLLECTED = /(^|\/)static\/(admin|rest_framework|debug_toolbar|django_extensions|import_export|django-browser-reload)\//;
/** A banner that says where the code came from. */
const ORIGIN_COMMENT = /\b(original source|copied from|vendored from|taken from|borrowed from|ported from|this file is (a copy|part) of)\b[^\n]*(https?:\/\/|\bv?\d+\.\d+)|@license\b|^\s*!?\s*\w[\w .-]* v\d+\.\d+\.\d+\s*(\||\(c\)|-)/i;
const SETUP_CALL = /^(setuptools\.)?setup$|^distutils\.core\.setup$/;
/** Template files that can load a script only when debugging is on. */
const TEMPLATE_FILE = /\.(html?|jinja2?|j2|djhtml|hbs|handlebars|njk|tpl|ejs|tmpl)$/i;
const DEBUG_BLOCK = /\{%-?\s*if\s+(not\s+)?(settings\.|config\.|app\.)?(debug|DEBUG|is_dev(elopment)?|dev_mode)\s*-?%\}([^]*?)\{%-?\s*(endif|else)\s*-?%\}|\{\{#if\s+(debug|isDev|development)\s*\}\}([^]*?)\{\{(\/if|else)\}\}/g;
const MAX_TEMPLATE_BYTES = 256 * 1024;
const MAX_TEMPLATES = 3000;

function decide(role: FileRole, reason: string, at?: { path: string; line: number }): FileRoleDecision {
  return at ? { role, reason, at } : { role, reason };
}

/**
 * A Python package manifest (pyproject with a build system, setup.py, setup.cfg) says what ships: the packages
 * (folders with `__init__.py`, at its level, under `src/` or further down) and top-level modules. Other Python
 * files under it (extras/, benchmarks/, packaging helpers) are tooling.
 */
function outsidePackage(file: CodeFacts, manifests: readonly Manifest[], paths: ReadonlySet<string>): Manifest | undefined {
  const packages = manifests.filter((m) => m.ecosystem === 'python' && m.publishable);
  const owner = packages.filter((m) => m.dir === '.' || file.path.startsWith(`${m.dir}/`)).sort((a, b) => b.dir.length - a.dir.length)[0];
  if (!owner) return undefined;
  const base = owner.dir === '.' ? '' : `${owner.dir}/`;
  const parts = file.path.slice(base.length).split('/');
  const inner = parts[0] === 'src' ? parts.slice(1) : parts;
  if (inner.length === 1) return undefined;
  // A package may sit one or more folders down (netbox ships netbox/dcim, netbox/ipam… from a folder without
  // `__init__.py`, listed in its hatch configuration): any package folder on the way counts.
  const prefix = `${base}${parts[0] === 'src' ? 'src/' : ''}`;
  const inPackage = inner.slice(0, -1).some((_, i) => paths.has(`${prefix}${inner.slice(0, i + 1).join('/')}/__init__.py`));
  return inPackage ? undefined : owner;
}

/** Names of development-server scripts: `serve.py`, `run_dev.py`, `devserver.py`, `debug.py`. */
const DEV_SERVER_NAME = /^(serve|dev|devserver|dev_server|run_?dev|run_?debug|debug|runserver|local)\.py$/;

/**
 * A script of its own that starts the application built elsewhere (`app = create_app()`) with the development
 * server bound to localhost (`app.run(debug=True, host="127.0.0.1")`), or in debug mode from a file named for it
 * (`serve.py`): a development server. A file that defines the app or its routes, or binds every interface, is not.
 */
function devServer(file: CodeFacts): FileRoleDecision | undefined {
  if (file.language !== 'python' || file.classes.length > 0 || file.functions.length > 2) return undefined;
  if (file.calls.some((c) => SERVER_CALLEE.test(c.callee) && !/\.run$/.test(c.callee)) || file.functions.some((f) => f.decorators.length > 0)) return undefined;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  for (const call of file.calls) {
    if (!/^(app|application|server|socketio|sio)\.run$/.test(call.callee)) continue;
    const debug = call.kwargs['debug']?.value === true;
    const host = call.kwargs['host'];
    const hostValue = host?.kind === 'string' ? String(host.value) : undefined;
    const local = hostValue !== undefined && /^(127\.0\.0\.1|localhost|::1)$/.test(hostValue);
    if (local || (debug && host === undefined && DEV_SERVER_NAME.test(name))) {
      const args = [debug ? 'debug=True' : '', local ? `host="${hostValue ?? ''}"` : ''].filter(Boolean).join(', ');
      return decide('dev', `a development server: \`${call.callee}(${args})\` in a script that only starts the app`, { path: file.path, line: call.line });
    }
  }
  return undefined;
}

/**
 * A script of its own (run as `__main__`, or named for the job) that imports a fake-data library: a generator of
 * development data. A module of the application that also offers a fake-data command stays what it is.
 */
function fakeData(file: CodeFacts): FileRoleDecision | undefined {
  const imp = file.imports.find((i) => !i.relative && !i.lazy && FAKE_DATA_MODULES.test(i.module));
  if (!imp) return undefined;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  const standalone = (file.branches ?? []).some((b) => /__name__\s*==\s*['"]__main__['"]/.test(b.condition)) || /fake|dummy|sample|demo|mock|seed|populate|generate/i.test(name);
  return standalone ? decide('dev', `generates fake data (a script that imports \`${imp.module}\`)`, { path: file.path, line: imp.line }) : undefined;
}

/** Code of a sample application kept under a `templates/` folder with its own manifest (`lib/templates/blog/package.json`). */
function sampleApp(file: CodeFacts, manifests: readonly Manifest[]): FileRoleDecision | undefined {
  const segments = file.path.split('/');
  const at = segments.findIndex((s) => s === 'templates' || s === 'template');
  if (at === -1) return undefined;
  const templates = segments.slice(0, at + 1).join('/');
  const manifest = manifests.find((m) => m.dir !== templates && m.dir.startsWith(`${templates}/`) && file.path.startsWith(`${m.dir}/`));
  return manifest ? decide('template', `part of a sample application under \`${templates}/\` (${manifest.path})`, { path: manifest.path, line: manifest.line }) : undefined;
}

/** Evidence that a code file was copied from another project rather than written here. */
function vendored(file: CodeFacts): FileRoleDecision | undefined {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  if (file.language !== 'python' && DJANGO_COLLECTED.test(file.path)) return decide('vendored', "a Django app's own static file, copied into `static/` by collectstatic");
  if (file.language === 'javascript' && (LIBRARY_NAME.test(name) || VERSIONED_LIBRARY.test(name)) && /(^|\/)(static|public|assets|vendor|lib|libs|js|htdocs|wwwroot|external|third[-_]?party)\//i.test(file.path)) {
    return decide('vendored', `a well-known library's file (\`${name}\`) in a static folder`);
  }
  const banner = file.comments.find((c) => c.line <= 5 && ORIGIN_COMMENT.test(c.text));
  if (banner) return decide('vendored', `its opening comment names where it came from: "${banner.text.trim().slice(0, 80)}"`, { path: file.path, line: banner.line });
  // A bundler's module table: webpack's `__webpack_require__`, or its minified bootstrap marking modules `__esModule`.
  const bundle = file.functions.find((f) => f.name === '__webpack_require__') ?? file.calls.find((c) => c.callee === 'Object.defineProperty' && c.args.some((a) => a.kind === 'string' && a.value === '__esModule'));
  if (bundle && file.lines > 1000 && file.language === 'javascript') return decide('vendored', 'a bundled build of a library (webpack module table)', { path: file.path, line: bundle.line });
  return undefined;
}

/** Scripts loaded by a template only inside `{% if debug %}` (a live-reload client): name → the template line. */
function debugOnlyScripts(root: string, otherFiles: readonly string[]): Map<string, { path: string; line: number; always: boolean }> {
  const out = new Map<string, { path: string; line: number; always: boolean }>();
  const templates = otherFiles.filter((p) => TEMPLATE_FILE.test(p)).slice(0, MAX_TEMPLATES);
  for (const path of templates) {
    let text: string;
    try {
      const bytes = readFileSync(join(root, path));
      if (bytes.length > MAX_TEMPLATE_BYTES) continue;
      text = bytes.toString('utf8');
    } catch {
      continue;
    }
    if (!/\.js\b/.test(text)) continue;
    const inDebug = new Set<number>();
    for (const block of text.matchAll(DEBUG_BLOCK)) {
      const body = block[5] ?? block[8] ?? '';
      const start = (block.index ?? 0) + block[0].indexOf(body);
      for (const script of body.matchAll(/([\w.-]+\.js)\b/g)) {
        const offset = start + (script.index ?? 0);
        inDebug.add(offset);
        const name = script[1] ?? '';
        const line = text.slice(0, offset).split('\n').length;
        if (!out.has(name)) out.set(name, { path, line, always: false });
      }
    }
    for (const script of text.matchAll(/([\w.-]+\.js)\b/g)) {
      if (inDebug.has(script.index ?? -1)) continue;
      const seen = out.get(script[1] ?? '');
      if (seen) seen.always = true;
      else out.set(script[1] ?? '', { path, line: text.slice(0, script.index).split('\n').length, always: true });
    }
  }
  return out;
}

/** Files that a manifest's test command names: `pixl-unit lib/test.js`, `mocha "spec/**\/*.spec.js"`, `node --test src/`. */
function testCommandTargets(manifests: readonly Manifest[]): Array<{ pattern: RegExp; manifest: Manifest; command: string; script: string }> {
  const out: Array<{ pattern: RegExp; manifest: Manifest; command: string; script: string }> = [];
  for (const m of manifests) {
    for (const [script, command] of Object.entries(m.commands)) {
      if (!/^(test|tests|spec|unit)([:-].*)?$/.test(script)) continue;
      for (const token of command.split(/\s+|&&|;|\|\|/)) {
        const word = token.replace(/^['"]|['"]$/g, '');
        if (word === '' || word.startsWith('-') || !/\.[cm]?[jt]sx?$|\*|\/$/.test(word) || !/[/.]/.test(word)) continue;
        const glob = joinPath(m.dir, word.replace(/\/$/, '/**'));
        out.push({ pattern: globToRegExp(glob), manifest: m, command, script });
      }
    }
  }
  return out;
}

/**
 * Refines the roles of `files` in place and returns the decision for every file (path roles included), for the
 * profile. Reads template files (HTML, Jinja) under `root` to tell debug-only scripts.
 */
export function refineFileRoles(files: readonly FileFacts[], manifests: readonly Manifest[], root: string, otherFiles: readonly string[]): Map<string, FileRoleDecision> {
  const decisions = new Map<string, FileRoleDecision>();
  const paths = new Set(files.map((f) => f.path));
  const debugScripts = debugOnlyScripts(root, otherFiles);
  const testTargets = testCommandTargets(manifests);
  for (const file of files) {
    let decision: FileRoleDecision = classifyRole(file.path, file.language);
    decision = { ...decision, role: file.role };
    if (file.kind === 'code') decision = refineCode(file, decision, { manifests, paths, debugScripts, testTargets }) ?? decision;
    file.role = decision.role;
    decisions.set(file.path, decision);
  }
  return decisions;
}

interface Context {
  manifests: readonly Manifest[];
  paths: ReadonlySet<string>;
  debugScripts: ReadonlyMap<string, { path: string; line: number; always: boolean }>;
  testTargets: ReturnType<typeof testCommandTargets>;
}

function refineCode(file: CodeFacts, current: FileRoleDecision, context: Context): FileRoleDecision | undefined {
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  if (name === 'setup.py' && current.role === 'config' && !file.calls.some((c) => SETUP_CALL.test(c.callee)) && context.paths.has(`${dirOf(file.path)}/__init__.py`)) {
    current = decide('source', 'a module of its package named `setup.py` (it calls no `setup()`)');
  }
  if (current.role === 'source' || current.role === 'script') {
    const target = context.testTargets.find((t) => t.pattern.test(file.path));
    if (target) {
      return decide('test', `run by the \`${target.script}\` script: \`${target.command.slice(0, 80)}\``, { path: target.manifest.path, line: target.manifest.line });
    }
  }
  if (current.role !== 'source' && current.role !== 'script') return undefined;
  const sample = sampleApp(file, context.manifests);
  if (sample) return sample;
  const copied = vendored(file);
  if (copied) return copied;
  const fake = fakeData(file);
  if (fake) return fake;
  const server = devServer(file);
  if (server) return server;
  if (file.language === 'javascript') {
    const loaded = context.debugScripts.get(name);
    if (loaded && !loaded.always) return decide('dev', `loaded only under a debug condition (${loaded.path}:${loaded.line})`, { path: loaded.path, line: loaded.line });
  }
  if (current.role === 'source' && file.language === 'python') {
    const owner = outsidePackage(file, context.manifests, context.paths);
    if (owner) return decide('script', `not in a package that ${owner.path} ships (tooling beside the package)`);
  }
  return current.role === 'source' ? current : undefined;
}
