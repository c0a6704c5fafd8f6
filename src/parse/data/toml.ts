/**
 * TOML to located data. smol-toml gives the values; a line scanner gives the line of every table header and
 * key (smol-toml keeps no positions), and string items of multi-line arrays are located by their text.
 */
import { parse, TomlError } from 'smol-toml';
import type { LNode, ParseError } from '../../facts/types.js';

const SEP = '\u0001';
const BARE_OR_QUOTED = /^\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')/;

/** Split a (possibly dotted, possibly quoted) key: `a."b.c".d` → [a, b.c, d]. */
function splitKey(raw: string): string[] | null {
  const parts: string[] = [];
  let rest = raw.trim();
  while (rest.length > 0) {
    const match = BARE_OR_QUOTED.exec(rest);
    if (!match) return null;
    const token = match[0].trim();
    parts.push(token.startsWith('"') || token.startsWith("'") ? token.slice(1, -1) : token);
    rest = rest.slice(match[0].length).trim();
    if (rest.startsWith('.')) rest = rest.slice(1);
    else if (rest.length > 0) return null;
  }
  return parts;
}

/** Line of every table header and key, by path (array-of-tables elements get their index). */
export function tomlKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const aotCount = new Map<string, number>();
  let table: string[] = [];
  let multiline: string | null = null;
  const all = text.split('\n');
  const resolve = (path: string[]): string[] => {
    const out: string[] = [];
    for (const part of path) {
      out.push(part);
      const count = aotCount.get(out.join(SEP));
      if (count !== undefined) out.push(String(count - 1));
    }
    return out;
  };
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? '';
    if (multiline !== null) {
      if (line.includes(multiline)) multiline = null;
      continue;
    }
    const aot = /^\s*\[\[\s*([^\]]+?)\s*\]\]/.exec(line);
    if (aot) {
      const path = splitKey(aot[1] ?? '');
      if (!path) continue;
      const parent = resolve(path.slice(0, -1));
      const key = [...parent, path[path.length - 1] ?? ''].join(SEP);
      const n = (aotCount.get(key) ?? 0) + 1;
      aotCount.set(key, n);
      table = [...parent, path[path.length - 1] ?? '', String(n - 1)];
      if (!lines.has(key)) lines.set(key, i + 1);
      lines.set(table.join(SEP), i + 1);
      continue;
    }
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) {
      const path = splitKey(header[1] ?? '');
      if (!path) continue;
      table = resolve(path);
      lines.set(table.join(SEP), i + 1);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || /^\s*#/.test(line)) continue;
    const key = splitKey(line.slice(0, eq));
    if (!key) continue;
    const path = [...table, ...key].join(SEP);
    if (!lines.has(path)) lines.set(path, i + 1);
    const value = line.slice(eq + 1).trim();
    for (const quote of ['"""', "'''"]) {
      if (value.startsWith(quote) && value.indexOf(quote, 3) === -1) multiline = quote;
    }
  }
  return lines;
}

function convert(value: unknown, path: string[], keyLines: Map<string, number>, fallback: number, textLines: readonly string[]): LNode {
  const line = keyLines.get(path.join(SEP)) ?? fallback;
  if (Array.isArray(value)) {
    let cursor = line;
    const items = value.map((item, index) => {
      let itemLine = keyLines.get([...path, String(index)].join(SEP)) ?? cursor;
      if (typeof item === 'string') {
        for (let l = cursor; l <= Math.min(textLines.length, cursor + 500); l++) {
          if (textLines[l - 1]?.includes(item)) {
            itemLine = l;
            break;
          }
        }
        cursor = itemLine;
      }
      return convert(item, [...path, String(index)], keyLines, itemLine, textLines);
    });
    const endLine = items.reduce((max, item) => Math.max(max, item.endLine), line);
    return { t: 'seq', line, endLine, items };
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, child]) => {
      const childPath = [...path, key];
      const keyLine = keyLines.get(childPath.join(SEP)) ?? line;
      return { key, line: keyLine, value: convert(child, childPath, keyLines, keyLine, textLines) };
    });
    const endLine = entries.reduce((max, e) => Math.max(max, e.value.endLine), line);
    return { t: 'map', line, endLine, entries };
  }
  const scalar = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : (value as string | number | boolean);
  return { t: 'scalar', line, endLine: line, value: scalar ?? null };
}

export function parseToml(text: string): { documents: (LNode | null)[]; errors: ParseError[] } {
  try {
    const value = parse(text);
    return { documents: [convert(value, [], tomlKeyLines(text), 1, text.split('\n'))], errors: [] };
  } catch (error) {
    if (error instanceof TomlError) {
      return { documents: [null], errors: [{ line: error.line, column: error.column, message: `invalid TOML: ${error.message.split('\n')[0] ?? ''}` }] };
    }
    throw error;
  }
}
