/**
 * Tree-sitter grammars (WebAssembly): loaded once per thread, then one parser is reused for every file.
 * web-tree-sitter keeps trees in the wasm heap, so every tree must be deleted after its facts are taken.
 * TypeScript and JavaScript that the grammars cannot parse is bridged in code/grammar-gaps.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { CodeLanguage } from '../facts/types.js';
import { parseAcrossGaps } from './code/grammar-gaps.js';

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

function grammarDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

async function load(): Promise<CodeParser> {
  await Parser.init();
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
      // A tree reads its node text through the callback it was parsed with. Bridging a grammar gap parses a
      // rewritten text of the same length; once parsing is over, the callback reads the file as written again.
      let source = text;
      const parseText = (input: string): Tree => {
        source = input;
        const tree = parser.parse((index) => source.slice(index));
        if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} file`);
        return tree;
      };
      try {
        return language === 'python' ? parseText(text) : parseAcrossGaps(parseText, language, text);
      } finally {
        source = text;
      }
    },
  };
}

/** The thread's parser, loading the grammars on first use. */
export function codeParser(): Promise<CodeParser> {
  loading ??= load();
  return loading;
}
