/**
 * The one string order of seaworthy's output: by Unicode code point. `localeCompare` follows the user's locale
 * (Swedish sorts `ä` after `z`, Czech sorts `ch` after `h`), so it would make the same audit print different
 * bytes on different machines; the lint configuration forbids it in src/.
 */

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * Compare two strings by code point (a comparator for `Array.prototype.sort`). Plain `<` compares UTF-16 code
 * units, which puts a code point above U+FFFF (stored as a surrogate pair) before U+E000–U+FFFF; here it sorts
 * after every code point of the Basic Multilingual Plane, as its value says.
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = isSurrogate(x);
    if (sx !== isSurrogate(y)) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
