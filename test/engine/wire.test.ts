/** Calls sent packed from worker threads come back as the very objects the extractor built. */
import { describe, expect, it } from 'vitest';
import { codeFacts } from '../helpers/code-facts.js';
import { restoreCalls, takeCalls } from '../../src/engine/wire.js';

describe('packed calls', () => {
  it('round-trips every field of Python and TypeScript calls', async () => {
    const py = await codeFacts('a.py', 'python', 'import requests\n\nasync def f(xs):\n    for x in xs:\n        try:\n            r = await requests.get(x, timeout=(3, 10), headers={"a": 1}, *xs)\n        except Exception:\n            pass\n    print(f"{xs}").strip()\n');
    const ts = await codeFacts('a.ts', 'typescript', 'const r = await fetch(url, { signal: AbortSignal.timeout(5) }).then((x) => x.json());\nnew Worker(...args);\n(cond ? a : b)(1);\n');
    for (const original of [py, ts]) {
      const expected = structuredClone(original.calls);
      expect(expected.length).toBeGreaterThan(1);
      const packed = takeCalls(original);
      expect(original.calls).toEqual([]);
      restoreCalls(original, structuredClone(packed));
      expect(original.calls).toStrictEqual(expected);
      expect(JSON.stringify(original.calls)).toBe(JSON.stringify(expected));
    }
  });

  it('leaves data files alone', () => {
    expect(takeCalls(null)).toBeNull();
  });
});
