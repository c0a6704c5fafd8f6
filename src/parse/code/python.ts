/**
 * Python fact extraction: one `descendantsOfType` pass over the syntax tree, in document order, with the
 * enclosing context kept on a frame stack. Everything rules need about a Python file comes from here.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type {
  AssertFact,
  CallFact,
  ClassFact,
  CodeFacts,
  DecoratorFact,
  FieldFact,
  FileRole,
  FunctionFact,
  HandlerFact,
  ItemWriteFact,
  LoopFact,
  ParamFact,
  StubKind,
  VacuousAssertFact,
  ValueFact,
} from '../../facts/types.js';
import { clip, countLines, LineIndex } from '../../util/text.js';
import { emptyCodeFacts, enterHandler, finishTextScans, linkTry, newHandler, noteCallInHandler, settleHandlers, startHandler, syntaxErrors, type CommentRange } from './common.js';
import { noteComparisons, noteFinallyJumps, noteThrowInHandler } from './flow-facts.js';
import { FrameStack } from './frames.js';

const BROAD_TYPES = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException', '*']);
const ENV_GETTERS = new Set(['os.getenv', 'os.environ.get', 'getenv', 'environ.get', 'os.environ.setdefault', 'environ.setdefault']);
const LITERAL_KINDS = new Set(['string', 'number', 'bool', 'none']);
/** Inside functions, literals and strings built from pieces (an SQL or shell command assembled before use) are bound. */
const LOCAL_BINDING_KINDS = new Set([...LITERAL_KINDS, 'fstring', 'template', 'concat', 'format']);

/** `"a"`, `r'b'`, `f"""c"""` → the characters between the quotes (escapes kept as written). */
export function pythonStringContent(text: string): string {
  const match = /^[rRbBuUfFtT]*('''|"""|'|")([\s\S]*)\1$/.exec(text);
  return match ? (match[2] ?? '') : text;
}

/** Callee text with argument lists collapsed: `requests.Session().get` stays readable and short. */
export function normalizeCallee(text: string): string {
  // Most callees are plain dotted names: nothing to strip.
  if (text.length <= 120 && !/[()\s"'`]/.test(text)) return text;
  // Parentheses inside string arguments (`f(":)")`) must not unbalance the stripping below.
  let out = text.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g, (literal) => literal.replace(/[()]/g, '')).replace(/\s+/g, '');
  let previous = '';
  while (previous !== out) {
    previous = out;
    out = out.replace(/\([^()]*\)/g, '\uE000');
  }
  return clip(out.replace(/\uE000/g, '()'), 120);
}

/** Only a string with an `f` or `t` prefix can hold `{…}` interpolations: the others need no look inside. */
function hasInterpolation(string: Node, source: string): boolean {
  return !PLAIN_STRING_START.test(source) && string.namedChildren.some((c) => c?.type === 'interpolation');
}

const PLAIN_STRING_START = /^[rRbBuU]*['"]/;

/** `type` is the node's type when the caller has already read it (each read crosses into WebAssembly). */
function valueOf(node: Node, depth = 0, type = node.type): ValueFact {
  const source = node.text;
  const text = clip(source);
  switch (type) {
    case 'string': {
      if (hasInterpolation(node, source)) return { kind: 'fstring', text };
      return { kind: 'string', text, value: pythonStringContent(source) };
    }
    case 'concatenated_string':
      return concatenatedValue(node, text);
    case 'integer':
    case 'float':
      return { kind: 'number', text, value: Number(source.replace(/_/g, '')) };
    case 'true':
    case 'false':
      return { kind: 'bool', text, value: type === 'true' };
    case 'none':
      return { kind: 'none', text, value: null };
    case 'identifier':
      return { kind: 'identifier', text };
    case 'attribute':
      return { kind: 'attribute', text };
    case 'call':
      return callValue(node, text);
    case 'dictionary':
      return dictionaryValue(node, text, depth);
    case 'list':
    case 'tuple':
    case 'set':
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
      return { kind: 'array', text };
    case 'dictionary_comprehension':
      return { kind: 'object', text, props: {}, spread: true };
    case 'lambda':
      return { kind: 'lambda', text };
    case 'binary_operator':
      return binaryValue(node, text);
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
      return inner ? valueOf(inner, depth) : { kind: 'other', text };
    }
    case 'unary_operator':
      return unaryValue(node, text, source);
    default:
      return { kind: 'other', text };
  }
}

// The less common shapes of valueOf, each in its own function: when one meets a new object shape and V8 has to
// re-optimise it, valueOf itself (and every caller it is inlined into) stays optimised.

function concatenatedValue(node: Node, text: string): ValueFact {
  const parts = node.namedChildren.filter((c): c is Node => c !== null);
  if (parts.some((p) => hasInterpolation(p, p.text))) return { kind: 'fstring', text };
  return { kind: 'string', text, value: parts.map((p) => pythonStringContent(p.text)).join('') };
}

function callValue(node: Node, text: string): ValueFact {
  const fn = node.childForFieldName('function');
  const callee = fn ? normalizeCallee(fn.text) : '';
  if (fn?.type === 'attribute' && callee.endsWith('.format') && fn.childForFieldName('object')?.type === 'string') {
    return { kind: 'format', text, callee };
  }
  return { kind: 'call', text, callee };
}

function dictionaryValue(node: Node, text: string, depth: number): ValueFact {
  const props: Record<string, ValueFact> = {};
  let spread = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'dictionary_splat') spread = true;
    if (child.type !== 'pair' || depth > 2) continue;
    const key = child.childForFieldName('key');
    const value = child.childForFieldName('value');
    if (key?.type === 'string' && value) props[pythonStringContent(key.text)] = valueOf(value, depth + 1);
  }
  return spread ? { kind: 'object', text, props, spread } : { kind: 'object', text, props };
}

function binaryValue(node: Node, text: string): ValueFact {
  const op = node.childForFieldName('operator')?.type;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const stringy = (n: Node | null): boolean => n !== null && (n.type === 'string' || n.type === 'concatenated_string');
  if (op === '%' && stringy(left)) return { kind: 'format', text };
  if (op === '+' && (stringy(left) || stringy(right))) return { kind: 'concat', text };
  return { kind: 'other', text };
}

function unaryValue(node: Node, text: string, source: string): ValueFact {
  const arg = node.childForFieldName('argument');
  if (arg && (arg.type === 'integer' || arg.type === 'float')) return { kind: 'number', text, value: Number(source.replace(/[_\s]/g, '')) };
  return { kind: 'other', text };
}

/** Caught types of an except clause and its binding. Handles `except (A, B) as e`, PEP 758 `except A, B:`. */
function exceptClauseShape(node: Node): { types: string[]; binding: string | null } {
  const types: string[] = [];
  let binding: string | null = null;
  const addType = (n: Node): void => {
    if (n.type === 'tuple' || n.type === 'parenthesized_expression' || n.type === 'expression_list') {
      for (const c of n.namedChildren) if (c && c.type !== 'comment') addType(c);
    } else types.push(n.text.replace(/\s+/g, ''));
  };
  for (const value of node.childrenForFieldName('value')) {
    if (!value) continue;
    if (value.type === 'as_pattern') {
      const alias = value.childForFieldName('alias');
      binding = alias ? alias.text.trim() : null;
      const inner = value.namedChildren.find((c) => c !== null && c.type !== 'as_pattern_target');
      if (inner) addType(inner);
    } else addType(value);
  }
  return { types, binding };
}

const HASH = 35;

/** The statements of a block, without its comments (a Python comment, and nothing else in a block, starts with `#`). */
function bodyStatements(block: Node | null, source: string): Node[] {
  if (!block) return [];
  return block.namedChildren.filter((c): c is Node => c !== null && source.charCodeAt(c.startIndex) !== HASH);
}

/** Where a statement can be a string literal: an optional prefix and a quote. */
const STRING_START = /[rRbBuUfFtT]{0,2}['"]/y;

/** String literals standing alone as statements: docstrings, and the attribute docstrings Sphinx reads. */
function noteDocstrings(statements: readonly Node[], out: CommentRange[], source: string): void {
  for (const stmt of statements) {
    STRING_START.lastIndex = stmt.startIndex;
    if (!STRING_START.test(source)) continue;
    if (stmt.type !== 'expression_statement' || stmt.namedChildCount !== 1) continue;
    const only = stmt.namedChild(0);
    if (only?.type !== 'string' && only?.type !== 'concatenated_string') continue;
    out.push({ start: stmt.startIndex, end: stmt.endIndex, line: stmt.startPosition.row + 1, endLine: stmt.endPosition.row + 1 });
  }
}

function isEmptyStatement(node: Node): boolean {
  if (node.type === 'pass_statement') return true;
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'ellipsis';
}

function stubOf(statements: Node[]): StubKind | undefined {
  const body = statements[0]?.type === 'expression_statement' && statements[0].namedChild(0)?.type === 'string' ? statements.slice(1) : statements;
  if (body.length !== 1) return body.length === 0 && statements.length > 0 ? 'empty' : undefined;
  const only = body[0];
  if (!only) return undefined;
  if (only.type === 'pass_statement') return 'pass';
  if (isEmptyStatement(only)) return 'ellipsis';
  if (only.type === 'raise_statement' && /^raise\s+NotImplemented(Error)?\b/.test(only.text)) return 'not-implemented';
  if (only.type === 'return_statement') {
    const value = only.namedChild(0);
    if (!value || (['list', 'dictionary', 'none', 'tuple'].includes(value.type) && value.namedChildCount === 0)) return 'return-empty';
  }
  return undefined;
}

function decoratorsOf(definition: Node): DecoratorFact[] {
  const parent = definition.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  const out: DecoratorFact[] = [];
  for (const child of parent.namedChildren) {
    if (!child || child.type !== 'decorator') continue;
    const expr = child.namedChildren.find((c) => c !== null && c.type !== 'comment');
    if (!expr) continue;
    const decorator: DecoratorFact = { name: '', line: child.startPosition.row + 1, args: [], kwargs: {}, text: clip(child.text, 160) };
    if (expr.type === 'call') {
      const fn = expr.childForFieldName('function');
      decorator.name = fn ? normalizeCallee(fn.text) : '';
      readArguments(expr.childForFieldName('arguments'), decorator.args, decorator.kwargs);
    } else decorator.name = normalizeCallee(expr.text);
    out.push(decorator);
  }
  return out;
}

/** Fill positional and keyword arguments; returns whether `*args`/`**kwargs` were passed. */
function readArguments(args: Node | null, positional: ValueFact[], keywords: Record<string, ValueFact>): boolean {
  let spread = false;
  if (!args) return spread;
  const argsType = args.type;
  if (argsType === 'generator_expression') {
    positional.push(valueOf(args, 0, argsType));
    return spread;
  }
  for (const child of args.namedChildren) {
    if (!child) continue;
    const type = child.type;
    if (type === 'comment') continue;
    if (type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name && value) keywords[name.text] = valueOf(value);
    } else if (type === 'list_splat' || type === 'dictionary_splat') spread = true;
    else positional.push(valueOf(child, 0, type));
  }
  return spread;
}

function paramsOf(parameters: Node | null): ParamFact[] {
  const out: ParamFact[] = [];
  if (!parameters) return out;
  for (const p of parameters.namedChildren) {
    if (!p) continue;
    switch (p.type) {
      case 'identifier':
        out.push({ name: p.text });
        break;
      case 'typed_parameter': {
        const name = p.namedChildren.find((c) => c?.type === 'identifier');
        const type = p.childForFieldName('type');
        if (name) out.push(type ? { name: name.text, annotation: clip(type.text) } : { name: name.text });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = p.childForFieldName('name');
        const type = p.childForFieldName('type');
        const value = p.childForFieldName('value');
        if (!name) break;
        const param: ParamFact = { name: name.text };
        if (type) param.annotation = clip(type.text);
        if (value) param.default = valueOf(value);
        out.push(param);
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        out.push({ name: p.text });
        break;
      default:
        break;
    }
  }
  return out;
}

function classFieldsOf(statements: readonly Node[]): { fields: FieldFact[]; methods: string[] } {
  const fields: FieldFact[] = [];
  const methods: string[] = [];
  for (const stmt of statements) {
    if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.type === 'function_definition' ? def.childForFieldName('name') : null;
      if (name) methods.push(name.text);
      continue;
    }
    if (stmt.type !== 'expression_statement') continue;
    const assignment = stmt.namedChild(0);
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    const field: FieldFact = { name: left.text, line: assignment.startPosition.row + 1, decorators: [] };
    const type = assignment.childForFieldName('type');
    const right = assignment.childForFieldName('right');
    if (type) field.annotation = clip(type.text);
    if (right) field.value = valueOf(right);
    fields.push(field);
  }
  return { fields, methods };
}

/** What the visitors below share while one file is walked. */
interface Walk {
  /** The file's text: some checks read a character at a node's start instead of asking the tree. */
  source: string;
  facts: CodeFacts;
  stack: FrameStack;
  lines: LineIndex;
  role: FileRole;
  loops: LoopFact[];
  itemWrites: ItemWriteFact[];
  comments: CommentRange[];
  docstrings: CommentRange[];
}

/** One visitor per node type. Small functions on purpose: V8 optimises (and, as new shapes show up, re-optimises) each on its own, where one large switch was recompiled whole every time. */
type Visit = (node: Node, start: number, walk: Walk) => void;

const line = (n: Node): number => n.startPosition.row + 1;
const endLine = (n: Node): number => n.endPosition.row + 1;

function visitFunction(node: Node, start: number, { source, facts, stack, docstrings }: Walk): void {
  const name = node.childForFieldName('name')?.text ?? '';
  const body = node.childForFieldName('body');
  const statements = bodyStatements(body, source);
  noteDocstrings(statements, docstrings, source);
  const parent = stack.functionIndex();
  const classIndex = stack.enclosingClassIndex();
  const className = classIndex >= 0 ? facts.classes[classIndex]?.name : undefined;
  const owner = className ?? (parent >= 0 ? facts.functions[parent]?.qualifiedName : undefined);
  const fn: FunctionFact = {
    name,
    qualifiedName: owner ? `${owner}.${name}` : name,
    line: line(node),
    endLine: endLine(node),
    isAsync: source.startsWith('async', node.startIndex),
    decorators: decoratorsOf(node),
    params: paramsOf(node.childForFieldName('parameters')),
    statements: statements.length,
    maxNesting: 0,
    parent,
  };
  if (className) fn.className = className;
  const stub = stubOf(statements);
  if (stub) fn.stub = stub;
  facts.functions.push(fn);
  stack.push({ kind: 'function', start, end: node.endIndex, index: facts.functions.length - 1 });
}

function visitClass(node: Node, start: number, { source, facts, stack, docstrings }: Walk): void {
  const name = node.childForFieldName('name')?.text ?? '';
  const bases: string[] = [];
  const keywords: Record<string, ValueFact> = {};
  const superclasses = node.childForFieldName('superclasses');
  for (const c of superclasses?.namedChildren ?? []) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      const k = c.childForFieldName('name');
      const v = c.childForFieldName('value');
      if (k && v) keywords[k.text] = valueOf(v);
    } else bases.push(c.text.replace(/\s+/g, ''));
  }
  const statements = bodyStatements(node.childForFieldName('body'), source);
  noteDocstrings(statements, docstrings, source);
  const { fields, methods } = classFieldsOf(statements);
  const cls: ClassFact = { name, line: line(node), endLine: endLine(node), bases, decorators: decoratorsOf(node), fields, methods, keywords };
  facts.classes.push(cls);
  stack.push({ kind: 'class', start, end: node.endIndex, index: facts.classes.length - 1 });
}

function visitCall(node: Node, start: number, { facts, stack }: Walk): void {
  const fnNode = node.childForFieldName('function');
  if (!fnNode) return;
  const call: CallFact = {
    callee: normalizeCallee(fnNode.text),
    line: line(node),
    endLine: endLine(node),
    isNew: false,
    args: [],
    kwargs: {},
    hasSpread: false,
    awaited: false,
    isStatement: false,
    fn: stack.functionIndex(),
    inLoop: stack.inLoop(),
    guardedBy: stack.guards(start),
  };
  const argsNode = node.childForFieldName('arguments');
  call.hasSpread = readArguments(argsNode, call.args, call.kwargs);
  describeCallSite(node, call);
  facts.calls.push(call);
  const handlerIndex = stack.handlerIndex();
  const handler = handlerIndex >= 0 ? facts.handlers[handlerIndex] : undefined;
  if (handler) noteHandlerCall(handler, call, node);
  const protecting = stack.tryProtecting(start);
  if (protecting?.bodyCalls && protecting.bodyCalls.length < 20) protecting.bodyCalls.push(call.callee);
  if (ENV_GETTERS.has(call.callee)) noteEnvRead(facts, call);
  noteKeywordStrings(facts, call);
}

// visitCall's helpers that read argument values (objects of several shapes) live apart from it, so that V8
// re-optimises them alone when a new shape shows up (see Visit).

function noteHandlerCall(handler: HandlerFact, call: CallFact, node: Node): void {
  const argTexts = [...call.args.map((a) => a.text), ...Object.values(call.kwargs).map((a) => a.text)];
  noteCallInHandler(handler, call, argTexts, 'python', node.text);
}

function noteEnvRead(facts: CodeFacts, call: CallFact): void {
  const first = call.args[0];
  const fallback = call.args[1] ?? call.kwargs['default'];
  facts.envReads.push({
    name: first?.kind === 'string' ? String(first.value) : first?.kind === 'identifier' ? `$${first.text}` : null,
    line: call.line,
    ...(fallback ? { default: fallback } : {}),
    via: call.callee,
  });
}

function noteKeywordStrings(facts: CodeFacts, call: CallFact): void {
  for (const [name, value] of Object.entries(call.kwargs)) {
    if (value.kind === 'string') facts.bindings.push({ name, line: call.line, value, via: 'kwarg', fn: call.fn });
  }
}

function visitTry(node: Node, start: number, { source, facts, stack }: Walk): void {
  facts.tryStatements++;
  const body = node.childForFieldName('body');
  const catches: string[] = [];
  for (const c of node.namedChildren) {
    if (c?.type !== 'except_clause') continue;
    const { types } = exceptClauseShape(c);
    if (types.length === 0 || types.some((t) => BROAD_TYPES.has(t))) catches.push('*');
    catches.push(...types);
  }
  const protectedStatements = bodyStatements(body, source);
  const importOnly = protectedStatements.length > 0 && protectedStatements.every((n) => n.type === 'import_statement' || n.type === 'import_from_statement');
  stack.push({
    kind: 'try',
    start,
    end: node.endIndex,
    index: -1,
    bodyStart: body?.startIndex ?? start,
    bodyEnd: body?.endIndex ?? start,
    catches,
    bodyCalls: [],
    importOnly,
  });
  noteNesting(facts, stack);
}

function visitExcept(node: Node, start: number, { source, facts, stack, lines }: Walk): void {
  const { types, binding } = exceptClauseShape(node);
  const block = node.namedChildren.find((c) => c?.type === 'block') ?? null;
  const tryFrame = stack.innermostTry();
  const statements = bodyStatements(block, source);
  const handler = newHandler(node, 'try', binding, stack);
  handler.types = types;
  handler.broad = types.length === 0 || types.some((t) => BROAD_TYPES.has(t));
  handler.statements = statements.length;
  handler.empty = statements.every(isEmptyStatement);
  linkTry(handler, tryFrame, lines);
  startHandler(handler, block?.text ?? '');
  enterHandler(facts, stack, handler, start, node.endIndex);
}

function visitRaise(node: Node, start: number, { facts, stack }: Walk): void {
  const handler = noteThrowInHandler(facts, stack, line(node), start);
  if (!handler) return;
  const raised = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const hasCause = node.childForFieldName('cause') !== null;
  const first = raised[0];
  if (raised.length === 0 || hasCause || (first && handler.binding !== null && first.text === handler.binding)) handler.reraisesSame = true;
  if (first?.type === 'call' && /^(SystemExit|typer\.Exit|click\.exceptions\.Exit)$/.test(first.childForFieldName('function')?.text ?? '')) {
    handler.exits.push(first.childForFieldName('arguments')?.namedChild(0)?.text ?? '');
  }
}

function visitReturn(node: Node, _start: number, { facts, stack, loops }: Walk): void {
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) handler.returns.push(clip(node.namedChild(0)?.text ?? '', 80));
  for (const i of stack.loopIndices()) loops[i]?.exits.push(line(node));
}

function visitBreak(node: Node, _start: number, { stack, loops }: Walk): void {
  const innermost = stack.loopIndices()[0];
  if (innermost !== undefined) loops[innermost]?.exits.push(line(node));
}

function visitContinue(_node: Node, _start: number, { facts, stack }: Walk): void {
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) handler.continues = true;
}

function visitImport(node: Node, _start: number, { facts, stack }: Walk): void {
  readImport(node, facts, stack);
}

function visitAssignment(node: Node, _start: number, { facts, stack, itemWrites }: Walk): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const leftType = left?.type;
  if (leftType === 'subscript' && left) noteItemWrite(left, 'set', stack, itemWrites);
  if (!left || !right || (leftType !== 'identifier' && leftType !== 'attribute' && leftType !== 'subscript')) return;
  const rightType = right.type;
  if (rightType === 'assignment') return;
  const fn = stack.functionIndex();
  if (fn >= 0 && !mayBindLocally(right, rightType)) return;
  const value = valueOf(right, 0, rightType);
  if (fn >= 0 && !LOCAL_BINDING_KINDS.has(value.kind)) return;
  facts.bindings.push({ name: clip(left.text, 80), line: line(node), value, via: 'assign', fn });
}

/** Node types whose value (see valueOf) can be of a LOCAL_BINDING_KINDS kind. */
const MAY_BIND_LOCALLY = new Set(['string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none', 'call', 'binary_operator', 'parenthesized_expression', 'unary_operator']);

/** A cheap first test before valueOf: most function-local assignments (`x = y.z`, `x = f()`) bind nothing a rule reads. */
function mayBindLocally(right: Node, type: string): boolean {
  if (!MAY_BIND_LOCALLY.has(type)) return false;
  if (type !== 'call') return true;
  // Of calls, only `"…".format(…)` is kept (as a string built from pieces).
  const callee = right.childForFieldName('function');
  return callee?.type === 'attribute' && callee.text.endsWith('format');
}

function visitPair(node: Node, _start: number, { facts, stack }: Walk): void {
  const key = node.childForFieldName('key');
  if (key?.type !== 'string') return;
  const value = node.childForFieldName('value');
  const valueType = value?.type;
  if (!value || (valueType !== 'string' && valueType !== 'true' && valueType !== 'false')) return;
  facts.bindings.push({ name: pythonStringContent(key.text), line: line(node), value: valueOf(value, 0, valueType), via: 'key', fn: stack.functionIndex() });
}

function visitComment(node: Node, start: number, { facts, comments }: Walk): void {
  comments.push({ start, end: node.endIndex, line: line(node), endLine: endLine(node) });
  facts.comments.push({ line: line(node), text: clip(node.text, 200) });
}

function visitAugmentedAssignment(node: Node, _start: number, { stack, itemWrites }: Walk): void {
  const left = node.childForFieldName('left');
  if (left?.type === 'subscript') noteItemWrite(left, 'augment', stack, itemWrites);
}

function visitDelete(node: Node, _start: number, { stack, itemWrites }: Walk): void {
  for (const target of node.namedChildren) {
    if (target?.type === 'subscript') noteItemWrite(target, 'delete', stack, itemWrites);
    else if (target?.type === 'expression_list') for (const t of target.namedChildren) if (t?.type === 'subscript') noteItemWrite(t, 'delete', stack, itemWrites);
  }
}

function visitLoop(node: Node, start: number, { facts, stack, loops }: Walk): void {
  const isWhile = node.type === 'while_statement';
  const condition = isWhile ? node.childForFieldName('condition') : null;
  loops.push({
    line: line(node),
    endLine: endLine(node),
    kind: isWhile ? 'while' : 'for',
    infinite: condition !== null && (condition.type === 'true' || (condition.type === 'integer' && condition.text !== '0')),
    fn: stack.functionIndex(),
    exits: [],
    header: clip(node.text.split('\n')[0] ?? '', 80),
  });
  stack.push({ kind: 'loop', start, end: node.endIndex, index: loops.length - 1 });
  noteNesting(facts, stack);
  if (isWhile) noteConstantCondition(node, facts);
}

function visitIf(node: Node, start: number, { facts, stack }: Walk): void {
  noteConstantCondition(node, facts);
  stack.push({ kind: 'nest', start, end: node.endIndex, index: -1 });
  noteNesting(facts, stack);
  const condition = node.childForFieldName('condition')?.text ?? '';
  noteBranch(node, condition, facts);
  // `if TYPE_CHECKING:`, `if typing.TYPE_CHECKING:`, and `if t.TYPE_CHECKING:` after `import typing as t`.
  if (/^(\w+\.)?TYPE_CHECKING$/.test(condition)) {
    const consequence = node.childForFieldName('consequence');
    stack.push({ kind: 'typecheck', start, end: consequence?.endIndex ?? node.endIndex, index: -1 });
  }
}

function visitComparison(node: Node, _start: number, { facts, stack }: Walk): void {
  noteComparisons(facts, node, stack.functionIndex(), valueOf);
}

function visitFinally(node: Node, _start: number, { facts, stack }: Walk): void {
  noteFinallyJumps(facts, node, stack.functionIndex());
}

function visitAssert(node: Node, _start: number, { facts, stack, role }: Walk): void {
  // Asserts as runtime checks matter in shipped code; in tests they are the point (only vacuous ones count).
  if (role !== 'test') (facts.asserts ??= []).push(assertOf(node, stack.functionIndex()));
  const reason = vacuousAssert(node);
  if (reason) (facts.vacuousAsserts ??= []).push({ line: line(node), text: clip(node.text.split('\n')[0] ?? '', 120), reason });
}

function visitNest(node: Node, start: number, { facts, stack }: Walk): void {
  stack.push({ kind: 'nest', start, end: node.endIndex, index: -1 });
  noteNesting(facts, stack);
}

const VISITORS: Record<string, Visit> = {
  function_definition: visitFunction,
  class_definition: visitClass,
  call: visitCall,
  try_statement: visitTry,
  except_clause: visitExcept,
  raise_statement: visitRaise,
  return_statement: visitReturn,
  continue_statement: visitContinue,
  import_statement: visitImport,
  import_from_statement: visitImport,
  assignment: visitAssignment,
  pair: visitPair,
  comment: visitComment,
  for_statement: visitLoop,
  while_statement: visitLoop,
  with_statement: visitNest,
  if_statement: visitIf,
  match_statement: visitNest,
  comparison_operator: visitComparison,
  finally_clause: visitFinally,
  break_statement: visitBreak,
  augmented_assignment: visitAugmentedAssignment,
  delete_statement: visitDelete,
  assert_statement: visitAssert,
};

const NODE_TYPES = Object.keys(VISITORS);

export function extractPython(tree: Tree, text: string, path: string, role: FileRole, hash: string): CodeFacts {
  const lines = new LineIndex(text);
  const facts = emptyCodeFacts(path, 'python', role, countLines(text), hash);
  const walk: Walk = { source: text, facts, stack: new FrameStack(), lines, role, loops: [], itemWrites: [], comments: [], docstrings: [] };
  facts.loops = walk.loops;
  facts.itemWrites = walk.itemWrites;
  noteDocstrings(tree.rootNode.namedChildren.filter((n): n is Node => n !== null), walk.docstrings, text);
  for (const node of tree.rootNode.descendantsOfType(NODE_TYPES)) {
    if (!node) continue;
    const start = node.startIndex;
    walk.stack.advance(start);
    VISITORS[node.type]?.(node, start, walk);
  }
  facts.parseErrors = syntaxErrors(tree);
  settleHandlers(facts.handlers);
  readSubscriptEnvReads(text, lines, facts, walk.comments);
  resolveEnvNameConstants(facts);
  walk.docstrings.sort((a, b) => a.start - b.start);
  finishTextScans(facts, text, lines, walk.comments, /^#/, walk.docstrings);
  return facts;
}

function noteItemWrite(subscript: Node, op: ItemWriteFact['op'], stack: FrameStack, out: ItemWriteFact[]): void {
  const object = subscript.childForFieldName('value');
  if (object) out.push({ object: clip(object.text, 80), line: subscript.startPosition.row + 1, op, fn: stack.functionIndex() });
}

/** An assert and whether it leads its function body (only a docstring, comments or asserts before it). */
function assertOf(node: Node, fn: number): AssertFact {
  const test = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
  const block = node.parent?.type === 'expression_statement' ? node.parent.parent : node.parent;
  let leading = fn >= 0 && block?.type === 'block' && block.parent?.type === 'function_definition';
  for (let s = (node.parent?.type === 'expression_statement' ? node.parent : node).previousNamedSibling; s && leading; s = s.previousNamedSibling) {
    const docstring = s.type === 'expression_statement' && s.namedChild(0)?.type === 'string';
    if (s.type !== 'comment' && s.type !== 'assert_statement' && !docstring) leading = false;
  }
  return { line: node.startPosition.row + 1, test: clip(test?.text ?? '', 120), fn, leading };
}

const MOCK_AUTO_ATTRIBUTE = /\.(called_once_with|called_with|called_once|has_calls|any_call|not_called|called_once_with_args)$/;

/** Why an `assert` can never fail: a truthy constant, a non-empty tuple, `x == x`, or a Mock auto-attribute call. */
function vacuousAssert(node: Node): VacuousAssertFact['reason'] | null {
  const condition = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!condition) return null;
  switch (condition.type) {
    case 'true':
      return 'constant';
    case 'integer':
    case 'float':
      return Number(condition.text.replace(/_/g, '')) !== 0 ? 'constant' : null;
    case 'string':
      return pythonStringContent(condition.text) !== '' && !condition.text.startsWith('f') ? 'constant' : null;
    case 'tuple':
      return condition.namedChildren.some((c) => c !== null && c.type !== 'comment') ? 'tuple' : null;
    case 'comparison_operator': {
      const operands = condition.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      const [left, right] = operands;
      if (operands.length !== 2 || !left || !right) return null;
      // Names and literals only: `obj.prop is obj.prop` tests that a property is cached, which can fail.
      const leftType = left.type;
      if ((leftType !== 'identifier' && leftType !== 'integer' && leftType !== 'string') || left.text !== right.text) return null;
      // The operators last: almost every assert has failed a test above.
      const operators = condition.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.text);
      return operators.length === 1 && ['==', 'is', '<=', '>='].includes(operators[0] ?? '') ? 'tautology' : null;
    }
    case 'call': {
      const fn = condition.childForFieldName('function');
      return fn && MOCK_AUTO_ATTRIBUTE.test(fn.text) ? 'mock-attribute' : null;
    }
    default:
      return null;
  }
}

function noteNesting(facts: CodeFacts, stack: FrameStack): void {
  const fn = facts.functions[stack.functionIndex()];
  if (fn) fn.maxNesting = Math.max(fn.maxNesting, stack.nesting());
}

/** The `if` body's lines and its condition (see BranchFact). */
function noteBranch(node: Node, condition: string, facts: CodeFacts): void {
  const body = node.childForFieldName('consequence');
  if (body) (facts.branches ??= []).push({ line: body.startPosition.row + 1, endLine: body.endPosition.row + 1, condition: clip(condition, 120) });
}

function noteConstantCondition(node: Node, facts: CodeFacts): void {
  const condition = node.childForFieldName('condition');
  if (!condition) return;
  if (condition.type === 'false' || condition.type === 'none' || (condition.type === 'integer' && condition.text === '0')) {
    facts.constantConditions.push({ line: node.startPosition.row + 1, text: clip(node.text.split('\n')[0] ?? '', 80) });
  }
}

/** Await, statement position, assignment target, `with … as x`, and methods chained on the result. */
function describeCallSite(node: Node, call: CallFact): void {
  let outer: Node = node;
  let parent = node.parent;
  let parentType = parent?.type;
  if (parent && parentType === 'await') {
    call.awaited = true;
    outer = parent;
    parent = parent.parent;
    parentType = parent?.type;
  }
  if (!parent) return;
  if (parentType === 'expression_statement') call.isStatement = true;
  else if (parentType === 'assignment' && parent.childForFieldName('right')?.startIndex === outer.startIndex) {
    const left = parent.childForFieldName('left');
    if (left) call.assignedTo = clip(left.text, 80);
  } else if (parentType === 'as_pattern') {
    const alias = parent.childForFieldName('alias');
    if (alias) call.assignedTo = alias.text.trim();
  } else if (parentType === 'attribute' && parent.childForFieldName('object')?.startIndex === node.startIndex) {
    const chain: string[] = [];
    let link: Node | null = parent;
    let linkType: string | undefined = parentType;
    while (link && linkType === 'attribute') {
      const attr = link.childForFieldName('attribute');
      if (attr) chain.push(attr.text);
      const next: Node | null = link.parent;
      link = next?.type === 'call' ? next.parent : null;
      linkType = link?.type;
    }
    if (chain.length > 0) call.chainedWith = chain;
  }
}

function readImport(node: Node, facts: CodeFacts, stack: FrameStack): void {
  const common = {
    line: node.startPosition.row + 1,
    typeOnly: stack.inTypeCheckingBlock(),
    lazy: stack.functionIndex() >= 0,
    guarded: stack.guards(node.startIndex).some((t) => IMPORT_ERRORS.has(t)),
  };
  if (node.type === 'import_statement') {
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const module = name.childForFieldName('name')?.text ?? '';
        const alias = name.childForFieldName('alias')?.text;
        facts.imports.push({ module, names: [], relative: false, ...common, ...(alias ? { alias } : {}) });
      } else facts.imports.push({ module: name.text, names: [], relative: false, ...common });
    }
    return;
  }
  const moduleNode = node.childForFieldName('module_name');
  const module = moduleNode?.text.replace(/\s+/g, '') ?? '';
  const names: string[] = [];
  const renamed: Record<string, string> = {};
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    const imported = name.type === 'aliased_import' ? (name.childForFieldName('name')?.text ?? '') : name.text;
    const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : undefined;
    if (local && local !== imported) renamed[local] = imported;
    names.push(imported);
  }
  if (node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  facts.imports.push({ module, names, relative: module.startsWith('.'), ...common, ...(Object.keys(renamed).length > 0 ? { renamed } : {}) });
}

/** `os.environ["X"]`, `environ['X']` and `"X" in os.environ`: subscripts and membership tests, outside comments. */
function readSubscriptEnvReads(text: string, lines: LineIndex, facts: CodeFacts, comments: readonly CommentRange[]): void {
  if (!text.includes('environ')) return;
  const inComment = (offset: number): boolean => comments.some((c) => offset >= c.start && offset < c.end);
  const patterns: Array<[RegExp, string]> = [
    [/\b(?:os\.)?environ\[\s*(['"])([^'"\n]+)\1\s*\]/g, 'os.environ[]'],
    [/(['"])([A-Za-z_][\w.-]*)\1\s+(?:not\s+)?in\s+(?:os\.)?environ\b/g, 'in os.environ'],
  ];
  for (const [pattern, via] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const offset = match.index ?? 0;
      if (inComment(offset)) continue;
      facts.envReads.push({ name: match[2] ?? null, line: lines.lineOf(offset), via });
    }
  }
  facts.envReads.sort((a, b) => a.line - b.line);
}

/** `os.getenv(ENV_CONFIG_DIR)` where `ENV_CONFIG_DIR = "HTTPIE_CONFIG_DIR"` at module level: use the value. */
function resolveEnvNameConstants(facts: CodeFacts): void {
  const constants = new Map<string, string>();
  for (const b of facts.bindings) if (b.fn === -1 && b.via === 'assign' && b.value.kind === 'string') constants.set(b.name, String(b.value.value));
  for (const read of facts.envReads) {
    if (read.name?.startsWith('$')) read.name = constants.get(read.name.slice(1)) ?? null;
  }
}
