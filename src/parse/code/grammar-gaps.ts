/**
 * Valid TypeScript, TSX and JavaScript that the grammars cannot parse, and how to parse it anyway.
 *
 * The grammars are the newest published: @vscode/tree-sitter-wasm 0.3.1 ships wasm files byte-identical to those of
 * tree-sitter-typescript 0.23.2 and tree-sitter-javascript 0.25.0 (the latest on npm; no other package ships a newer
 * build, and their upstream sources have the same gaps). When a parse has errors, each outermost error is shown to
 * the gaps below; a gap that recognises it rewrites the text around it into an equivalent that the grammar parses
 * (blanking type arguments, a variance keyword, a `type` before `*`...). Every rewrite keeps the text exactly as long,
 * with every line break where it was, so positions do not move; the caller reads node text from the file as
 * written, so facts quote the real source. The file is then parsed again, and the rewrite is kept only if less of
 * the file is inside errors. Code that parses without errors is never rewritten, except a misread tagged template
 * (misreadTaggedTemplates).
 *
 * What a rewrite loses: the blanked type arguments and brackets after an import type (so a parameter annotation
 * ends before them, and an import type inside those type arguments is not recorded).
 *
 * Known gaps not bridged (rare, and mostly in generated `.d.ts` files): a space inside a mapped type's `]? :`,
 * `keyof readonly T[]`, an import type in parentheses (`(import('x').A | B)[]`), `extends` or `export` as a JSX
 * attribute name, contextual keywords as parameter names inside function types other than those in KEYWORD_NAMES,
 * `yield`/`await` as names (invalid in modules anyway).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { CodeLanguage } from '../../facts/types.js';
import { errorNodes } from './common.js';

/** Write `text` over the source at `at` (same length, so nothing after it moves). */
export interface Patch {
  at: number;
  text: string;
}

interface Gap {
  /** The valid code the grammar cannot parse. */
  construct: string;
  languages: readonly CodeLanguage[];
  /** Rewrites that bridge this error, or none when the error is not this gap. */
  bridge(error: Node, source: string): Patch[];
}

const TS: readonly CodeLanguage[] = ['typescript', 'tsx'];
const JSX: readonly CodeLanguage[] = ['javascript', 'tsx'];
const ALL: readonly CodeLanguage[] = ['typescript', 'tsx', 'javascript'];

/** Spaces over a range, keeping its line breaks. */
function blank(source: string, start: number, end: number): Patch {
  return { at: start, text: source.slice(start, end).replace(/[^\r\n]/g, ' ') };
}

function skipSpaces(source: string, from: number): number {
  let i = from;
  while (i < source.length && /\s/.test(source[i] ?? '')) i++;
  return i;
}

const CLOSERS: Record<string, string> = { '<': '>', '[': ']', '(': ')', '{': '}' };

/**
 * End (exclusive) of the bracketed group that opens at `open` (`<…>` or `[…]`, nesting any brackets, skipping
 * strings and the `>` of `=>`), or -1 when it does not close within a few thousand characters.
 */
function groupEnd(source: string, open: number): number {
  const stack: string[] = [];
  const limit = Math.min(source.length, open + 4000);
  for (let i = open; i < limit; i++) {
    const c = source[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < limit && source[i] !== c; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (c === '>' && source[i - 1] === '=') continue;
    const closer = CLOSERS[c];
    if (closer) stack.push(closer);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i + 1;
    } else if (c === ';' && stack[stack.length - 1] !== '}') return -1;
  }
  return -1;
}

function hasAncestor(node: Node, types: ReadonlySet<string>, depth: number): boolean {
  let n = node.parent;
  for (let i = 0; n && i < depth; i++, n = n.parent) if (types.has(n.type)) return true;
  return false;
}

/** `export type * from './x'` and `export type * as X from './x'` (TypeScript 5.0): written as `export type {} from`. */
const exportTypeStar: Gap = {
  construct: 'export type * (as X) from',
  languages: TS,
  bridge(error, source) {
    if (!error.isError || error.parent?.type !== 'export_statement' || source.slice(error.startIndex, error.endIndex) !== 'type') return [];
    const match = /^(\s*)\*(\s*as\s+[A-Za-z_$][\w$]*)?/.exec(source.slice(error.endIndex, error.endIndex + 200));
    if (!match) return [];
    const star = error.endIndex + (match[1] ?? '').length;
    const alias = match[2];
    if (alias) return [{ at: star, text: '{' }, blank(source, star + 1, star + alias.length), { at: star + alias.length, text: '}' }];
    return source[star + 1] === ' ' || source[star + 1] === '\t' ? [{ at: star, text: '{}' }] : [];
  },
};

/** ``sql<Row>`select …` ``: a tagged template with type arguments, which the grammar reads as `sql<Row>!`. */
const genericTaggedTemplate: Gap = {
  construct: 'tagged template with type arguments',
  languages: TS,
  bridge(error, source) {
    if (!error.isMissing || error.type !== '!') return [];
    const wrapper = error.parent;
    const call = wrapper?.parent;
    if (wrapper?.type !== 'non_null_expression' || call?.type !== 'call_expression' || call.childForFieldName('arguments')?.type !== 'template_string') return [];
    const tagged = wrapper.namedChild(0);
    const typeArguments = tagged?.type === 'instantiation_expression' ? tagged.childForFieldName('type_arguments') : null;
    return typeArguments ? [blank(source, typeArguments.startIndex, typeArguments.endIndex)] : [];
  },
};

const IMPORT_TYPE = /\bimport\s*\(\s*(['"])[^'"\n]*\1\s*\)(?:\s*\.\s*[A-Za-z_$][\w$]*)+/g;

/** `import('x').A<B>` and `import('x').A[]`: the grammar takes an import type only bare; the suffix is blanked. */
const importTypeSuffix: Gap = {
  construct: "import('x').T<…> / import('x').T[] types",
  languages: TS,
  bridge(error, source) {
    const from = Math.max(0, error.startIndex - 400);
    const patches: Patch[] = [];
    for (const match of source.slice(from, error.endIndex + 1).matchAll(IMPORT_TYPE)) {
      const start = from + match.index;
      let end = start + match[0].length;
      if (end < error.startIndex || start > error.endIndex) continue;
      for (;;) {
        const next = skipSpaces(source, end);
        if (source[next] !== '<' && source[next] !== '[') break;
        const close = groupEnd(source, next);
        if (close < 0) break;
        patches.push(blank(source, next, close));
        end = close;
      }
    }
    return patches;
  },
};

/** ``String.raw`C:\x\u${…}` ``: a tagged template may hold escapes that are not valid (ES2018). */
const taggedTemplateEscape: Gap = {
  construct: 'invalid escape in a tagged template (String.raw`\\u${…}`)',
  languages: ALL,
  bridge(error, source) {
    const template = error.parent;
    if (!error.isError || template?.type !== 'template_string' || template.parent?.type !== 'call_expression') return [];
    const at = error.startIndex;
    return source[at] === '\\' && (source[at + 1] === 'u' || source[at + 1] === 'x') ? [{ at: at + 1, text: '\\' }] : [];
  },
};

/** `` `pipe:\\${Host}` `` as a type: the grammar has no escapes in template literal types; they become plain text. */
const templateLiteralTypeEscape: Gap = {
  construct: 'escape in a template literal type',
  languages: TS,
  bridge(error, source) {
    if (!error.isError || !error.children.some((c) => c?.type === 'escape_sequence')) return [];
    const start = error.parent?.type === 'template_literal_type' ? error.parent.startIndex : error.startIndex;
    if (source[start] !== '`') return [];
    const patches: Patch[] = [];
    let depth = 0;
    for (let i = start + 1; i < source.length; i++) {
      const c = source[i];
      if (depth === 0 && c === '`') break;
      if (depth === 0 && c === '\\') {
        patches.push({ at: i, text: source[i + 1] === '\n' || source[i + 1] === '\r' ? '_' : '__' });
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        depth++;
        i++;
      } else if (depth > 0 && c === '{') depth++;
      else if (depth > 0 && c === '}') depth--;
    }
    return patches;
  },
};

const JSX_SIBLINGS = new Set(['jsx_text', 'jsx_opening_element', 'jsx_closing_element', 'jsx_self_closing_element', 'jsx_expression', 'jsx_element', 'html_character_reference']);

/** `&` and `&&` tokens that error recovery left inside an ERROR node, within `error` (itself included). */
function strayAmpersands(error: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node, depth: number): void => {
    for (const child of node.children) {
      if (!child) continue;
      if ((child.type === '&' || child.type === '&&') && node.isError) out.push(child);
      else if (child.hasError && depth < 8) visit(child, depth + 1);
    }
  };
  visit(error, 0);
  return out;
}

/** `<p>Terms & Conditions</p>`: a bare `&` in JSX text (the grammar takes `&` only as the start of an entity). */
const jsxTextAmpersand: Gap = {
  construct: 'bare & in JSX text',
  languages: JSX,
  bridge(error, source) {
    if (!error.isError) return [];
    return strayAmpersands(error)
      .filter((token) => {
        const before = token.previousSibling ?? token.parent?.previousSibling;
        return before ? JSX_SIBLINGS.has(before.type) : token.parent?.parent?.type === 'jsx_element';
      })
      .map((token) => blank(source, token.startIndex, token.endIndex));
  },
};

const RESERVED_WORDS =
  'break|case|catch|class|const|continue|debugger|default|delete|do|else|export|extends|false|finally|for|function|if|import|in|instanceof|new|null|return|super|switch|this|throw|true|try|typeof|var|void|while|with';
const RESERVED_ATTRIBUTE = new RegExp(`(?<=\\s)(?:${RESERVED_WORDS})(?=\\s*=\\s*["'{])`, 'g');

/** `<label for="x" class="y">` in a .js/.jsx file: the JavaScript grammar refuses reserved words as attribute names. */
const jsxReservedAttribute: Gap = {
  construct: 'reserved word as a JSX attribute name (class=, for=)',
  languages: ['javascript'],
  bridge(error, source) {
    if (!error.isError) return [];
    // From one character earlier: the attribute name may begin the error, and a space must come before it.
    const from = Math.max(0, error.startIndex - 1);
    return [...source.slice(from, error.endIndex + 16).matchAll(RESERVED_ATTRIBUTE)]
      .filter((m) => from + m.index < error.endIndex)
      .map((m) => ({ at: from + m.index, text: '_' }));
  },
};

const TYPE_MEMBERS = new Set(['object_type', 'interface_body']);

/**
 * Call signatures that start with type parameters, one per line without separators (`{ <A>(a: A): B` newline
 * `<A, C>(a: A, c: C): B }`, the style of `dual` APIs): the grammar reads the next `<` as type arguments of the
 * return type. A `;` goes into the indentation before it.
 */
const unseparatedCallSignature: Gap = {
  construct: 'generic call signatures separated by line breaks only',
  languages: TS,
  bridge(error, source) {
    if (!error.isError || !hasAncestor(error, TYPE_MEMBERS, 10)) return [];
    // An error that begins its line may begin with the `<` itself (after a doc comment, say): look from the line break.
    const lineBreak = source.lastIndexOf('\n', error.startIndex - 1);
    const from = lineBreak >= 0 && /^[ \t]*$/.test(source.slice(lineBreak + 1, error.startIndex)) ? lineBreak : error.startIndex;
    const match = /\n([ \t]+)</.exec(source.slice(from, error.endIndex));
    return match ? [{ at: from + match.index + match[0].length - 2, text: ';' }] : [];
  },
};

const VARIANCE = /([<,]\s*)((?:in|out)\s+(?:out\s+)?)(?=(?!extends\b)[A-Za-z_$])/g;

/** `interface Effect<out A, in E>` (TypeScript 4.7 variance annotations): the keywords are blanked. */
const varianceAnnotation: Gap = {
  construct: 'in/out variance annotations',
  languages: TS,
  bridge(error, source) {
    const parameters = error.parent;
    if (!error.isError || parameters?.type !== 'type_parameters') return [];
    const start = parameters.startIndex;
    return [...source.slice(start, parameters.endIndex).matchAll(VARIANCE)].map((m) => {
      const at = start + m.index + (m[1] ?? '').length;
      return blank(source, at, at + (m[2] ?? '').length);
    });
  },
};

/** `static accessor x = 1` (decorators 2023): the grammar takes `accessor` only without `static`; it is blanked. */
const staticAccessor: Gap = {
  construct: 'static accessor fields',
  languages: ALL,
  bridge(error, source) {
    const field = error.parent?.type;
    if (field !== 'public_field_definition' && field !== 'field_definition' && field !== 'class_body') return [];
    const before = source.slice(Math.max(0, error.startIndex - 40), error.startIndex);
    const match = /\baccessor\s*$/.exec(before);
    return match ? [blank(source, error.startIndex - before.length + match.index, error.startIndex - before.length + match.index + 'accessor'.length)] : [];
  },
};

const KEYWORD_NAMES = /(?<=(?:[{;,(\n]|\*\/)\s*)(?:abstract|accessor|infer|keyof|never|readonly|unique|unknown)(?=\s*\??\s*:)/g;

/** `{ abstract?: boolean }`, `(unknown?: T) => void`: type keywords used as property or parameter names. */
const keywordAsName: Gap = {
  construct: 'type keywords as property or parameter names (abstract:, unknown?:)',
  languages: TS,
  bridge(error, source) {
    const from = Math.max(0, error.startIndex - 40);
    const to = Math.min(source.length, error.endIndex + 12);
    return [...source.slice(from, to).matchAll(KEYWORD_NAMES)]
      .map((m) => from + m.index)
      .filter((at) => at <= error.startIndex + 1 && at + 12 >= error.startIndex)
      .map((at) => ({ at, text: '_' }));
  },
};

const MODULES = new Set(['module', 'internal_module', 'ambient_declaration']);

/** `declare module 'x' { global { … } }`: the grammar takes `global` blocks only at the top; the word is blanked. */
const globalInModule: Gap = {
  construct: 'global block inside a module declaration',
  languages: TS,
  bridge(error, source) {
    const statement = error.parent;
    if (!error.isMissing || statement?.type !== 'expression_statement' || !hasAncestor(statement, MODULES, 4)) return [];
    if (source.slice(statement.startIndex, error.startIndex).trim() !== 'global' || !/^\s*\{/.test(source.slice(error.startIndex, error.startIndex + 40))) return [];
    return [blank(source, statement.startIndex, statement.startIndex + 'global'.length)];
  },
};

export const GAPS: readonly Gap[] = [
  exportTypeStar,
  genericTaggedTemplate,
  importTypeSuffix,
  taggedTemplateEscape,
  templateLiteralTypeEscape,
  jsxTextAmpersand,
  jsxReservedAttribute,
  unseparatedCallSignature,
  varianceAnnotation,
  // Before staticAccessor: `accessor: T` is a field named accessor.
  keywordAsName,
  staticAccessor,
  globalInModule,
];

/** The patches in order, without overlaps and never over a line break: the text keeps its length and lines. */
export function applyPatches(source: string, patches: readonly Patch[]): string {
  const sorted = [...patches].sort((a, b) => a.at - b.at);
  let out = '';
  let done = 0;
  for (const { at, text } of sorted) {
    if (at < done || at + text.length > source.length) continue;
    const over = source.slice(at, at + text.length);
    if (/[\r\n]/.test(over) && over.replace(/[^\r\n]/g, ' ') !== text.replace(/[^\r\n]/g, ' ')) continue;
    out += source.slice(done, at) + text;
    done = at + text.length;
  }
  return out + source.slice(done);
}

/**
 * ``sql<Row>`select …` `` with a single type name between the brackets parses without any error, as the comparisons
 * `(sql < Row) > `select …``: the tagged call is lost. In TypeScript, `<…>` before a template is always type
 * arguments, so the brackets are blanked as for genericTaggedTemplate.
 */
function misreadTaggedTemplates(tree: Tree, source: string, language: CodeLanguage): Patch[] {
  if (language === 'javascript' || !/[^=]>\s*`/.test(source)) return [];
  const patches: Patch[] = [];
  for (const outer of tree.rootNode.descendantsOfType('binary_expression')) {
    if (!outer || outer.childForFieldName('right')?.type !== 'template_string') continue;
    const close = outer.childForFieldName('operator');
    const inner = outer.childForFieldName('left');
    const open = inner?.type === 'binary_expression' ? inner.childForFieldName('operator') : null;
    if (close?.type === '>' && open?.type === '<') patches.push(blank(source, open.startIndex, close.endIndex));
  }
  return patches;
}

/** How broken a tree is: the characters inside its errors, and one for each error (a MISSING node has none). */
function damage(tree: Tree): number {
  return errorNodes(tree, Number.POSITIVE_INFINITY).reduce((sum, e) => sum + 1 + e.endIndex - e.startIndex, 0);
}

function bridges(tree: Tree, source: string, gaps: readonly Gap[]): Patch[] {
  const patches: Patch[] = [];
  for (const error of errorNodes(tree, Number.POSITIVE_INFINITY)) {
    for (const gap of gaps) {
      const bridge = gap.bridge(error, source);
      if (bridge.length > 0) {
        patches.push(...bridge);
        break;
      }
    }
  }
  return patches;
}

const MAX_ROUNDS = 8;

/**
 * Parse `text`, bridging the gaps above where the parse fails or misreads. `parse` parses a text of the same length
 * as `text` (the caller makes node text read `text` afterwards). Returns the least broken tree.
 */
export function parseAcrossGaps(parse: (source: string) => Tree, language: CodeLanguage, text: string): Tree {
  const gaps = GAPS.filter((g) => g.languages.includes(language));
  let tree = parse(text);
  let source = text;
  let current = damage(tree);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const misread = misreadTaggedTemplates(tree, source, language);
    if (current === 0 && misread.length === 0) break;
    const patched = applyPatches(source, [...misread, ...bridges(tree, source, gaps)]);
    if (patched === source) break;
    const next = parse(patched);
    const after = damage(next);
    // A misread tagged template costs no error: bridging it only has to break nothing.
    if (after > current || (after === current && misread.length === 0)) {
      next.delete();
      break;
    }
    tree.delete();
    tree = next;
    source = patched;
    current = after;
  }
  return tree;
}
