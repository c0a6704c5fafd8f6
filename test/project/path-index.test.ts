import { describe, expect, it } from 'vitest';
import { PathIndex } from '../../src/project/path-index.js';

const files = ['src/app/utils.py', 'app/utils.py', 'lib/myapp/utils.py', 'app/utils/__init__.py', 'utils.py', 'README.md', 'src/foo.bar/x.ts', 'src/foo.ts'].map((path) => ({ path }));

describe('PathIndex', () => {
  const index = new PathIndex(files);

  it('finds the files ending with a tail at a folder boundary, in the order given', () => {
    expect(index.endingWith('app/utils.py').map((f) => f.path)).toEqual(['src/app/utils.py', 'app/utils.py']);
    expect(index.endingWith('utils.py', 'app/utils/__init__.py').map((f) => f.path)).toEqual(['src/app/utils.py', 'app/utils.py', 'lib/myapp/utils.py', 'app/utils/__init__.py', 'utils.py']);
    expect(index.endingWith('pp/utils.py')).toEqual([]);
  });

  it('answers like a scan of every path', () => {
    for (const tail of ['utils.py', 'app/utils.py', 'myapp/utils.py', 'x.ts', 'foo.bar/x.ts', 'nothing']) {
      expect(index.endingWith(tail)).toEqual(files.filter((f) => f.path === tail || f.path.endsWith(`/${tail}`)));
    }
    for (const prefix of ['src/', 'src/foo.', 'src/foo/', 'app/utils', 'b', 'README.md', 'zzz', '']) {
      expect(index.someStartsWith(prefix)).toBe(files.some((f) => f.path.startsWith(prefix)));
    }
  });
});
