import { describe, expect, it } from 'vitest';
import { firstArgumentSource, interpolatedExpressions, isDevOnlyPath } from './shared.js';

describe('interpolatedExpressions', () => {
  it('reads f-strings, keeping expressions and dropping format specs and escaped braces', () => {
    expect(interpolatedExpressions('f"SELECT {{x}} FROM t WHERE id = {user_id!r} AND n > {count:>3}"')).toEqual(['user_id', 'count']);
  });

  it('reads template literals, nested braces included', () => {
    expect(interpolatedExpressions('`convert ${file} ${opts({ a: 1 })}`')).toEqual(['file', 'opts({ a: 1 })']);
  });

  it('reads concatenation, % with a tuple or a dict, and .format()', () => {
    expect(interpolatedExpressions('"tar czf /tmp/" + name + ".tgz"')).toEqual(['name']);
    expect(interpolatedExpressions('"%s and %s" % (a, b.c)')).toEqual(['a', 'b.c']);
    expect(interpolatedExpressions('"VALUES (\'%(name)s\')" % {"name": name}')).toEqual(['name']);
    expect(interpolatedExpressions('"owner = \'{}\'".format(owner, sep=x)')).toEqual(['owner', 'x']);
  });

  it('ignores operators inside string literals', () => {
    expect(interpolatedExpressions('"a + b %" + value')).toEqual(['value']);
  });

  it('returns nothing for a plain literal', () => {
    expect(interpolatedExpressions('"SELECT 1"')).toEqual([]);
  });
});

describe('firstArgumentSource', () => {
  it('takes the first argument of a multi-line call', () => {
    expect(firstArgumentSource('this.query(\n  `SELECT ${a}` +\n  `FROM t`,\n  [schemas],\n)')).toBe('`SELECT ${a}` +\n  `FROM t`');
  });
});

describe('isDevOnlyPath', () => {
  it('knows development and test settings from production ones', () => {
    expect(isDevOnlyPath('shop/settings/dev.py')).toBe(true);
    expect(isDevOnlyPath('settings_local.py')).toBe(true);
    expect(isDevOnlyPath('shop/settings/local.py')).toBe(true);
    expect(isDevOnlyPath('shop/settings/production.py')).toBe(false);
    expect(isDevOnlyPath('shop/settings.py')).toBe(false);
  });
});
