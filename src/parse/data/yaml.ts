/**
 * YAML to located data. Aliases are resolved and `<<` merge keys applied, with a cap on the number of nodes
 * produced so that alias bombs cannot exhaust memory. Multi-document files give one entry per document.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { LEntry, LNode, ParseError } from '../../facts/types.js';

const MAX_NODES = 200_000;

interface Conversion {
  doc: Document;
  lines: LineCounter;
  produced: number;
  truncated: boolean;
}

function lineAt(lines: LineCounter, offset: number | undefined): number {
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

function convert(node: unknown, c: Conversion, fallbackLine: number, depth: number): LNode {
  c.produced++;
  if (c.produced > MAX_NODES || depth > 100) {
    c.truncated = true;
    return { t: 'scalar', line: fallbackLine, endLine: fallbackLine, value: null };
  }
  if (isAlias(node)) {
    const target = node.resolve(c.doc);
    return target ? convert(target, c, lineAt(c.lines, node.range?.[0]), depth + 1) : { t: 'scalar', line: fallbackLine, endLine: fallbackLine, value: null };
  }
  if (isMap(node)) {
    const line = lineAt(c.lines, node.range?.[0]);
    const endLine = lineAt(c.lines, node.range?.[1] === undefined ? undefined : Math.max(node.range[0], node.range[1] - 1));
    const own: LEntry[] = [];
    const merged: LEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keyLine = isScalar(keyNode) ? lineAt(c.lines, keyNode.range?.[0]) : line;
      const value = convert(pair.value, c, keyLine, depth + 1);
      if (key === '<<') {
        const sources = value.t === 'seq' ? value.items : [value];
        for (const source of sources) if (source.t === 'map') merged.push(...source.entries);
      } else own.push({ key, line: keyLine, value });
    }
    const keys = new Set(own.map((e) => e.key));
    const entries = [...own];
    for (const e of merged) {
      if (keys.has(e.key)) continue;
      keys.add(e.key);
      entries.push(e);
    }
    return { t: 'map', line, endLine, entries };
  }
  if (isSeq(node)) {
    const line = lineAt(c.lines, node.range?.[0]);
    const endLine = lineAt(c.lines, node.range?.[1] === undefined ? undefined : Math.max(node.range[0], node.range[1] - 1));
    return { t: 'seq', line, endLine, items: node.items.map((item) => convert(item, c, line, depth + 1)) };
  }
  if (isScalar(node)) {
    const line = lineAt(c.lines, node.range?.[0]);
    const endLine = lineAt(c.lines, node.range?.[1] === undefined ? undefined : Math.max(node.range[0], node.range[1] - 1));
    return { t: 'scalar', line, endLine, value: scalarValue(node.value) };
  }
  return { t: 'scalar', line: fallbackLine, endLine: fallbackLine, value: null };
}

export function parseYaml(text: string): { documents: (LNode | null)[]; errors: ParseError[] } {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: false });
  const list = Array.isArray(docs) ? docs : [];
  const errors: ParseError[] = [];
  const documents: (LNode | null)[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      const pos = lines.linePos(error.pos[0]);
      errors.push({ line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.code });
    }
    if (doc.errors.length > 0 && doc.contents === null) {
      documents.push(null);
      continue;
    }
    const c: Conversion = { doc, lines, produced: 0, truncated: false };
    documents.push(doc.contents === null ? null : convert(doc.contents, c, 1, 0));
    if (c.truncated) errors.push({ line: 1, column: 1, message: `alias expansion stopped after ${MAX_NODES} nodes` });
  }
  return { documents, errors };
}
