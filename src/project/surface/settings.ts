/**
 * The default value of a setting a check depends on (`config?.roles_active`, `settings().server.auth.enabled`,
 * `os.getenv("AUTH_TYPE", "noop")`): from a Prisma schema `@default(...)`, a YAML/TOML/JSON configuration file of
 * the repository, a pydantic settings field, or the default of an environment read.
 */
import type { LNode } from '../../facts/types.js';
import type { Project } from '../project.js';
import type { Where } from './model.js';
import { byCodePoint } from '../../util/order.js';

export interface SettingDefault {
  name: string;
  value: string;
  at: Where;
}

const FALSY = /^(false|0|off|no|none|null|''|""|)$/i;

export function isOff(value: string): boolean {
  return FALSY.test(value.trim());
}

/** The dotted setting a condition reads: `not settings().server.auth.enabled` → [server, auth, enabled]. */
export function settingPath(condition: string): string[] {
  const match = /(?:config|settings?|conf|options|env)\s*(?:\(\))?\s*(?:\?\.|\.)\s*([\w?.]+)/i.exec(condition) ?? /([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+)/.exec(condition);
  return (match?.[1] ?? '')
    .replace(/\?/g, '')
    .split('.')
    .filter((p) => p && !/^(get|value)$/.test(p));
}

/** How many leading folders two paths share: the nearer configuration wins. */
function shared(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

function nearest<T extends { path: string }>(items: readonly T[], from: string): T[] {
  return [...items].sort((a, b) => shared(b.path, from) - shared(a.path, from) || byCodePoint(a.path, b.path));
}

function prismaDefault(project: Project, field: string, from: string): SettingDefault | undefined {
  for (const { path } of nearest(project.presentFiles(/\.prisma$/).map((p) => ({ path: p })), from)) {
    const lines = (project.readOtherText(path) ?? '').split('\n');
    const index = lines.findIndex((l) => new RegExp(`^\\s*${field}\\s+\\w+\\??\\s+.*@default\\(`).test(l));
    const value = index === -1 ? undefined : /@default\(([^)]*)\)/.exec(lines[index] ?? '')?.[1];
    if (value !== undefined) return { name: field, value, at: { path, line: index + 1 } };
  }
  return undefined;
}

function scalarAt(node: LNode | null | undefined, keys: readonly string[]): { value: string; line: number } | undefined {
  let current: LNode | null | undefined = node;
  for (const key of keys) {
    if (current?.t !== 'map') return undefined;
    current = current.entries.find((e) => e.key === key)?.value;
  }
  if (current?.t !== 'scalar') return undefined;
  return { value: String(current.value), line: current.line };
}

function configDefault(project: Project, keys: readonly string[], from: string): SettingDefault | undefined {
  if (keys.length < 2) return undefined;
  for (const file of nearest(project.data(), from)) {
    if (file.role === 'test' || file.role === 'fixture' || /(^|\/)(package|tsconfig|package-lock)\.json$|\.github\//.test(file.path)) continue;
    for (const doc of file.documents) {
      // The setting's own path, or its last two keys anywhere at the top of the file (`auth: enabled: false`).
      for (let start = 0; start < keys.length - 1; start++) {
        const found = scalarAt(doc, keys.slice(start));
        if (found) {
          // `${AUTH_ENABLED:false}`: an environment variable with a default.
          const env = /^\$\{\w+(?:,\w+)*:(.*)\}$/.exec(found.value);
          return { name: keys.join('.'), value: env ? (env[1] ?? '') : found.value, at: { path: file.path, line: found.line } };
        }
      }
    }
  }
  return undefined;
}

function pydanticDefault(project: Project, field: string, from: string): SettingDefault | undefined {
  for (const file of nearest(project.code({ languages: ['python'] }), from)) {
    for (const cls of file.classes) {
      if (!cls.bases.some((b) => /Settings|BaseModel|BaseSettings/.test(b))) continue;
      const f = cls.fields.find((x) => x.name === field && x.value !== undefined);
      if (f?.value && ['bool', 'string', 'number', 'none'].includes(f.value.kind)) return { name: field, value: String(f.value.value), at: { path: file.path, line: f.line } };
    }
  }
  return undefined;
}

/** The default of the setting a condition reads, where the repository says it. */
export function settingDefault(project: Project, condition: string, from: string): SettingDefault | undefined {
  const keys = settingPath(condition);
  const last = keys[keys.length - 1];
  if (!last) return undefined;
  return prismaDefault(project, last, from) ?? configDefault(project, keys, from) ?? pydanticDefault(project, last, from);
}

/** `os.getenv("AUTH_TYPE", AuthType.NOOP.value)` / `process.env.AUTH_MODE ?? "none"`: the default of an environment read whose name matches. */
export function envDefault(project: Project, pattern: RegExp): SettingDefault | undefined {
  for (const file of project.code()) {
    for (const read of file.envReads) {
      if (!read.name || !pattern.test(read.name) || !read.default) continue;
      return { name: read.name, value: String(read.default.value ?? read.default.text), at: { path: file.path, line: read.line } };
    }
  }
  return undefined;
}
