/** Pieces shared by the Python and JavaScript/TypeScript extractors. */
import type { Node, Tree } from 'web-tree-sitter';
import type { CallFact, CodeFacts, CodeLanguage, FileRole, HandlerFact, ParseError } from '../../facts/types.js';
import { clip, type LineIndex } from '../../util/text.js';
import { scanMarkers, scanUrls } from '../text-scans.js';
import type { Frame, FrameStack } from './frames.js';
import { classifyLogCall } from './log-calls.js';

export function emptyCodeFacts(path: string, language: CodeLanguage, role: FileRole, lines: number, hash: string): CodeFacts {
  return {
    kind: 'code',
    path,
    language,
    role,
    lines,
    codeLines: 0,
    hash,
    markers: [],
    parseErrors: [],
    imports: [],
    calls: [],
    handlers: [],
    functions: [],
    classes: [],
    bindings: [],
    comments: [],
    envReads: [],
    urls: [],
    constantConditions: [],
    tryStatements: 0,
  };
}

/** A handler as found, before its body is read: no types (catches everything), empty, nothing done yet. */
export function newHandler(node: Node, form: HandlerFact['form'], binding: string | null, stack: FrameStack): HandlerFact {
  return {
    line: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    form,
    types: [],
    broad: true,
    binding,
    fn: stack.functionIndex(),
    inLoop: stack.inLoop(),
    header: clip(node.text.split('\n')[0] ?? '', 160),
    statements: 0,
    empty: true,
    raises: false,
    reraisesSame: false,
    logs: [],
    returns: [],
    continues: false,
    exits: [],
    usesError: false,
    passesError: false,
    tryCalls: [],
    guardsImportOnly: false,
    calls: [],
  };
}

/** What a handler knows of its try: the calls the try protects, whether it only imports, and its line. */
export function linkTry(handler: HandlerFact, tryFrame: Frame | undefined, lines: LineIndex): void {
  handler.tryCalls = [...(tryFrame?.bodyCalls ?? [])];
  handler.guardsImportOnly = tryFrame?.importOnly ?? false;
  if (tryFrame) handler.tryLine = lines.lineOf(tryFrame.start);
}

/** Record a handler and make it the enclosing frame of what follows, up to `end`. */
export function enterHandler(facts: CodeFacts, stack: FrameStack, handler: HandlerFact, start: number, end: number): void {
  facts.handlers.push(handler);
  stack.push({ kind: 'handler', start, end, index: facts.handlers.length - 1 });
}

const EXIT_CALLEES = new Set(['sys.exit', 'exit', 'quit', 'os._exit', 'process.exit', 'SystemExit', 'typer.Exit', 'click.exceptions.Exit']);

/** How often a handler's body names the caught error, in all and inside log calls (see settleHandlers). */
const mentionCounts = new WeakMap<HandlerFact, { body: number; inLogs: number }>();

function countMentions(binding: string | null, text: string): number {
  if (binding === null) return 0;
  return text.match(new RegExp(`\\b${escapeRegExp(binding)}\\b`, 'g'))?.length ?? 0;
}

/** Call when a handler is created, with the text of its body. */
export function startHandler(handler: HandlerFact, bodyText: string): void {
  const body = countMentions(handler.binding, bodyText);
  handler.usesError = body > 0;
  mentionCounts.set(handler, { body, inLogs: 0 });
}

/** The caught error flows on when the body names it outside log calls (returned, passed, stored, re-raised). */
export function settleHandlers(handlers: readonly HandlerFact[]): void {
  for (const handler of handlers) {
    const counts = mentionCounts.get(handler);
    if (counts && counts.body > counts.inLogs) handler.passesError = true;
  }
}

/** Record what a call inside a handler body means for the handler: a log, an exit, or just a call. */
export function noteCallInHandler(handler: HandlerFact, call: CallFact, argTexts: readonly string[], family: 'python' | 'js', callText: string): void {
  handler.calls.push(call.callee);
  if (EXIT_CALLEES.has(call.callee)) {
    handler.exits.push(argTexts[0] ?? '');
    return;
  }
  const shape = classifyLogCall(call.callee);
  if (!shape) return;
  const binding = handler.binding;
  const mentions = countMentions(binding, callText);
  const counts = mentionCounts.get(handler);
  if (counts) counts.inLogs += mentions;
  const excInfo = call.kwargs['exc_info'] ?? call.kwargs['stack_info'];
  const excInfoOn = excInfo !== undefined && !(excInfo.kind === 'bool' && excInfo.value === false) && excInfo.kind !== 'none';
  // In JS, logging the error object itself (or `{ err }`, or `err.stack`) prints its stack trace.
  const jsErrorObject =
    family === 'js' &&
    binding !== null &&
    argTexts.some((t) => t === binding || t === `${binding}.stack` || new RegExp(`^\\{.*\\b${escapeRegExp(binding)}\\b.*\\}$`).test(t));
  handler.logs.push({
    line: call.line,
    level: shape.level,
    callee: call.callee,
    withTraceback: shape.impliesTraceback || excInfoOn || jsErrorObject,
    mentionsError: mentions > 0,
  });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CommentRange {
  start: number;
  end: number;
  line: number;
  endLine: number;
}

/** Whether an offset falls in one of the ranges, sorted by start and not overlapping. */
function inRanges(ranges: readonly CommentRange[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = ranges[mid];
    if (!c) break;
    if (offset < c.start) hi = mid - 1;
    else if (offset >= c.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Markers, URL literals and the count of code lines: scans that only need the text and the comment ranges.
 * Docstrings are documentation: a connection URL in a usage example there is not a URL the code uses.
 */
export function finishTextScans(facts: CodeFacts, text: string, lines: LineIndex, comments: readonly CommentRange[], lineStartsWithComment: RegExp, docstrings: readonly CommentRange[] = []): void {
  const inCommentAt = (offset: number): boolean => inRanges(comments, offset);
  facts.markers = scanMarkers(text, (_line, offsetInLine, lineNumber) => inCommentAt(lines.startOf(lineNumber) + offsetInLine));
  facts.urls = scanUrls(text, (offset) => lines.lineOf(offset), (offset) => inCommentAt(offset) || inRanges(docstrings, offset));
  const commentOnly = new Set<number>();
  for (const c of comments) for (let l = c.line + 1; l <= c.endLine; l++) commentOnly.add(l);
  let code = 0;
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    const line = all[i] ?? '';
    const trimmed = line.trim();
    if (trimmed === '' || lineStartsWithComment.test(trimmed) || commentOnly.has(i + 1)) continue;
    code++;
  }
  facts.codeLines = code;
}

const MAX_SYNTAX_ERRORS = 10;

/**
 * ERROR and MISSING nodes, outermost first, in document order, at most `limit`. Only walks a tree whose root
 * reports an error, so the common case costs nothing. (`descendantsOfType` cannot be asked for ERROR nodes.)
 */
export function errorNodes(tree: Tree, limit: number): Node[] {
  const out: Node[] = [];
  if (!tree.rootNode.hasError) return out;
  const cursor = tree.walk();
  try {
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) {
        out.push(node);
        if (out.length >= limit) return out;
        descend = false;
      } else descend = node.hasError;
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out;
    }
  } finally {
    cursor.delete();
  }
}

/** The first ten syntax errors, as facts. */
export function syntaxErrors(tree: Tree): ParseError[] {
  return errorNodes(tree, MAX_SYNTAX_ERRORS).map((node) => ({
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    message: node.isMissing ? `could not parse: missing ${node.type}` : `could not parse near: ${clip(node.text, 40)} (a syntax error, or syntax the parser does not support)`,
  }));
}
