/** "Verify by hand" commands print each evidence line once, in file order. */
import { describe, expect, it } from 'vitest';
import { verifyCommands } from '../../src/render/review/verify.js';

const at = (path: string, line: number, endLine = line) => ({ path, line, endLine, snippet: '' });

describe('verifyCommands', () => {
  it('merges overlapping and adjacent spans of one file, in file order', () => {
    const { commands } = verifyCommands({ locations: [at('a.ts', 90, 92), at('a.ts', 91), at('a.ts', 40), at('a.ts', 93, 95)] });
    expect(commands).toEqual(["sed -n '40,40p;90,95p' a.ts"]);
  });

  it('keeps one command per file and counts the files left out', () => {
    const { commands, more } = verifyCommands({ locations: [at('a.ts', 1), at('b c.py', 2), at('c.ts', 3), at('d.ts', 4)] }, 2);
    expect(commands).toEqual(["sed -n '1,1p' a.ts", "sed -n '2,2p' 'b c.py'"]);
    expect(more).toBe(2);
  });
});
