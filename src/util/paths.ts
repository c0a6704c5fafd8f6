/** Repository-relative paths, `/`-separated, with `.` for the root. */

/** The folder of a path: `a/b/c.py` → `a/b`, `c.py` → `.`. */
export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '.' : path.slice(0, slash);
}

/** `rel` resolved against the folder `dir`, `.` and `..` applied: (`a/b`, `../c`) → `a/c`; the root is `.`. */
export function joinPath(dir: string, rel: string): string {
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  for (const segment of rel.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/') || '.';
}
