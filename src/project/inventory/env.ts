/**
 * Environment variables: read by the code (name, default, where), documented (Markdown/rst docs, .env examples,
 * compose, Kubernetes), and provided by CI. Pydantic settings classes count as reads: each field is a variable.
 */
import type { ClassFact, CodeFacts, FileFacts, ValueFact } from '../../facts/types.js';
import { isEnvFileName } from '../../discover/classify.js';
import { maskSecret } from '../../redact/mask.js';
import { looksLikeSecretValue, secretWordOf } from '../knowledge/secrets.js';
import type { CiInventory } from './ci.js';
import type { InfraInventory } from './infra.js';
import { byCodePoint } from '../../util/order.js';

export interface EnvRead {
  name: string;
  /** Default given where it is read (the first one found), if any. */
  default?: string;
  /** Read with a default somewhere, or declared optional in a settings class. */
  hasDefault: boolean;
  /**
   * The program cannot start or run without it: read with `os.environ[...]`, or a settings field with no
   * default. Reads like `os.getenv("X")` or `process.env.X` without a default are optional as far as the code
   * says (the value may simply be undefined).
   */
  required: boolean;
  /** Production reads first, then by path and line. */
  locations: Array<{ path: string; line: number; via: string; production: boolean }>;
  /** Production code reads it (not only tests, scripts or examples). */
  production: boolean;
}

export interface EnvDocumentation {
  name: string;
  where: Array<{ path: string; line: number; kind: 'docs' | 'env-file' | 'compose' | 'kubernetes' | 'ci' | 'dockerfile' }>;
}

export interface EnvInventory {
  read: EnvRead[];
  /** Reads whose name is computed (`os.environ[key]`): counted, not named. */
  dynamicReads: Array<{ path: string; line: number }>;
  documented: EnvDocumentation[];
  providedInCi: Array<{ name: string; path: string; line: number; job?: string }>;
}

const SETTINGS_BASES = /(^|\.)(BaseSettings)$/;

function literal(value: ValueFact | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') return String(value.value);
  if (value.kind === 'none') return 'None';
  return value.text;
}

/** The env prefix and case sensitivity of a pydantic settings class. */
function settingsConfig(cls: ClassFact): { prefix: string; caseSensitive: boolean } {
  const config = cls.fields.find((f) => f.name === 'model_config')?.value?.text ?? '';
  const prefix = /env_prefix\s*=\s*['"]([^'"]*)['"]/.exec(config)?.[1] ?? '';
  return { prefix, caseSensitive: /case_sensitive\s*=\s*True/.test(config) };
}

function settingsReads(file: CodeFacts): Array<{ name: string; line: number; default?: string; hasDefault: boolean }> {
  const out: Array<{ name: string; line: number; default?: string; hasDefault: boolean }> = [];
  for (const cls of file.classes) {
    if (!cls.bases.some((b) => SETTINGS_BASES.test(b))) continue;
    const { prefix, caseSensitive } = settingsConfig(cls);
    for (const field of cls.fields) {
      if (field.name === 'model_config' || field.name.startsWith('_') || !field.annotation) continue;
      if (/^ClassVar\b/.test(field.annotation)) continue;
      const name = caseSensitive ? `${prefix}${field.name}` : `${prefix}${field.name}`.toUpperCase();
      const value = field.value;
      const read: { name: string; line: number; default?: string; hasDefault: boolean } = { name, line: field.line, hasDefault: value !== undefined };
      const shown = literal(value);
      if (shown !== undefined) read.default = shown;
      out.push(read);
    }
  }
  return out;
}

/** Release notes mention a variable when it changed; that is history, not documentation. */
export function isChangelog(path: string): boolean {
  return /(^|\/)(changelog|changes|history|news|release[-_]?notes)[^/]*$/i.test(path);
}

const DOC_MENTION = /\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})\b/g;

export function buildEnvInventory(files: readonly FileFacts[], ci: CiInventory, infra: InfraInventory): EnvInventory {
  const reads = new Map<string, EnvRead>();
  const dynamicReads: EnvInventory['dynamicReads'] = [];
  const note = (name: string, path: string, line: number, via: string, production: boolean, fallback: string | undefined, hasDefault: boolean): void => {
    const entry = reads.get(name) ?? { name, hasDefault: false, required: false, locations: [], production: false };
    entry.locations.push({ path, line, via, production });
    entry.production ||= production;
    entry.hasDefault ||= hasDefault;
    entry.required = !entry.hasDefault && (entry.required || via === 'os.environ[]' || via === 'settings class field');
    // A default of a secret-named variable is a secret: never print it in full.
    if (fallback !== undefined && entry.default === undefined) {
      const word = secretWordOf(name);
      entry.default = word && looksLikeSecretValue(fallback, word) ? maskSecret(fallback) : fallback;
    }
    reads.set(name, entry);
  };
  for (const file of files) {
    if (file.kind !== 'code' || file.role === 'fixture') continue;
    // Production = code that ships. Tool configuration (playwright.config.ts), scripts and tests read env too,
    // but those variables configure the tooling, not the component.
    const production = file.role === 'source';
    for (const r of file.envReads) {
      if (r.name === null) {
        dynamicReads.push({ path: file.path, line: r.line });
        continue;
      }
      note(r.name, file.path, r.line, r.via, production, literal(r.default), r.default !== undefined);
    }
    for (const s of settingsReads(file)) note(s.name, file.path, s.line, 'settings class field', production, s.default, s.hasDefault);
  }

  const documented = new Map<string, EnvDocumentation>();
  const doc = (name: string, path: string, line: number, kind: EnvDocumentation['where'][number]['kind']): void => {
    const entry = documented.get(name) ?? { name, where: [] };
    if (!entry.where.some((w) => w.path === path)) entry.where.push({ path, line, kind });
    documented.set(name, entry);
  };
  for (const file of files) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    if (file.kind === 'text' && isEnvFileName(name)) {
      file.text.split('\n').forEach((line, i) => {
        const m = /^\s*(?:export\s+)?#?\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
        if (m?.[1]) doc(m[1], file.path, i + 1, 'env-file');
      });
    } else if (file.kind === 'text' && file.language === 'markdown' && !isChangelog(file.path)) {
      file.text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(DOC_MENTION)) if (m[1] && reads.has(m[1])) doc(m[1], file.path, i + 1, 'docs');
      });
    } else if (file.kind === 'dockerfile') {
      for (const ins of file.instructions) {
        if (ins.keyword !== 'ENV' && ins.keyword !== 'ARG') continue;
        for (const m of ins.args.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)(?==|\s|$)/g)) if (m[1]) doc(m[1], file.path, ins.line, 'dockerfile');
      }
    }
  }
  for (const compose of infra.compose) for (const s of compose.services) for (const e of s.environment) doc(e.name, compose.path, e.line, 'compose');
  for (const object of infra.kubernetes) for (const c of object.containers) for (const e of c.env) doc(e.name, object.path, e.line, 'kubernetes');

  const providedInCi: EnvInventory['providedInCi'] = [];
  for (const w of ci.workflows) {
    for (const e of w.env) providedInCi.push({ name: e.name, path: w.path, line: e.line });
    for (const j of w.jobs) {
      for (const e of j.env) providedInCi.push({ name: e.name, path: w.path, line: e.line, job: j.id });
      for (const s of j.steps) for (const e of s.env) providedInCi.push({ name: e.name, path: w.path, line: e.line, job: j.id });
    }
  }
  for (const p of providedInCi) doc(p.name, p.path, p.line, 'ci');

  for (const entry of reads.values()) entry.locations.sort((a, b) => Number(b.production) - Number(a.production) || byCodePoint(a.path, b.path) || a.line - b.line);
  return {
    read: [...reads.values()].sort((a, b) => byCodePoint(a.name, b.name)),
    dynamicReads,
    documented: [...documented.values()].sort((a, b) => byCodePoint(a.name, b.name)),
    providedInCi,
  };
}
