/**
 * Tree-sitter grammars (WebAssembly): loaded once per thread, then one parser is reused for every file.
 * web-tree-sitter keeps trees in the wasm heap, so every tree must be deleted after its facts are taken.
 * TypeScript and JavaScript that the grammars cannot parse is bridged in code/grammar-gaps.ts.
 * Every parse has a budget of steps, and a parser whose instance aborted is retired (parse-failures.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { CodeLanguage } from '../facts/types.js';
import { parseAcrossGaps } from './code/grammar-gaps.js';
import { abortMessage, losesParser, ParseBudgetExceeded, ParserLost, parseBudget } from './parse-failures.js';

const GRAMMAR_FILES: Record<CodeLanguage, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
};

export interface CodeParser {
  /**
   * The syntax tree of `text`. Throws ParseBudgetExceeded when parsing takes more than `budget` progress steps
   * (default: parseBudget of the text's length), and ParserLost when the WebAssembly instance aborts or has aborted.
   */
  parse(language: CodeLanguage, text: string, budget?: number): Tree;
}

let loading: Promise<CodeParser> | null = null;
/** Why this thread's parser may no longer be used; null while it works. */
let retired: string | null = null;

/** Marks this thread's parser unusable: its WebAssembly instance aborted, here or while a tree was being read. */
export function retireParser(reason: string): void {
  retired ??= reason;
}

/** Can this thread still parse? False once its parser instance aborted. */
export function parserUsable(): boolean {
  return retired === null;
}

function grammarDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
}

async function load(): Promise<CodeParser> {
  // An abort is reported as an analysis error of the file that caused it; Emscripten's own line on stderr is noise.
  await Parser.init({ printErr: () => undefined });
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
    parse(language, text, budget = parseBudget(text.length)) {
      if (retired !== null) throw new ParserLost(retired);
      const wanted = languages[language];
      // A tree reads its node text through the callback it was parsed with. Bridging a grammar gap parses a
      // rewritten text of the same length; once parsing is over, the callback reads the file as written again.
      let source = text;
      const parseText = (input: string): Tree => {
        source = input;
        let steps = 0;
        let tree: Tree | null;
        try {
          if (current !== wanted) {
            parser.setLanguage(wanted);
            current = wanted;
          }
          tree = parser.parse((index) => source.slice(index), null, { progressCallback: () => ++steps > budget });
        } catch (error) {
          if (!losesParser(error)) throw error;
          retireParser('the parser aborted on an earlier file in this thread');
          throw new ParserLost(`the parser aborted on this file (${abortMessage(error)}), most likely out of memory`);
        }
        if (!tree && steps > budget) {
          parser.reset();
          throw new ParseBudgetExceeded(budget);
        }
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
