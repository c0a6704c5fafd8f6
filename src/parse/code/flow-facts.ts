/**
 * Small facts about control flow and comparisons, shared by the Python and JavaScript extractors:
 * uncaught `throw`/`raise` lines per function, jumps out of `finally` blocks, and comparisons with literals.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeFacts, ComparisonFact, FinallyJumpFact, HandlerFact, ValueFact } from '../../facts/types.js';
import type { FrameStack } from './frames.js';

/** A `throw`/`raise` at `start`: recorded on the enclosing function unless a `try` body of that function encloses it. */
function noteThrow(facts: CodeFacts, stack: FrameStack, line: number, start: number): void {
  const fn = facts.functions[stack.functionIndex()];
  if (!fn || stack.tryProtecting(start)) return;
  (fn.throws ??= []).push(line);
}

/** A `raise`/`throw`: noted for its function (noteThrow), and marked on the handler it is in; that handler, if any. */
export function noteThrowInHandler(facts: CodeFacts, stack: FrameStack, line: number, start: number): HandlerFact | undefined {
  noteThrow(facts, stack, line, start);
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) handler.raises = true;
  return handler;
}

const SCOPES = new Set([
  'function_definition',
  'lambda',
  'class_definition',
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
  'class_declaration',
  'class',
]);
const LOOPS = new Set(['for_statement', 'while_statement', 'for_in_statement', 'do_statement']);
const JUMPS: Record<string, FinallyJumpFact['keyword']> = { return_statement: 'return', break_statement: 'break', continue_statement: 'continue' };

/** `return`/`break`/`continue` statements that leave the `finally` clause `node` (not those of nested functions or loops). */
export function noteFinallyJumps(facts: CodeFacts, node: Node, fn: number): void {
  const visit = (n: Node, inLoop: boolean, inSwitch: boolean): void => {
    for (const child of n.namedChildren) {
      if (!child || SCOPES.has(child.type)) continue;
      const keyword = JUMPS[child.type];
      // A labelled break/continue may target an outer statement; only unlabelled ones are judged.
      const labelled = keyword !== 'return' && child.namedChildCount > 0;
      if (keyword && !labelled && (keyword === 'return' || !(inLoop || (keyword === 'break' && inSwitch)))) {
        (facts.finallyJumps ??= []).push({ line: child.startPosition.row + 1, keyword, fn });
      }
      visit(child, inLoop || LOOPS.has(child.type), inSwitch || child.type === 'switch_statement');
    }
  };
  visit(node, false, false);
}

const EQUALITY = new Set(['==', '!=', '===', '!==', 'is', 'is not']);

function worthKeeping(operator: string, left: ValueFact, right: ValueFact): boolean {
  const literal = (v: ValueFact): boolean => v.kind === 'string' || v.kind === 'number';
  if (operator === 'is' || operator === 'is not') return literal(left) || literal(right) || left.kind === 'fstring' || right.kind === 'fstring';
  return literal(left) || literal(right) || left.text.startsWith('typeof ') || right.text.startsWith('typeof ');
}

/**
 * Equality and identity comparisons of `node` (Python `comparison_operator`, JS `binary_expression`) that have a
 * string/number literal (or a `typeof` operand) on one side. Python chains (`a == b == c`) give one fact per pair.
 */
export function noteComparisons(facts: CodeFacts, node: Node, fn: number, valueOf: (n: Node) => ValueFact): void {
  const parts = node.children.filter((c): c is Node => c !== null && c.type !== 'comment');
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const leftNode = parts[i - 1];
    const op = parts[i];
    const rightNode = parts[i + 1];
    if (!leftNode || !op || !rightNode || op.isNamed) return;
    const operator = op.text.replace(/\s+/g, ' ');
    if (!EQUALITY.has(operator)) continue;
    const left = valueOf(leftNode);
    const right = valueOf(rightNode);
    if (!worthKeeping(operator, left, right)) continue;
    const fact: ComparisonFact = { line: node.startPosition.row + 1, operator, left, right, fn };
    (facts.comparisons ??= []).push(fact);
  }
}
