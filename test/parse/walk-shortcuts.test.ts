/**
 * The fact walks avoid asking the syntax tree where the source text answers (a comment starts with `#`, only an
 * `f`/`t` string can interpolate, a template without `${` has no substitution, a function-local `x = y.z` binds
 * nothing a rule reads). These cases pin that the answers are the tree's.
 */
import { describe, expect, it } from 'vitest';
import { codeFacts } from '../helpers/code-facts.js';

describe('Python strings', () => {
  it('calls a string formatted only when it interpolates, whatever its prefix', async () => {
    const facts = await codeFacts('a.py', 'python', 'call(a=f"plain", b=rb"x{y}", c=F"{v}", d=rf\'{x}\', e="a" f"{b}", g="a" "b", h=u"u")\n');
    const kwargs = facts.calls[0]?.kwargs ?? {};
    const shown = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, v.kind === 'string' ? `string:${String(v.value)}` : v.kind]));
    expect(shown).toEqual({ a: 'string:plain', b: 'string:x{y}', c: 'fstring', d: 'fstring', e: 'fstring', g: 'string:ab', h: 'string:u' });
  });
});

describe('Python bodies', () => {
  it('leaves comments out of a body, and finds the docstring after one', async () => {
    const source = ['def f():', '    # a comment', '    r"""See "https://docs.example.com/f"."""', '    return "https://api.example.com/v1"', '', 'async def g():', '    ...', ''].join('\n');
    const facts = await codeFacts('a.py', 'python', source);
    const [f, g] = facts.functions;
    expect(f?.statements).toBe(2);
    expect(f?.isAsync).toBe(false);
    expect(g?.isAsync).toBe(true);
    expect(g?.stub).toBe('ellipsis');
    // A URL in a docstring is documentation; the one the code returns is kept.
    expect(facts.urls.map((u) => u.value)).toEqual(['https://api.example.com/v1']);
  });

  it('binds literals and built strings inside functions, anything at module level', async () => {
    const source = ['X = compute()', 'def f(y):', '    a = y.z', '    b = compute()', '    token = "abc"', '    msg = "a {}".format(y)', '    c = obj.reformat(y)', ''].join('\n');
    const facts = await codeFacts('a.py', 'python', source);
    expect(facts.bindings.map((b) => `${b.name}:${b.value.kind}`)).toEqual(['X:call', 'token:string', 'msg:format']);
  });
});

describe('JavaScript values', () => {
  it('tells templates with substitutions from plain ones, and sees through parentheses and type assertions', async () => {
    const facts = await codeFacts('a.ts', 'typescript', 'call(`plain`, `a ${b}`, (x as any), ...rest, `\\${not}`);\n');
    const call = facts.calls[0];
    expect(call?.args.map((a) => (a.kind === 'string' ? `string:${String(a.value)}` : a.kind))).toEqual(['string:plain', 'template', 'identifier', 'string:\\${not}']);
    expect(call?.hasSpread).toBe(true);
  });
});
