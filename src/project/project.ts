/**
 * The project model rules read: every file's facts, the components, and lookups over them.
 * Built once per audit (project/build-project.ts); immutable afterwards.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeFacts, CodeLanguage, DataFacts, DataFormat, DockerfileFacts, FileFacts, FileRole, FunctionFact, TextFacts } from '../facts/types.js';
import type { ComponentProfile } from '../model/report.js';
import { decodeText } from '../parse/read-source.js';
import type { Inventory } from './inventory/index.js';
import { manifestsFor } from './manifests/index.js';
import type { PathAliases } from './manifests/node.js';
import type { Manifest } from './manifests/types.js';
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
  components: readonly ComponentProfile[];
  lockfiles: readonly string[];
  /** Files present but not analysed (images, other languages, lock files …): they exist, that is all we know. */
  otherFiles: readonly string[];
  manifests: readonly Manifest[];
  aliases: readonly PathAliases[];
  inventory: Inventory;
}

export class Project {
  readonly root: string;
  readonly files: readonly FileFacts[];
  readonly components: readonly ComponentProfile[];
  readonly lockfiles: readonly string[];
  readonly manifests: readonly Manifest[];
  readonly aliases: readonly PathAliases[];
  readonly inventory: Inventory;
  readonly byPath: ReadonlyMap<string, FileFacts>;
  private readonly componentsByDepth: readonly ComponentProfile[];
  private readonly present: ReadonlySet<string>;
  private readonly textCache = new Map<string, string | null>();
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
    this.byPath = new Map(init.files.map((f) => [f.path, f]));
    const present = new Set([...init.files.map((f) => f.path), ...init.otherFiles]);
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
