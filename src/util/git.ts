/** The checked-out commit of a repository, read from .git without running git. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function gitDir(root: string): string | null {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = read(dotGit);
    const match = pointer ? /^gitdir:\s*(.+)$/.exec(pointer) : null;
    return match?.[1] ? (match[1].startsWith('/') ? match[1] : join(root, match[1])) : null;
  } catch {
    return null;
  }
}

export function readCommit(root: string): string | undefined {
  const dir = gitDir(root);
  if (!dir) return undefined;
  const head = read(join(dir, 'HEAD'));
  if (!head) return undefined;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const loose = read(join(dir, ref));
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  const packed = read(join(dir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
  }
  return undefined;
}
