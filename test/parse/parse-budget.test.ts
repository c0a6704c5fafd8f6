/** Every parse has a budget of steps: a parse past it stops, the parser is reset, and the next file parses as usual. */
import { describe, expect, it } from 'vitest';
import { codeParser } from '../../src/parse/grammars.js';
import { ParseBudgetExceeded, parseBudget } from '../../src/parse/parse-failures.js';

const NESTED = `x = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;

describe('parse budget', () => {
  it('stops a parse that runs past its budget, and the parser goes on with the next file', async () => {
    const parser = await codeParser();
    expect(() => parser.parse('python', NESTED, 50)).toThrow(ParseBudgetExceeded);
    const tree = parser.parse('python', 'def f():\n    return 1\n');
    try {
      expect(tree.rootNode.type).toBe('module');
      expect(tree.rootNode.hasError).toBe(false);
      expect(tree.rootNode.text).toBe('def f():\n    return 1\n');
    } finally {
      tree.delete();
    }
  });

  it('leaves room for pathological but finite input under the default budget', async () => {
    const parser = await codeParser();
    const tree = parser.parse('python', NESTED);
    try {
      expect(tree.rootNode.hasError).toBe(false);
    } finally {
      tree.delete();
    }
    expect(parseBudget(NESTED.length)).toBeGreaterThan(NESTED.length);
  });
});
