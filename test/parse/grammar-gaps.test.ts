/**
 * Valid modern TypeScript and JavaScript that the tree-sitter grammars cannot parse on their own
 * (src/parse/code/grammar-gaps.ts): each construct parses without a syntax error, and its facts are taken.
 */
import { describe, expect, it } from 'vitest';
import type { CodeFacts } from '../../src/facts/types.js';
import { applyPatches } from '../../src/parse/code/grammar-gaps.js';
import { codeFacts } from '../helpers/code-facts.js';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
const callees = (facts: CodeFacts): string[] => facts.calls.map((c) => `${c.callee}@${c.line}`);

describe('constructs the grammars miss', () => {
  it('export type * (as X) from: a type-only re-export', async () => {
    const facts = await codeFacts(
      'src/index.ts',
      'typescript',
      lines("export type * as Model from './model';", "export type * from './schema';", "export * from './runtime';", 'export const ready = start();'),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(facts.imports.map((i) => [i.module, i.line, i.typeOnly])).toEqual([
      ['./model', 1, true],
      ['./schema', 2, true],
      ['./runtime', 3, false],
    ]);
    expect(callees(facts)).toEqual(['start@4']);
  });

  it('generic tagged templates: the tag and the calls inside the template are seen', async () => {
    const facts = await codeFacts(
      'src/users.ts',
      'typescript',
      lines(
        'export async function find(id: string) {',
        '  const rows = await sql<User[]>`select * from users where id = ${normalise(id)}`;',
        '  const Button = styled.button<{ primary: boolean }>`',
        '    color: ${(p) => pick(p.primary)};',
        '  `;',
        '  const one = await sql<Row>`select ${pick(rows)}`;',
        '  const many = await sql<{',
        '    id: string',
        '  }[]>`select ${columns()}`;',
        '  return rows;',
        '}',
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    // With one type name, `sql<Row>`…`` parses without error but as comparisons, `(sql < Row) > `…``: the tag is lost.
    expect(callees(facts)).toEqual(['sql@2', 'normalise@2', 'styled.button@3', 'pick@4', 'sql@6', 'pick@6', 'sql@7', 'columns@9']);
    const sql = facts.calls[0];
    expect([sql?.awaited, sql?.assignedTo, sql?.fn]).toEqual([true, 'rows', 0]);
  });

  it('optional parameters in generic call signatures written one per line (dual APIs)', async () => {
    const facts = await codeFacts(
      'src/box.ts',
      'typescript',
      lines(
        'export const map: {',
        '  <A, B>(f: (a: A) => B, options?: Options): (self: Box<A>) => Box<B>',
        '  <A, B>(self: Box<A>, f: (a: A) => B, options?: Options): Box<B>',
        '} = dual(2, (self, f, options) => wrap(f(self.value), options))',
        'export const pipe: {',
        '  <A>(this: A): A',
        '  <A, B = never>(this: A, ab?: (_: A) => B): B',
        '} = function () { return apply(this, arguments) }',
        'export interface Glob {',
        '  <Eager extends boolean>(glob: string, options?: Options<Eager>): (Eager extends true ? 1 : 0) extends 1',
        '    ? Modules',
        '    : Loaders',
        '  /** With a query. */',
        '  <',
        '    Query extends string,',
        '  >(glob: string, options?: Options<Query>): Loaders',
        '}',
        'export const glob = create();',
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['dual@4', 'wrap@4', 'f@4', 'apply@8', 'create@18']);
    expect(facts.functions.map((f) => [f.line, f.params.map((p) => p.name)])).toEqual([
      [4, ['self', 'f', 'options']],
      [8, []],
    ]);
  });

  it('type keywords as optional property and parameter names', async () => {
    const facts = await codeFacts(
      'src/paper.ts',
      'typescript',
      lines(
        'export interface Paper { title: string; abstract?: string }',
        'export class Talk { abstract?: string; speaker = load() }',
        'export type Done = (unknown?: Error, readonly?: boolean) => void;',
        'export const ok = check();',
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(facts.classes[0]?.fields.map((f) => f.name)).toEqual(['abstract', 'speaker']);
    expect(callees(facts)).toEqual(['load@2', 'check@4']);
  });

  it("import('x').T types: type-only imports, however the type goes on", async () => {
    const facts = await codeFacts(
      'src/load.ts',
      'typescript',
      lines(
        "export function load(config: import('./config').Config<string>, plugins: import('./plugins').Plugin[]): typeof import('./defaults') {",
        '  return readConfig(config, plugins);',
        '}',
        "declare const rule: import('@scope/kit').RuleModule<'a' | 'b', [], { visit(node: Node): void; }> & { name: string };",
        "export const lazy = () => import('./lazy');",
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    // The grammar takes an import type only bare, so the type arguments and brackets after it are left out.
    expect(facts.functions[0]?.params.map((p) => [p.name, p.annotation])).toEqual([
      ['config', "import('./config').Config"],
      ['plugins', "import('./plugins').Plugin"],
    ]);
    expect(callees(facts).filter((c) => !c.startsWith('import@'))).toEqual(['readConfig@2']);
    expect(facts.imports.map((i) => [i.module, i.typeOnly, i.lazy])).toEqual([
      ['./config', true, false],
      ['./plugins', true, false],
      ['./defaults', true, false],
      ['@scope/kit', true, false],
      ['./lazy', false, true],
    ]);
  });

  it('String.raw templates with escapes that are not valid (\\u${…}, \\x): calls inside are seen, text is quoted as written', async () => {
    const facts = await codeFacts(
      'src/raw.js',
      'javascript',
      lines('const pattern = String.raw`\\u${code(1)}\\d+`;', 'const path = String.raw`C:\\xfiles\\\\${dir()}`;', 'run(pattern, path);'),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['String.raw@1', 'code@1', 'String.raw@2', 'dir@2', 'run@3']);
    expect(facts.bindings.find((b) => b.name === 'pattern')?.value.text).toBe('String.raw`\\u${code(1)}\\d+`');
  });

  it('JSX attributes named with reserved words (class=, for=) and a bare & in JSX text, in .js files', async () => {
    const facts = await codeFacts(
      'src/Field.jsx',
      'javascript',
      lines(
        'export function Field({ save }) {',
        '  return (',
        '    <label for="name" class="field" onClick={() => save("name")}>',
        '      Name & Surname',
        '    </label>',
        '  );',
        '}',
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['save@3']);
    expect(facts.calls[0]?.args.map((a) => a.value)).toEqual(['name']);
    expect(facts.functions.map((f) => f.qualifiedName)).toEqual(['Field', 'Field.(anonymous)']);
  });

  it('a bare & in TSX text', async () => {
    const facts = await codeFacts(
      'src/Terms.tsx',
      'tsx',
      lines('export const Terms = () => (', '  <p>Terms & Conditions {agreed && <b>Q&A</b>} && more</p>', ');', 'track();'),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['track@4']);
  });

  it('escapes in template literal types', async () => {
    const facts = await codeFacts(
      'src/types.ts',
      'typescript',
      lines('export type Endpoint =', '  | `tcp://${Host}`', '  | `pipe:\\\\\\\\.\\\\pipe\\\\${Host}`', '  | `a\\nb\\`c${Host}`;', 'export const parse = (e: Endpoint) => split(e);'),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['split@5']);
  });

  it('variance annotations, static accessors and global blocks inside module declarations', async () => {
    const facts = await codeFacts(
      'src/effect.ts',
      'typescript',
      lines(
        'export interface Variance<out A, in E, in out R> { readonly _A: A }',
        'export class Store<in out T> {',
        '  static accessor count = init();',
        '}',
        "declare module 'express' {",
        '  global {',
        '    interface Request { user?: string }',
        '  }',
        '}',
        'export const store = new Store();',
      ),
    );
    expect(facts.parseErrors).toEqual([]);
    expect(callees(facts)).toEqual(['init@3', 'Store@10']);
    expect(facts.classes.map((c) => [c.name, c.fields.map((f) => f.name)])).toEqual([['Store', ['count']]]);
  });
});

describe('bridging never hides a real error or moves a position', () => {
  it('still reports a syntax error next to a bridged construct, on its own line', async () => {
    const facts = await codeFacts('src/broken.ts', 'typescript', lines('const rows = await sql<Row>`select ${id}`;', 'run(rows);', 'function broken( {', 'after();'));
    expect(facts.parseErrors.map((e) => e.line)).toEqual([3]);
    expect(callees(facts).slice(0, 2)).toEqual(['sql@1', 'run@2']);
  });

  it('patches keep the text length and every line break, and never overlap', () => {
    const source = 'ab\ncd\r\nef';
    expect(applyPatches(source, [{ at: 0, text: '__' }, { at: 1, text: 'X' }, { at: 4, text: '  ' }, { at: 7, text: 'EF' }])).toBe('__\ncd\r\nEF');
    expect(applyPatches(source, [{ at: 8, text: 'xyz' }])).toBe(source);
  });
});
