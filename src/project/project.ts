/**
 * The project model rules read: every file's facts, the components, and lookups over them.
 * Built once per audit (project/build-project.ts); immutable afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeFacts, CodeLanguage, DataFacts, DataFormat, DockerfileFacts, FileFacts, FileRole, FunctionFact, TextFacts } from '../facts/types.js';
import type { Archetype, ComponentProfile } from '../model/report.js';
import { decodeText } from '../parse/read-source.js';
import { intrinsicContext, packageContextOf, type ContextDecision, type PackageContext } from './execution-context.js';
import type { FileRoleDecision } from './file-roles.js';
import type { Inventory } from './inventory/index.js';
import { FRAMEWORKS, FULL_STACK_SERVER_FILE } from './knowledge/frameworks.js';
import { manifestsFor } from './manifests/index.js';
import type { PathAliases } from './manifests/node.js';
import type { Manifest } from './manifests/types.js';
import { readInputFile } from '../util/read-input.js';
import type { ShellReader } from '../parse/shell.js';
import { byCodePoint } from '../util/order.js';

/**
 * Roles that ship: the code a deployed component runs. Tests, examples, fixtures and docs are not production
 * code; neither are maintenance scripts and tool configuration (rules that judge those ask for them).
 */
export const PRODUCTION_ROLES: readonly FileRole[] = ['source'];

export interface CodeQuery {
  roles?: readonly FileRole[];
  languages?: readonly CodeLanguage[];
}

export interface ProjectInit {
  root: string;
  files: readonly FileFacts[];
  /** Why each file has its role (path or evidence); files missing here have the role their path gives. */
  roleDecisions?: ReadonlyMap<string, FileRoleDecision>;
  components: readonly ComponentProfile[];
  lockfiles: readonly string[];
  /** Files present but not analysed (images, other languages, lock files …): they exist, that is all we know. */
  otherFiles: readonly string[];
  manifests: readonly Manifest[];
  aliases: readonly PathAliases[];
  inventory: Inventory;
  shell: ShellReader;
}

export class Project {
  readonly root: string;
  readonly files: readonly FileFacts[];
  readonly components: readonly ComponentProfile[];
  readonly lockfiles: readonly string[];
  readonly manifests: readonly Manifest[];
  readonly aliases: readonly PathAliases[];
  readonly inventory: Inventory;
  /** Reads shell scripts (entrypoints, recipes) into the commands they run. */
  readonly shell: ShellReader;
  readonly byPath: ReadonlyMap<string, FileFacts>;
  private readonly componentsByDepth: readonly ComponentProfile[];
  private readonly present: ReadonlySet<string>;
  /** Every file of the tree, analysed or not, sorted. */
  private readonly filePaths: readonly string[];
  private readonly textCache = new Map<string, string | null>();
  private readonly roleDecisions: ReadonlyMap<string, FileRoleDecision>;
  private readonly contextCache = new Map<string, ContextDecision>();
  /** code() answers by query: a hundred rule checks ask for the same few selections of thousands of files. */
  private readonly codeCache = new Map<string, readonly CodeFacts[]>();
  private readonly codeByComponentCache = new Map<string, ReadonlyMap<string, readonly CodeFacts[]>>();
  private readonly componentCache = new Map<string, ComponentProfile | undefined>();
  private readonly dataCache = new Map<string, readonly DataFacts[]>();
  private dockerfileList: readonly DockerfileFacts[] | undefined;
  private textList: readonly TextFacts[] | undefined;

  constructor(init: ProjectInit) {
    this.root = init.root;
    this.files = init.files;
    this.components = init.components;
    this.lockfiles = init.lockfiles;
    this.manifests = init.manifests;
    this.aliases = init.aliases;
    this.inventory = init.inventory;
    this.shell = init.shell;
    this.byPath = new Map(init.files.map((f) => [f.path, f]));
    this.roleDecisions = init.roleDecisions ?? new Map();
    const present = new Set([...init.files.map((f) => f.path), ...init.otherFiles]);
    this.filePaths = [...present].sort();
    for (const path of [...present]) {
      for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) present.add(path.slice(0, slash));
    }
    this.present = present;
    this.componentsByDepth = [...init.components].sort((a, b) => depth(b.path) - depth(a.path) || byCodePoint(a.path, b.path));
  }

  /** Does a file or folder exist in the audited tree (ignored paths excluded)? */
  exists(path: string): boolean {
    return this.present.has(path.replace(/\/$/, ''));
  }

  /** Every file in the audited tree (ignored paths excluded), analysed or not (SQL files, images, lock files …), sorted. */
  paths(): readonly string[] {
    return this.filePaths;
  }

  /**
   * The text of an analysed file, read on demand and cached. For the few checks that need words rather than
   * structure (is this option key used anywhere?); prefer facts. Text files (Markdown, scripts) carry it already.
   */
  readText(path: string): string | null {
    const file = this.byPath.get(path);
    if (!file) return null;
    if (file.kind === 'text') return file.text;
    let text = this.textCache.get(path);
    if (text === undefined) {
      try {
        text = decodeText(readFileSync(join(this.root, path)));
      } catch {
        text = null;
      }
      this.textCache.set(path, text);
    }
    return text;
  }

  /**
   * The text of a file that is present but not analysed (a Prisma schema, an nginx configuration), read on demand,
   * as a regular file of at most 1 MiB; null otherwise.
   */
  readOtherText(path: string): string | null {
    if (this.byPath.has(path)) return this.readText(path);
    if (!this.present.has(path)) return null;
    let text = this.textCache.get(path);
    if (text === undefined) {
      const read = readInputFile(join(this.root, path), 1024 * 1024);
      text = read.ok ? read.text : null;
      this.textCache.set(path, text);
    }
    return text;
  }

  /** Paths of present files (analysed or not) that match a pattern, sorted. */
  presentFiles(pattern: RegExp): string[] {
    return [...this.present].filter((p) => pattern.test(p)).sort();
  }

  /** Manifests of one ecosystem that govern a file: in its directory and its ancestors, nearest first. */
  manifestsFor(path: string, ecosystem: Manifest['ecosystem']): Manifest[] {
    return manifestsFor(this.manifests, path, ecosystem);
  }

  /** Code files, production roles by default. The same array for the same query: never changed by callers. */
  code(query: CodeQuery = {}): readonly CodeFacts[] {
    const roles = query.roles ?? PRODUCTION_ROLES;
    const key = queryKey(query);
    let selected = this.codeCache.get(key);
    if (!selected) {
      selected = this.files.filter(
        (f): f is CodeFacts => f.kind === 'code' && roles.includes(f.role) && (!query.languages || query.languages.includes(f.language)),
      );
      this.codeCache.set(key, selected);
    }
    return selected;
  }

  /**
   * Code files selected as by code(), grouped by the path of their innermost component ('.' also holds the files
   * no component contains); each group keeps the order of code(). Built once per query.
   */
  codeByComponent(query: CodeQuery = {}): ReadonlyMap<string, readonly CodeFacts[]> {
    const key = queryKey(query);
    let grouped = this.codeByComponentCache.get(key);
    if (!grouped) {
      const groups = new Map<string, CodeFacts[]>();
      for (const file of this.code(query)) {
        const component = this.componentOf(file.path)?.path ?? '.';
        const group = groups.get(component);
        if (group) group.push(file);
        else groups.set(component, [file]);
      }
      grouped = groups;
      this.codeByComponentCache.set(key, grouped);
    }
    return grouped;
  }

  /** Code files (selected as by code()) whose innermost component is the one at `component`; files of nested components are not included. */
  codeOfComponent(component: string, query: CodeQuery = {}): readonly CodeFacts[] {
    return this.codeByComponent(query).get(component) ?? [];
  }

  /** Data files (YAML, JSON, TOML), of one format or all; the same array for the same format: never changed by callers. */
  data(format?: DataFormat): readonly DataFacts[] {
    const key = format ?? '*';
    let selected = this.dataCache.get(key);
    if (!selected) {
      selected = this.files.filter((f): f is DataFacts => f.kind === 'data' && (!format || f.language === format));
      this.dataCache.set(key, selected);
    }
    return selected;
  }

  dockerfiles(): readonly DockerfileFacts[] {
    this.dockerfileList ??= this.files.filter((f): f is DockerfileFacts => f.kind === 'dockerfile');
    return this.dockerfileList;
  }

  texts(): readonly TextFacts[] {
    this.textList ??= this.files.filter((f): f is TextFacts => f.kind === 'text');
    return this.textList;
  }

  file(path: string): FileFacts | undefined {
    return this.byPath.get(path);
  }

  /** The innermost component whose root contains the path (the root component '.' contains everything). */
  componentOf(path: string): ComponentProfile | undefined {
    if (this.componentCache.has(path)) return this.componentCache.get(path);
    const component = this.componentsByDepth.find((c) => c.path === '.' || path === c.path || path.startsWith(`${c.path}/`));
    this.componentCache.set(path, component);
    return component;
  }

  /** Why a file has its role: the folder or name, or the evidence that refined it. */
  roleDecision(path: string): FileRoleDecision | undefined {
    return this.roleDecisions.get(path);
  }

  /** What the package around a file says about where it runs: its full-stack framework, an edge runtime. */
  packageContext(path: string): PackageContext {
    return packageContextOf(path, this.manifests, (p) => this.exists(p));
  }

  /**
   * Where a code file runs (execution-context.ts): its own evidence first, then its component's — a file of a
   * front end runs in the browser, a file of a worker in the worker process, anything else in a server process.
   */
  contextOf(path: string): ContextDecision {
    let cached = this.contextCache.get(path);
    if (cached) return cached;
    const file = this.byPath.get(path);
    if (file?.kind !== 'code') cached = { context: 'server', reason: 'not code' };
    else {
      cached = intrinsicContext(file, this.packageContext(path));
      if (!cached) {
        const component = this.componentOf(path);
        const roles = component ? this.rolesOf(component) : [];
        if (component?.archetype === 'frontend' && !roles.includes('service') && file.language !== 'python') cached = { context: 'browser', reason: `a file of the front end \`${component.path}\`` };
        else if (component?.archetype === 'worker') cached = { context: 'worker', reason: `a file of the worker \`${component.path}\`` };
        else cached = { context: 'server', reason: file.language === 'python' ? 'a Python process' : 'a Node process' };
      }
    }
    this.contextCache.set(path, cached);
    return cached;
  }

  /** Every archetype a component is, primary first. */
  rolesOf(component: ComponentProfile): Archetype[] {
    return component.roles && component.roles.length > 0 ? component.roles.map((r) => r.archetype) : [component.archetype];
  }

  /**
   * The archetype of the part of its component a file belongs to: in a full-stack application the API routes are
   * the service and the React components the front end; in a daemon with a web UI the routes are the service. A
   * file that belongs to no particular part, and every file of a component that is one thing, gets the primary.
   */
  archetypeAt(path: string): Archetype | undefined {
    const component = this.componentOf(path);
    if (!component) return undefined;
    const roles = this.rolesOf(component);
    if (roles.length < 2) return component.archetype;
    const file = this.byPath.get(path);
    if (file?.kind !== 'code') return component.archetype;
    const part = this.partOf(file);
    return part && roles.includes(part) ? part : component.archetype;
  }

  private partOf(file: CodeFacts): Archetype | undefined {
    const { context } = this.contextOf(file.path);
    if (context === 'browser') return 'frontend';
    if (context === 'edge') return 'service';
    if (context === 'worker') return 'worker';
    if (context !== 'server') return undefined;
    const runtime = this.inventory.runtime;
    if (runtime.servers.some((s) => s.path === file.path) || runtime.routes.some((r) => r.path === file.path)) return 'service';
    if (this.packageContext(file.path).fullStack && FULL_STACK_SERVER_FILE.test(file.path)) return 'service';
    if (file.imports.some((i) => !i.relative && FRAMEWORKS.some((f) => f.kind === 'web-server' && f.imports.test(i.module)))) return 'service';
    if (runtime.cliFrameworks.some((c) => c.path === file.path)) return 'cli';
    return undefined;
  }

  /** Innermost function of a code file that spans the line. */
  functionAt(path: string, line: number): FunctionFact | undefined {
    const file = this.byPath.get(path);
    if (file?.kind !== 'code') return undefined;
    let best: FunctionFact | undefined;
    for (const fn of file.functions) {
      if (fn.line <= line && line <= fn.endLine && (!best || fn.line >= best.line)) best = fn;
    }
    return best;
  }
}

function queryKey(query: CodeQuery): string {
  return `${(query.roles ?? PRODUCTION_ROLES).join()}|${query.languages?.join() ?? '*'}`;
}

function depth(path: string): number {
  return path === '.' ? 0 : path.split('/').length;
}
