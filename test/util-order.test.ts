/** `byCodePoint` orders strings by Unicode code point, whatever the locale, including code points above U+FFFF. */
import { describe, expect, it } from 'vitest';
import { byCodePoint } from '../src/util/order.js';

/** The reference: compare the code point sequences one by one. */
function reference(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}

describe('byCodePoint', () => {
  it('sorts upper case before lower case, `_` between them, and accented letters after z', () => {
    expect(['z', 'ä', 'a', 'B', '_a', 'ch', 'h', 'å', 'y', 'i'].sort(byCodePoint)).toEqual(['B', '_a', 'a', 'ch', 'h', 'i', 'y', 'z', 'ä', 'å']);
  });

  it('puts a code point above U+FFFF after U+E000–U+FFFF, where UTF-16 order would not', () => {
    expect(['😀', '\uff01', 'a'].sort(byCodePoint)).toEqual(['a', '\uff01', '😀']);
    expect(['😀', '\uff01'].sort()).toEqual(['😀', '\uff01']);
  });

  it('agrees in sign with the code point sequences on random strings', () => {
    const alphabet = ['a', 'B', '_', 'ä', 'ch', '\ue000', '\uffff', '😀', '𝟘', ''];
    let seed = 11;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const word = (): string => Array.from({ length: next() % 5 }, () => alphabet[next() % alphabet.length] ?? '').join('');
    for (let n = 0; n < 2000; n++) {
      const a = word();
      const b = word();
      expect(Math.sign(byCodePoint(a, b)), `${a} vs ${b}`).toBe(Math.sign(reference(a, b)));
    }
  });
});
