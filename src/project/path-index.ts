/**
 * Lookups by path over a fixed list of files, answered without scanning the list: the files whose path ends with a
 * tail at a folder boundary (`b/c.py` finds `a/b/c.py` and `b/c.py`, not `ab/c.py`), and whether any path starts
 * with a prefix. Rules that ask this once per import or per call would otherwise read every path each time.
 * Each lookup table is built on first use.
 */
import { pushTo } from '../util/group.js';

export class PathIndex<T extends { path: string }> {
  private byTail: Map<string, T[]> | undefined;
  private position: Map<T, number> | undefined;
  private sorted: string[] | undefined;

  constructor(private readonly files: readonly T[]) {}

  /** Files whose path is one of `tails` or ends with `/` and one of them, in the order of the list given to the index. */
  endingWith(...tails: string[]): T[] {
    const { byTail, position } = this.tailTable();
    const found = new Set(tails.flatMap((tail) => byTail.get(tail) ?? []));
    return [...found].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  }

  private tailTable(): { byTail: Map<string, T[]>; position: Map<T, number> } {
    if (this.byTail && this.position) return { byTail: this.byTail, position: this.position };
    const byTail = new Map<string, T[]>();
    const position = new Map<T, number>();
    for (const [i, file] of this.files.entries()) {
      position.set(file, i);
      for (let start = 0; ; ) {
        pushTo(byTail, file.path.slice(start), file);
        const slash = file.path.indexOf('/', start);
        if (slash === -1) break;
        start = slash + 1;
      }
    }
    this.byTail = byTail;
    this.position = position;
    return { byTail, position };
  }

  /** Does the path of some file start with `prefix`? */
  someStartsWith(prefix: string): boolean {
    this.sorted ??= this.files.map((f) => f.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((sorted[mid] as string) < prefix) low = mid + 1;
      else high = mid;
    }
    return sorted[low]?.startsWith(prefix) ?? false;
  }
}
