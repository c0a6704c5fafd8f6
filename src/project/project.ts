/**
 * The project model rules read: every file's facts, the components, and lookups over them.
 * Built once per audit (project/build-project.ts); immutable afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeFacts, CodeLanguage, DataFacts, DataFormat, DockerfileFacts, FileFacts, FileRole, FunctionFact, TextFacts } from '../facts/types.js';
import type { ComponentProfile } from '../model/report.js';
import type { Inventory } from './inventory/index.js';
import { manifestsFor } from './manifests/index.js';
import type { PathAliases } from './manifests/node.js';
import type { Manifest } from './manifests/types.js';
import type { ShellReader } from '../parse/shell.js';

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
  private readonly textCache = new Map<string, string | null>();
  /** code() answers by query: a hundred rule checks ask for the same few selections of thousands of files. */
  private readonly codeCache = new Map<string, readonly CodeFacts[]>();

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
    const present = new Set([...init.files.map((f) => f.path), ...init.otherFiles]);
    for (const path of [...present]) {
      for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) present.add(path.slice(0, slash));
    }
    this.present = present;
    this.componentsByDepth = [...init.components].sort((a, b) => depth(b.path) - depth(a.path) || a.path.localeCompare(b.path));
  }

  /** Does a file or folder exist in the audited tree (ignored paths excluded)? */
  exists(path: string): boolean {
    return this.present.has(path.replace(/\/$/, ''));
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
        text = new TextDecoder('utf-8').decode(readFileSync(join(this.root, path)));
      } catch {
        text = null;
      }
      this.textCache.set(path, text);
    }
    return text;
  }

  /** Manifests of one ecosystem that govern a file: in its directory and its ancestors, nearest first. */
  manifestsFor(path: string, ecosystem: Manifest['ecosystem']): Manifest[] {
    return manifestsFor(this.manifests, path, ecosystem);
  }

  /** Code files, production roles by default. */
  code(query: CodeQuery = {}): CodeFacts[] {
    const roles = query.roles ?? PRODUCTION_ROLES;
    const key = `${roles.join()}|${query.languages?.join() ?? '*'}`;
    let selected = this.codeCache.get(key);
    if (!selected) {
      selected = this.files.filter(
        (f): f is CodeFacts => f.kind === 'code' && roles.includes(f.role) && (!query.languages || query.languages.includes(f.language)),
      );
      this.codeCache.set(key, selected);
    }
    // A copy: callers may sort or filter in place.
    return [...selected];
  }

  data(format?: DataFormat): DataFacts[] {
    return this.files.filter((f): f is DataFacts => f.kind === 'data' && (!format || f.language === format));
  }

  dockerfiles(): DockerfileFacts[] {
    return this.files.filter((f): f is DockerfileFacts => f.kind === 'dockerfile');
  }

  texts(): TextFacts[] {
    return this.files.filter((f): f is TextFacts => f.kind === 'text');
  }

  file(path: string): FileFacts | undefined {
    return this.byPath.get(path);
  }

  /** The innermost component whose root contains the path (the root component '.' contains everything). */
  componentOf(path: string): ComponentProfile | undefined {
    return this.componentsByDepth.find((c) => c.path === '.' || path === c.path || path.startsWith(`${c.path}/`));
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

function depth(path: string): number {
  return path === '.' ? 0 : path.split('/').length;
}
