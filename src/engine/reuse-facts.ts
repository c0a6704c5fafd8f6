/**
 * Facts depend only on a file's path and bytes. A second audit of nearly the same tree (the baseline of
 * `--baseline-ref`) takes the facts of every file whose path and content hash match the first audit's, and
 * parses only the others.
 */
import { readFile } from 'node:fs/promises';
import type { DiscoveredFile } from '../discover/walk.js';
import type { FileFacts } from '../facts/types.js';
import { sha1 } from '../util/hash.js';

export interface Reuse {
  /** Facts taken over, as extraction gave them. */
  reused: FileFacts[];
  /** Files to extract. */
  rest: DiscoveredFile[];
}

export async function reuseFacts(files: readonly DiscoveredFile[], previous: readonly FileFacts[] | undefined): Promise<Reuse> {
  if (!previous || previous.length === 0) return { reused: [], rest: [...files] };
  const byPath = new Map(previous.map((facts) => [facts.path, facts]));
  const reused: FileFacts[] = [];
  const rest: DiscoveredFile[] = [];
  for (const file of files) {
    const before = byPath.get(file.path);
    const same = before !== undefined && before.language === file.language && (await contentHash(file.abs)) === before.hash;
    // The project model refines a file's role from the manifests it finds (build-project.ts): start again from
    // the role discovery gives, as extraction would.
    if (same) reused.push({ ...before, role: file.role });
    else rest.push(file);
  }
  return { reused, rest };
}

async function contentHash(abs: string): Promise<string | null> {
  try {
    return sha1(await readFile(abs));
  } catch {
    return null;
  }
}

/** Facts from both sources in extraction's order (by path). */
export function mergeFacts(extracted: readonly FileFacts[], reused: readonly FileFacts[]): FileFacts[] {
  return [...extracted, ...reused].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
