/** Navigating located data (LNode): the YAML/JSON/TOML values rules read, with their lines. */
import type { LEntry, LMap, LNode, LScalar, LSeq } from './types.js';

export function isMap(node: LNode | null | undefined): node is LMap {
  return node?.t === 'map';
}

export function isSeq(node: LNode | null | undefined): node is LSeq {
  return node?.t === 'seq';
}

export function isScalar(node: LNode | null | undefined): node is LScalar {
  return node?.t === 'scalar';
}

export function entry(node: LNode | null | undefined, key: string): LEntry | undefined {
  return isMap(node) ? node.entries.find((e) => e.key === key) : undefined;
}

/** The value at a path of keys (strings) and indices (numbers), or undefined. */
export function at(node: LNode | null | undefined, ...path: Array<string | number>): LNode | undefined {
  let current: LNode | null | undefined = node;
  for (const step of path) {
    if (typeof step === 'number') current = isSeq(current) ? current.items[step] : undefined;
    else current = entry(current, step)?.value;
    if (current === undefined) return undefined;
  }
  return current ?? undefined;
}

/** A scalar's value as a string ('' for null), or undefined when the node is not a scalar. */
export function str(node: LNode | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  return node.value === null ? '' : String(node.value);
}

export function entries(node: LNode | null | undefined): LEntry[] {
  return isMap(node) ? node.entries : [];
}

export function items(node: LNode | null | undefined): LNode[] {
  return isSeq(node) ? node.items : [];
}

/** Plain JavaScript value, lines dropped. */
export function toPlain(node: LNode | null | undefined): unknown {
  if (!node) return undefined;
  if (node.t === 'scalar') return node.value;
  if (node.t === 'seq') return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}
