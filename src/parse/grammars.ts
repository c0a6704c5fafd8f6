/**
 * Tree-sitter grammars (WebAssembly): loaded once per thread, then one parser is reused for every file.
 * web-tree-sitter keeps trees in the wasm heap, so every tree must be deleted after its facts are taken.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { CodeLanguage } from '../facts/types.js';

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

export interface CodeParser {
  parse(language: CodeLanguage, text: string): Tree;
}

let loading: Promise<CodeParser> | null = null;
let initializing: Promise<void> | null = null;

/** web-tree-sitter is initialised once per thread: a second `Parser.init()` would orphan the grammars already loaded. */
function initTreeSitter(): Promise<void> {
  initializing ??= Parser.init();
  return initializing;
}

function grammarDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

async function load(): Promise<CodeParser> {
  await initTreeSitter();
  const dir = grammarDir();
  const byFile = new Map<string, Language>();
  const languages = {} as Record<CodeLanguage, Language>;
  for (const [language, file] of Object.entries(GRAMMAR_FILES) as Array<[CodeLanguage, string]>) {
    let loaded = byFile.get(file);
    if (!loaded) {
      loaded = await Language.load(join(dir, file));
      byFile.set(file, loaded);
    }
    languages[language] = loaded;
  }
  const parser = new Parser();
  let current: Language | null = null;
  return {
    parse(language, text) {
      const wanted = languages[language];
      if (current !== wanted) {
        parser.setLanguage(wanted);
        current = wanted;
      }
      const tree = parser.parse(text);
      if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} file`);
      return tree;
    },
  };
}

/** The thread's parser, loading the grammars on first use. */
export function codeParser(): Promise<CodeParser> {
  loading ??= load();
  return loading;
}

let shellLoading: Promise<Parser> | null = null;

/** A parser for shell scripts (tree-sitter-bash), loaded on first use; see parse/shell.ts. */
export function shellTreeParser(): Promise<Parser> {
  shellLoading ??= (async () => {
    await initTreeSitter();
    const parser = new Parser();
    parser.setLanguage(await Language.load(join(grammarDir(), 'tree-sitter-bash.wasm')));
    return parser;
  })();
  return shellLoading;
}
