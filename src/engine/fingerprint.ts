/**
 * Fingerprints identify a finding across line shifts and unrelated edits: rule code + path + enclosing scope +
 * normalised snippet + occurrence index among identical (rule, path, scope, snippet) tuples. Never the line.
 */
import { sha1 } from '../util/hash.js';

export interface FingerprintInput {
  code: string;
  path: string;
  scope: string;
  snippet: string;
}

export function normalizeSnippet(snippet: string): string {
  return snippet.replace(/\s+/g, ' ').trim();
}

/** Fingerprints for findings given in line order; equal tuples get occurrence indices 0, 1, 2 … */
export function fingerprintAll(inputs: readonly FingerprintInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const key = [input.code, input.path, input.scope, normalizeSnippet(input.snippet)].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return sha1(`${key}\u0000${occurrence}`).slice(0, 20);
  });
}
