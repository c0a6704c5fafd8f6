/** The checked-out commit of a repository and the repository root, read from .git without running git. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

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

/** The root of the repository holding `path` (the nearest folder upwards with a `.git`), or null. */
function findRepoRoot(path: string): string | null {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `path` relative to its repository root, with forward slashes ('' at the root or outside a repository). */
export function repoRelativePath(path: string): string {
  const root = findRepoRoot(path);
  return root ? relative(root, resolve(path)).split(sep).join('/') : '';
}
