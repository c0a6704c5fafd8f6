/**
 * Shell scripts as data: tree-sitter-bash reads a script (a CI `run:` block, a package.json script, a Makefile
 * recipe line, an entrypoint script) and this module turns the tree into the simple commands it runs, in order —
 * through lists (`&&`, `||`, `;`), pipelines, subshells, conditionals, loops and function bodies — with each
 * command's words unquoted, its leading assignments (`X=1 cmd`), and the variables the script sets. The tree is
 * deleted before the commands are returned: nothing outside this module sees a syntax tree.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { parserUsable, retireParser, shellTreeParser } from './grammars.js';
import { losesParser } from './parse-failures.js';

export interface ShellWord {
  /** The word with quotes removed; expansions (`$X`, `${X}`, `$(cmd)`) kept as written. */
  text: string;
  /** Some part of the word was quoted: an expansion in it is not split into several words. */
  quoted: boolean;
}

export interface ShellCommand {
  kind: 'command';
  words: ShellWord[];
  /** `X=1 Y=2 cmd`: variables set for this command only. */
  env: Array<{ name: string; value: string }>;
  /** 0-based line in the script. */
  line: number;
  text: string;
  /** Where its output goes: `> file`, `>> "$GITHUB_ENV"` (destinations as written, quotes removed). */
  redirects?: string[];
}

export interface ShellAssignment {
  kind: 'assign';
  name: string;
  value: string;
  line: number;
}

/** A subshell `( … )` begins or ends: `cd` and assignments inside it do not outlive it. */
export interface ShellScope {
  kind: 'enter' | 'leave';
  line: number;
}

export type ShellItem = ShellCommand | ShellAssignment | ShellScope;

export interface ShellReader {
  /** The script's simple commands and assignments in the order they appear. */
  read(script: string): readonly ShellItem[];
}

/** Strip one level of shell quoting from a word node, keeping expansions as written. */
function wordText(node: Node): ShellWord {
  switch (node.type) {
    case 'raw_string':
      return { text: node.text.slice(1, -1), quoted: true };
    case 'ansi_c_string':
      return { text: node.text.slice(2, -1), quoted: true };
    case 'string':
    case 'translated_string': {
      const inner = node.text.replace(/^\$?"/, '').replace(/"$/, '');
      return { text: inner.replace(/\\(["$`\\])/g, '$1'), quoted: true };
    }
    case 'concatenation': {
      const parts = node.namedChildren.filter((c): c is Node => c !== null).map(wordText);
      return { text: parts.map((p) => p.text).join(''), quoted: parts.some((p) => p.quoted) };
    }
    case 'word':
    case 'number':
      return { text: node.text.replace(/\\(.)/g, '$1'), quoted: false };
    default:
      return { text: node.text, quoted: false };
  }
}

function assignmentOf(node: Node): { name: string; value: string } | null {
  const name = node.childForFieldName('name')?.text;
  if (!name) return null;
  const value = node.childForFieldName('value');
  return { name, value: value ? wordText(value).text : '' };
}

const COMPOUND_BODY_SKIP = new Set(['comment', 'heredoc_body', 'heredoc_start', 'heredoc_end', 'file_redirect', 'herestring_redirect']);

function walk(node: Node, out: ShellItem[]): void {
  switch (node.type) {
    case 'command': {
      const env: ShellCommand['env'] = [];
      const words: ShellWord[] = [];
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'variable_assignment') {
          const a = assignmentOf(child);
          if (a) env.push(a);
        } else if (child.type === 'command_name') {
          const inner = child.namedChildren[0];
          words.push(inner ? wordText(inner) : { text: child.text, quoted: false });
        } else if (!COMPOUND_BODY_SKIP.has(child.type) && !child.type.endsWith('_redirect')) {
          words.push(wordText(child));
        }
      }
      if (words.length === 0) {
        // `X=1` alone, written as a command with no name.
        for (const a of env) out.push({ kind: 'assign', ...a, line: node.startPosition.row });
        return;
      }
      out.push({ kind: 'command', words, env, line: node.startPosition.row, text: node.text });
      return;
    }
    case 'variable_assignment': {
      const a = assignmentOf(node);
      if (a) out.push({ kind: 'assign', ...a, line: node.startPosition.row });
      return;
    }
    case 'declaration_command': {
      // `export X=1 Y`, `local X=2`: only the assignments matter.
      for (const child of node.namedChildren) if (child?.type === 'variable_assignment') walk(child, out);
      return;
    }
    case 'subshell':
      out.push({ kind: 'enter', line: node.startPosition.row });
      for (const child of node.namedChildren) if (child) walk(child, out);
      out.push({ kind: 'leave', line: node.endPosition.row });
      return;
    case 'redirected_statement': {
      const start = out.length;
      for (const child of node.namedChildren) if (child && child.type !== 'file_redirect') walk(child, out);
      const destinations = node.namedChildren
        .filter((c): c is Node => c?.type === 'file_redirect')
        .map((c) => c.childForFieldName('destination'))
        .filter((d): d is Node => d !== null)
        .map((d) => wordText(d).text);
      const last = out.slice(start).reverse().find((i): i is ShellCommand => i.kind === 'command');
      if (last && destinations.length > 0) last.redirects = destinations;
      return;
    }
    case 'comment':
    case 'heredoc_body':
    case 'test_command':
      return;
    default:
      for (const child of node.namedChildren) if (child) walk(child, out);
  }
}

function readWith(parser: Parser, script: string): ShellItem[] {
  const tree = parser.parse(script);
  if (!tree) return [];
  try {
    const out: ShellItem[] = [];
    walk(tree.rootNode, out);
    return out;
  } finally {
    tree.delete();
  }
}

/**
 * The thread's shell reader: scripts read once each (CI files and Makefiles repeat the same lines). When this
 * thread's tree-sitter instance aborted on a code file (inline parsing, `--jobs 1`), scripts can no longer be read:
 * commands are then not followed, and the aborted file already marks the analysis incomplete.
 */
export async function shellReader(): Promise<ShellReader> {
  const cache = new Map<string, readonly ShellItem[]>();
  const parser = parserUsable() ? await shellTreeParser() : undefined;
  return {
    read(script) {
      let items = cache.get(script);
      if (!items) {
        items = parser && parserUsable() ? readOrRetire(parser, script) : [];
        cache.set(script, items);
      }
      return items;
    },
  };
}

function readOrRetire(parser: Parser, script: string): ShellItem[] {
  try {
    return readWith(parser, script);
  } catch (error) {
    if (!losesParser(error)) throw error;
    retireParser('the parser aborted while reading a shell script');
    return [];
  }
}
