/**
 * Facts the error-handling and bug rules read: comparisons with literals, jumps out of `finally`, uncaught
 * throws per function, event names of listeners, the try of each except clause, and imports resolved to project files.
 */
import { shellReader } from '../../src/parse/shell.js';
import { describe, expect, it } from 'vitest';
import type { CodeFacts } from '../../src/facts/types.js';
import { codeFacts } from '../helpers/code-facts.js';
import { Project } from '../../src/project/project.js';
import { resolveImport } from '../../src/project/resolve-import.js';

describe('comparisons', () => {
  it('keeps equality and identity comparisons that have a literal or a typeof operand', async () => {
    const py = await codeFacts('a.py', 'python', 'def f(x):\n    return x is "a" or x == 1 or x is None or x == y\n');
    expect(py.comparisons?.map((c) => `${c.left.text} ${c.operator} ${c.right.text}`)).toEqual(['x is "a"', 'x == 1']);
    const ts = await codeFacts('a.ts', 'typescript', "const a = typeof x === 'undefinded' || os.platform == 'win32' || x + 1 === y;\n");
    expect(ts.comparisons?.map((c) => `${c.left.text} ${c.operator} ${c.right.text}`)).toEqual(["typeof x === 'undefinded'", "os.platform == 'win32'"]);
  });
});

describe('jumps out of finally', () => {
  it('records return/break/continue that leave the block, not those of nested loops, switches or functions', async () => {
    const py = await codeFacts(
      'a.py',
      'python',
      ['def f(items):', '    try:', '        pass', '    finally:', '        for i in items:', '            break', '        def g():', '            return 1', '        return 2', ''].join('\n'),
    );
    expect(py.finallyJumps).toEqual([{ line: 9, keyword: 'return', fn: 0 }]);
    const ts = await codeFacts('a.ts', 'typescript', 'function f(k: string) {\n  try { g(); } finally {\n    switch (k) { case "a": break; }\n    return 1;\n  }\n}\n');
    expect(ts.finallyJumps?.map((j) => `${j.keyword}@${j.line}`)).toEqual(['return@4']);
  });
});

describe('throws and listeners', () => {
  it('records throws outside any try of the same function, and the event a callback listens to', async () => {
    const ts = await codeFacts(
      'a.ts',
      'typescript',
      ["server.on('error', (e) => {", '  throw e;', '});', 'function g() {', '  try { throw new Error("a"); } catch (e) { throw e; }', '}', ''].join('\n'),
    );
    const listener = ts.functions.find((f) => f.passedTo === 'server.on');
    expect(listener?.eventName).toBe('error');
    expect(listener?.throws).toEqual([2]);
    expect(ts.functions.find((f) => f.name === 'g')?.throws).toEqual([5]);
  });
});

describe('except clauses', () => {
  it('records the try each except clause belongs to', async () => {
    const py = await codeFacts(
      'a.py',
      'python',
      ['def f():', '    assert settings.ok, "not configured"', '    try:', '        pass', '    except OSError:', '        pass', '    except ValueError:', '        pass', ''].join('\n'),
    );
    expect(py.handlers.map((h) => h.tryLine)).toEqual([3, 3]);
  });
});

describe('resolveImport', () => {
  it('finds project files for JS relative specifiers and Python relative or package-absolute modules', async () => {
    const files = [
      await codeFacts('src/mail.ts', 'typescript', 'export async function send() {}\n'),
      await codeFacts('src/users.ts', 'typescript', "import { send } from './mail.js';\n"),
      await codeFacts('app/utils/mail.py', 'python', 'async def send():\n    pass\n'),
      await codeFacts('app/api/routes.py', 'python', 'from ..utils.mail import send\nfrom app.utils.mail import send as s\n'),
    ];
    const project = new Project({
      root: '/nowhere',
      files,
      components: [],
      lockfiles: [],
      otherFiles: [],
      manifests: [],
      aliases: [],
      // resolveImport reads files only; the inventories are not needed here.
      inventory: {} as Project['inventory'],
      shell: await shellReader(),
    });
    const [mail, users, pyMail, routes] = files;
    expect(resolveImport(project, users as CodeFacts, './mail.js')).toBe(mail);
    expect(resolveImport(project, routes as CodeFacts, '..utils.mail')).toBe(pyMail);
    expect(resolveImport(project, routes as CodeFacts, 'app.utils.mail')).toBe(pyMail);
    expect(resolveImport(project, users as CodeFacts, 'express')).toBeUndefined();
  });
});

describe('library defaults', () => {
  it('keeps `x.defaults.y = …` set inside a function, which other locals of computed values are not', async () => {
    const ts = await codeFacts('a.js', 'javascript', 'class S {\n  init() {\n    axios.defaults.timeout = 300 * 1000;\n    this.limit = 3 * 4;\n  }\n}\n');
    expect(ts.bindings.map((b) => `${b.name}@${b.line}`)).toEqual(['axios.defaults.timeout@3']);
  });
});
