/** `clip` flattens whitespace and caps the length; on long texts it must agree with flattening the whole text. */
import { describe, expect, it } from 'vitest';
import { clip, didYouMean } from '../src/util/text.js';

function naive(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

describe('clip', () => {
  it('agrees with flattening the whole text, whatever the whitespace', () => {
    const pieces = ['a', 'bc', ' ', '\n', '\t\t', '    ', 'def', '\n\n\n      '];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 300; n++) {
      const length = next() % 3000;
      let text = '';
      while (text.length < length) text += pieces[next() % pieces.length] ?? '';
      for (const max of [20, 120]) expect(clip(text, max)).toBe(naive(text, max));
    }
    const mostlyBlank = `x${' '.repeat(5000)}y`;
    expect(clip(mostlyBlank)).toBe('x y');
  });
});

describe('didYouMean', () => {
  it('answers the closest candidate within 40 % of the length, case-insensitively, the earlier one on a tie', () => {
    expect(didYouMean('rulez', ['components', 'rules', 'ignore'])).toBe('rules');
    expect(didYouMean('hihg', ['blocker', 'high', 'medium'])).toBe('high');
    expect(didYouMean('tmo01', ['TMO001', 'TMO002'])).toBe('TMO001');
    expect(didYouMean('nonsense', ['rules', 'ignore'])).toBeUndefined();
    expect(didYouMean('ab', ['ac', 'ad'])).toBe('ac');
  });
});
