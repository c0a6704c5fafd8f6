/**
 * JavaScript / TypeScript / TSX fact extraction: the same single preorder pass as python.ts, over the
 * tree-sitter-typescript and tree-sitter-javascript grammars (their node names agree for what we read).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type {
  CallFact,
  ClassFact,
  CodeFacts,
  CodeLanguage,
  DecoratorFact,
  FieldFact,
  FileRole,
  FunctionFact,
  HandlerFact,
  ItemWriteFact,
  LoopFact,
  ParamFact,
  StubKind,
  ValueFact,
} from '../../facts/types.js';
import { clip, countLines, LineIndex } from '../../util/text.js';
import { emptyCodeFacts, enterHandler, escapeRegExp, finishTextScans, linkTry, newHandler, noteCallInHandler, settleHandlers, startHandler, syntaxErrors, type CommentRange } from './common.js';
import { noteComparisons, noteFinallyJumps, noteThrowInHandler } from './flow-facts.js';
import { FrameStack } from './frames.js';
import { normalizeCallee } from './python.js';

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);
const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);
const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

const LITERAL_KINDS = new Set(['string', 'number', 'bool', 'none']);
/** Inside functions, literals and strings built from pieces (an SQL or shell command assembled before use) are bound. */
const LOCAL_BINDING_KINDS = new Set([...LITERAL_KINDS, 'fstring', 'template', 'concat', 'format']);

export function jsStringContent(text: string): string {
  const match = /^(['"`])([\s\S]*)\1$/.exec(text);
  return match ? (match[2] ?? '') : text;
}

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion']);

/** The expression inside parentheses and type assertions, with its type (`type` is the node's, when the caller has read it). */
function unwrapTyped(node: Node, type = node.type): [Node, string] {
  let n = node;
  let t = type;
  while (WRAPPERS.has(t)) {
    let inner: Node | null = null;
    let innerType = '';
    for (const c of n.namedChildren) {
      if (!c) continue;
      innerType = c.type;
      if (innerType !== 'comment') {
        inner = c;
        break;
      }
    }
    if (!inner) break;
    n = inner;
    t = innerType;
  }
  return [n, t];
}

function unwrap(node: Node): Node {
  return unwrapTyped(node)[0];
}

function propertyKey(key: Node): string {
  return key.type === 'string' ? jsStringContent(key.text) : key.text;
}

/** `type` is the input's type when the caller has already read it (each read crosses into WebAssembly). */
function valueOf(input: Node, depth = 0, inputType?: string): ValueFact {
  const [node, type] = unwrapTyped(input, inputType);
  const source = node.text;
  const text = clip(source);
  switch (type) {
    case 'string':
      return { kind: 'string', text, value: jsStringContent(source) };
    case 'template_string':
      // Only a template with `${` in it can have a substitution.
      if (source.includes('${') && node.namedChildren.some((c) => c?.type === 'template_substitution')) return { kind: 'template', text };
      return { kind: 'string', text, value: jsStringContent(source) };
    case 'number':
      return { kind: 'number', text, value: Number(source.replace(/_/g, '')) };
    case 'true':
    case 'false':
      return { kind: 'bool', text, value: type === 'true' };
    case 'null':
    case 'undefined':
      return { kind: 'none', text, value: null };
    case 'identifier':
      return source === 'undefined' ? { kind: 'none', text, value: null } : { kind: 'identifier', text };
    case 'member_expression':
    case 'subscript_expression':
      return { kind: 'attribute', text };
    case 'call_expression':
    case 'new_expression': {
      const fn = node.childForFieldName(type === 'new_expression' ? 'constructor' : 'function');
      return { kind: 'call', text, callee: fn ? normalizeCallee(fn.text) : '' };
    }
    case 'object': {
      const props: Record<string, ValueFact> = {};
      let spread = false;
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'spread_element') spread = true;
        else if (child.type === 'pair' && depth <= 2) {
          const key = child.childForFieldName('key');
          const value = child.childForFieldName('value');
          if (key && value) props[propertyKey(key)] = valueOf(value, depth + 1);
        } else if (child.type === 'shorthand_property_identifier') props[child.text] = { kind: 'identifier', text: child.text };
        else if (child.type === 'method_definition') {
          const key = child.childForFieldName('name');
          if (key) props[propertyKey(key)] = { kind: 'lambda', text: clip(child.text) };
        }
      }
      return spread ? { kind: 'object', text, props, spread } : { kind: 'object', text, props };
    }
    case 'array':
      return { kind: 'array', text };
    case 'arrow_function':
    case 'function_expression':
    case 'function':
      return { kind: 'lambda', text };
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const stringy = (n: Node | null): boolean => n !== null && (n.type === 'string' || n.type === 'template_string');
      if (op === '+' && (stringy(left) || stringy(right))) return { kind: 'concat', text };
      return { kind: 'other', text };
    }
    case 'unary_expression': {
      const arg = node.childForFieldName('argument');
      if (arg?.type === 'number' && node.childForFieldName('operator')?.type === '-') return { kind: 'number', text, value: -Number(arg.text) };
      return { kind: 'other', text };
    }
    default:
      return { kind: 'other', text };
  }
}

function decoratorFromNode(node: Node): DecoratorFact | null {
  const expr = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!expr) return null;
  const decorator: DecoratorFact = { name: '', line: node.startPosition.row + 1, args: [], kwargs: {}, text: clip(node.text, 160) };
  if (expr.type === 'call_expression') {
    const fn = expr.childForFieldName('function');
    decorator.name = fn ? normalizeCallee(fn.text) : '';
    for (const arg of expr.childForFieldName('arguments')?.namedChildren ?? []) {
      if (arg && arg.type !== 'comment') decorator.args.push(valueOf(arg));
    }
  } else decorator.name = normalizeCallee(expr.text);
  return decorator;
}

/** Decorators written before a class member: the `decorator` siblings immediately preceding it. */
function precedingDecorators(node: Node): DecoratorFact[] {
  const out: DecoratorFact[] = [];
  let sibling = node.previousNamedSibling;
  while (sibling?.type === 'decorator') {
    const d = decoratorFromNode(sibling);
    if (d) out.unshift(d);
    sibling = sibling.previousNamedSibling;
  }
  return out;
}

/** Decorators of a class: its own `decorator` children, or those of the `export` statement around it. */
function classDecorators(node: Node): DecoratorFact[] {
  const own = node.namedChildren.filter((c): c is Node => c?.type === 'decorator');
  const parent = node.parent;
  const fromExport = parent?.type === 'export_statement' ? parent.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
  return [...fromExport, ...own].map(decoratorFromNode).filter((d): d is DecoratorFact => d !== null);
}

function paramsOf(parameters: Node | null): ParamFact[] {
  const out: ParamFact[] = [];
  if (!parameters) return out;
  if (parameters.type === 'identifier') return [{ name: parameters.text }];
  for (const p of parameters.namedChildren) {
    if (!p || p.type === 'comment') continue;
    if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
      const pattern = p.childForFieldName('pattern');
      const type = p.childForFieldName('type');
      const value = p.childForFieldName('value');
      const param: ParamFact = { name: pattern ? clip(pattern.text, 60) : '' };
      if (type) param.annotation = clip(type.text.replace(/^:\s*/, ''));
      if (value) param.default = valueOf(value);
      const decorators = p.namedChildren.filter((c): c is Node => c?.type === 'decorator').map(decoratorFromNode).filter((d): d is DecoratorFact => d !== null);
      if (decorators.length > 0) param.decorators = decorators;
      out.push(param);
    } else if (p.type === 'assignment_pattern') {
      const left = p.childForFieldName('left');
      const right = p.childForFieldName('right');
      const param: ParamFact = { name: left ? clip(left.text, 60) : '' };
      if (right) param.default = valueOf(right);
      out.push(param);
    } else out.push({ name: clip(p.text, 60) });
  }
  return out;
}

function bodyStatements(body: Node | null): Node[] {
  if (!body) return [];
  if (body.type !== 'statement_block') return [body];
  return body.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

function stubOf(body: Node | null, statements: Node[]): StubKind | undefined {
  if (body?.type === 'statement_block' && statements.length === 0) return 'empty';
  if (statements.length !== 1) return undefined;
  const only = statements[0];
  if (!only) return undefined;
  if (only.type === 'throw_statement' && /not\s*(yet\s*)?implemented/i.test(only.text)) return 'not-implemented';
  const value = only.type === 'return_statement' ? only.namedChild(0) : body?.type !== 'statement_block' ? only : null;
  if (only.type === 'return_statement' && !value) return 'return-empty';
  if (value && ['array', 'object'].includes(unwrap(value).type) && unwrap(value).namedChildCount === 0) return 'return-empty';
  if (value && ['null', 'undefined'].includes(unwrap(value).type)) return 'return-empty';
  return undefined;
}

/** Name of a function: declared, a method, or the variable/property/assignment that receives it. */
function functionName(node: Node): { name: string; passedTo?: string; eventName?: string } {
  const own = node.childForFieldName('name');
  if (own) return { name: own.text };
  const parent = node.parent;
  if (!parent) return { name: '' };
  if (parent.type === 'variable_declarator') return { name: parent.childForFieldName('name')?.text ?? '' };
  if (parent.type === 'pair') return { name: propertyKey(parent.childForFieldName('key') ?? parent) };
  if (parent.type === 'assignment_expression') return { name: clip(parent.childForFieldName('left')?.text ?? '', 60) };
  if (parent.type === 'public_field_definition' || parent.type === 'field_definition') {
    return { name: (parent.childForFieldName('name') ?? parent.childForFieldName('property'))?.text ?? '' };
  }
  if (parent.type === 'arguments') {
    const call = parent.parent;
    const fn = call?.childForFieldName(call.type === 'new_expression' ? 'constructor' : 'function');
    const first = parent.namedChildren.find((c) => c !== null && c.type !== 'comment');
    const eventName = first && first.startIndex !== node.startIndex && first.type === 'string' ? jsStringContent(first.text) : undefined;
    if (fn) return eventName === undefined ? { name: '', passedTo: normalizeCallee(fn.text) } : { name: '', passedTo: normalizeCallee(fn.text), eventName };
  }
  return { name: '' };
}

function classShape(node: Node): Omit<ClassFact, 'line' | 'endLine'> {
  const name = node.childForFieldName('name')?.text ?? (node.parent?.type === 'variable_declarator' ? (node.parent.childForFieldName('name')?.text ?? '') : '');
  const bases: string[] = [];
  const heritage = node.namedChildren.find((c) => c?.type === 'class_heritage');
  for (const clause of heritage?.namedChildren ?? []) {
    for (const c of clause?.namedChildren ?? []) if (c && c.type !== 'comment') bases.push(clip(c.text, 80));
  }
  const fields: FieldFact[] = [];
  const methods: string[] = [];
  for (const member of node.childForFieldName('body')?.namedChildren ?? []) {
    if (!member) continue;
    if (member.type === 'method_definition') {
      const n = member.childForFieldName('name');
      if (n) methods.push(n.text);
    } else if (member.type === 'public_field_definition' || member.type === 'field_definition') {
      const n = member.childForFieldName('name') ?? member.childForFieldName('property');
      if (!n) continue;
      const field: FieldFact = { name: n.text, line: member.startPosition.row + 1, decorators: [] };
      const type = member.childForFieldName('type');
      const value = member.childForFieldName('value');
      if (type) field.annotation = clip(type.text.replace(/^:\s*/, ''));
      if (value) field.value = valueOf(value);
      field.decorators = member.namedChildren.filter((c): c is Node => c?.type === 'decorator').map(decoratorFromNode).filter((d): d is DecoratorFact => d !== null);
      if (field.decorators.length === 0) field.decorators = precedingDecorators(member);
      fields.push(field);
    }
  }
  return { name, bases, decorators: classDecorators(node), fields, methods, keywords: {} };
}

interface PendingPromiseHandler {
  handler: number;
}

/** What the visitors below share while one file is walked. */
interface Walk {
  facts: CodeFacts;
  stack: FrameStack;
  lines: LineIndex;
  loops: LoopFact[];
  itemWrites: ItemWriteFact[];
  comments: CommentRange[];
  pendingPromiseHandlers: Map<number, PendingPromiseHandler>;
}

/** One visitor per node type, small on purpose (see the Python extractor): V8 optimises and re-optimises each on its own. */
type Visit = (node: Node, start: number, walk: Walk, type: string) => void;

const line = (n: Node): number => n.startPosition.row + 1;
const endLine = (n: Node): number => n.endPosition.row + 1;

function visitFunction(node: Node, start: number, { facts, stack, pendingPromiseHandlers }: Walk, type: string): void {
  const { name, passedTo, eventName } = functionName(node);
  const body = node.childForFieldName('body');
  const statements = bodyStatements(body);
  const parent = stack.functionIndex();
  const classIndex = type === 'method_definition' ? stack.enclosingClassIndex() : -1;
  const className = classIndex >= 0 ? facts.classes[classIndex]?.name : undefined;
  const owner = className ?? (parent >= 0 ? facts.functions[parent]?.qualifiedName : undefined);
  const shownName = name || (passedTo ? `${passedTo}(callback)` : '(anonymous)');
  const fn: FunctionFact = {
    name,
    qualifiedName: owner ? `${owner}.${shownName}` : shownName,
    line: line(node),
    endLine: endLine(node),
    isAsync: node.children.some((c) => c?.type === 'async'),
    decorators: type === 'method_definition' ? precedingDecorators(node) : [],
    params: paramsOf(node.childForFieldName('parameters') ?? node.childForFieldName('parameter')),
    statements: statements.length,
    maxNesting: 0,
    parent,
  };
  if (className) fn.className = className;
  if (passedTo) fn.passedTo = passedTo;
  if (eventName !== undefined) fn.eventName = eventName;
  const stub = stubOf(body, statements);
  if (stub) fn.stub = stub;
  facts.functions.push(fn);
  stack.push({ kind: 'function', start, end: node.endIndex, index: facts.functions.length - 1 });
  const pending = pendingPromiseHandlers.get(start);
  if (pending && body) {
    pendingPromiseHandlers.delete(start);
    stack.push({ kind: 'handler', start: body.startIndex, end: body.endIndex, index: pending.handler });
    const handler = facts.handlers[pending.handler];
    if (handler) fillHandlerBody(handler, body, statements);
  }
}

function visitClass(node: Node, start: number, { facts, stack }: Walk): void {
  facts.classes.push({ ...classShape(node), line: line(node), endLine: endLine(node) });
  stack.push({ kind: 'class', start, end: node.endIndex, index: facts.classes.length - 1 });
}

function visitLoop(node: Node, start: number, { facts, stack, loops }: Walk, type: string): void {
  loops.push({
    line: line(node),
    endLine: endLine(node),
    kind: type === 'do_statement' ? 'do' : type === 'while_statement' ? 'while' : 'for',
    infinite: isInfiniteLoop(node),
    fn: stack.functionIndex(),
    exits: [],
    header: clip(node.text.split('\n')[0] ?? '', 80),
  });
  stack.push({ kind: 'loop', start, end: node.endIndex, index: loops.length - 1 });
  noteNesting(facts, stack);
}

function visitCall(node: Node, start: number, { facts, stack, pendingPromiseHandlers }: Walk, type: string): void {
  const isNew = type === 'new_expression';
  const fnNode = node.childForFieldName(isNew ? 'constructor' : 'function');
  if (!fnNode) return;
  const callee = normalizeCallee(fnNode.text);
  const call: CallFact = {
    callee,
    line: line(node),
    endLine: endLine(node),
    isNew,
    args: [],
    kwargs: {},
    hasSpread: false,
    awaited: false,
    isStatement: false,
    fn: stack.functionIndex(),
    inLoop: stack.inLoop(),
    guardedBy: stack.guards(start),
  };
  const argNodes: Node[] = [];
  for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    const type = arg.type;
    if (type === 'comment') continue;
    argNodes.push(arg);
    if (type === 'spread_element') call.hasSpread = true;
    else call.args.push(valueOf(arg, 0, type));
  }
  const calleeType = fnNode.type;
  if (calleeType === 'parenthesized_expression') call.calleeText = clip(fnNode.text, 160);
  describeCallSite(node, call);
  facts.calls.push(call);
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) noteCallInHandler(handler, call, call.args.map((a) => a.text), 'js', node.text);
  const protecting = stack.tryProtecting(start);
  if (protecting?.bodyCalls && protecting.bodyCalls.length < 20) protecting.bodyCalls.push(callee);
  if (!isNew) readDynamicImport(node, calleeType, call, argNodes, facts, stack);
  if (!isNew && callee.endsWith('.catch') && argNodes.length >= 1) notePromiseCatch(node, call, argNodes[0] as Node, facts, stack, pendingPromiseHandlers);
}

function visitTry(node: Node, start: number, { facts, stack }: Walk): void {
  facts.tryStatements++;
  const body = node.childForFieldName('body');
  stack.push({
    kind: 'try',
    start,
    end: node.endIndex,
    index: -1,
    bodyStart: body?.startIndex ?? start,
    bodyEnd: body?.endIndex ?? start,
    catches: node.childForFieldName('handler') ? ['*'] : [],
    bodyCalls: [],
    importOnly: false,
  });
  noteNesting(facts, stack);
}

function visitCatch(node: Node, start: number, { facts, stack, lines }: Walk): void {
  const param = node.childForFieldName('parameter');
  const body = node.childForFieldName('body');
  const statements = bodyStatements(body);
  const handler = newHandler(node, 'try', param?.type === 'identifier' ? param.text : null, stack);
  linkTry(handler, stack.innermostTry(), lines);
  fillHandlerBody(handler, body, statements);
  enterHandler(facts, stack, handler, start, node.endIndex);
}

function visitThrow(node: Node, start: number, { facts, stack }: Walk): void {
  const handler = noteThrowInHandler(facts, stack, line(node), start);
  if (!handler) return;
  const thrown = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
  if (!thrown || handler.binding === null) return;
  const b = escapeRegExp(handler.binding);
  if (thrown.text === handler.binding || new RegExp(`\\bcause\\s*:\\s*${b}\\b|[{,]\\s*${b}\\s*[,}]`).test(thrown.text)) handler.reraisesSame = true;
}

function visitReturn(node: Node, _start: number, { facts, stack, loops }: Walk): void {
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) handler.returns.push(clip(node.namedChildren.find((c) => c !== null && c.type !== 'comment')?.text ?? '', 80));
  for (const i of stack.loopIndices()) loops[i]?.exits.push(line(node));
}

function visitBreak(node: Node, _start: number, { stack, loops }: Walk): void {
  // A labelled break may leave an outer loop, and a break inside `switch` only leaves the switch.
  const innermost = stack.loopIndices()[0];
  if (innermost !== undefined && !node.childForFieldName('label') && !breaksSwitch(node)) loops[innermost]?.exits.push(line(node));
}

function visitAugmentedAssignment(node: Node, _start: number, { stack, itemWrites }: Walk): void {
  const left = node.childForFieldName('left');
  if (left?.type === 'subscript_expression') noteItemWrite(left, 'augment', stack, itemWrites);
}

function visitUnary(node: Node, _start: number, { stack, itemWrites }: Walk): void {
  const argument = node.childForFieldName('argument');
  if (node.childForFieldName('operator')?.type === 'delete' && argument?.type === 'subscript_expression') noteItemWrite(argument, 'delete', stack, itemWrites);
}

function visitContinue(_node: Node, _start: number, { facts, stack }: Walk): void {
  const handler = facts.handlers[stack.handlerIndex()];
  if (handler) handler.continues = true;
}

function visitImportExport(node: Node, _start: number, { facts }: Walk): void {
  readStaticImport(node, facts);
}

function visitDeclarator(node: Node, _start: number, { facts, stack }: Walk): void {
  const name = node.childForFieldName('name');
  const value = node.childForFieldName('value');
  if (!name || !value) return;
  if (name.type === 'object_pattern' && /^(process\.env|import\.meta\.env)$/.test(unwrap(value).text)) {
    readEnvDestructuring(name, facts);
    return;
  }
  if (name.type !== 'identifier') return;
  addBinding(facts, stack, name.text, line(node), value);
}

function visitAssignment(node: Node, _start: number, { facts, stack, itemWrites }: Walk): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type === 'subscript_expression') noteItemWrite(left, 'set', stack, itemWrites);
  if (!left || !right || !['identifier', 'member_expression', 'subscript_expression'].includes(left.type)) return;
  addBinding(facts, stack, clip(left.text, 80), line(node), right);
}

function visitPair(node: Node, _start: number, { facts, stack }: Walk): void {
  const key = node.childForFieldName('key');
  const value = node.childForFieldName('value');
  if (!key || !value) return;
  const v = unwrap(value);
  // Strings (credentials), booleans and comparisons (security switches: `rejectUnauthorized: false`, `origin: true`, `x === 'true'`).
  if (v.type !== 'string' && !(v.type === 'template_string' && v.namedChildCount === 0) && v.type !== 'true' && v.type !== 'false' && v.type !== 'binary_expression') return;
  facts.bindings.push({ name: propertyKey(key), line: line(node), value: valueOf(v), via: 'key', fn: stack.functionIndex() });
}

function visitComment(node: Node, start: number, { facts, comments }: Walk): void {
  comments.push({ start, end: node.endIndex, line: line(node), endLine: endLine(node) });
  facts.comments.push({ line: line(node), text: clip(node.text, 200) });
}

function visitIf(node: Node, start: number, { facts, stack }: Walk): void {
  const condition = node.childForFieldName('condition');
  const inner = condition ? unwrap(condition) : null;
  if (inner && (['false', 'null', 'undefined'].includes(inner.type) || (inner.type === 'number' && inner.text === '0'))) {
    facts.constantConditions.push({ line: line(node), text: clip(node.text.split('\n')[0] ?? '', 80) });
  }
  const consequence = node.childForFieldName('consequence');
  if (consequence && inner) (facts.branches ??= []).push({ line: line(consequence), endLine: endLine(consequence), condition: clip(inner.text, 120) });
  // `else if` continues a chain; it does not nest.
  if (node.parent?.type !== 'else_clause') {
    stack.push({ kind: 'nest', start, end: node.endIndex, index: -1 });
    noteNesting(facts, stack);
  }
}

function visitBinary(node: Node, _start: number, { facts, stack }: Walk): void {
  noteComparisons(facts, node, stack.functionIndex(), valueOf);
}

function visitFinally(node: Node, _start: number, { facts, stack }: Walk): void {
  noteFinallyJumps(facts, node, stack.functionIndex());
}

function visitSwitch(node: Node, start: number, { facts, stack }: Walk): void {
  stack.push({ kind: 'nest', start, end: node.endIndex, index: -1 });
  noteNesting(facts, stack);
}

const VISITORS: Record<string, Visit> = {
  ...Object.fromEntries([...FUNCTION_TYPES].map((t) => [t, visitFunction])),
  ...Object.fromEntries([...CLASS_TYPES].map((t) => [t, visitClass])),
  ...Object.fromEntries([...LOOP_TYPES].map((t) => [t, visitLoop])),
  call_expression: visitCall,
  new_expression: visitCall,
  try_statement: visitTry,
  catch_clause: visitCatch,
  throw_statement: visitThrow,
  return_statement: visitReturn,
  continue_statement: visitContinue,
  import_statement: visitImportExport,
  export_statement: visitImportExport,
  variable_declarator: visitDeclarator,
  assignment_expression: visitAssignment,
  pair: visitPair,
  comment: visitComment,
  if_statement: visitIf,
  switch_statement: visitSwitch,
  binary_expression: visitBinary,
  finally_clause: visitFinally,
  break_statement: visitBreak,
  augmented_assignment_expression: visitAugmentedAssignment,
  unary_expression: visitUnary,
};

const NODE_TYPES = Object.keys(VISITORS);

export function extractJavaScript(tree: Tree, text: string, path: string, language: CodeLanguage, role: FileRole, hash: string): CodeFacts {
  const lines = new LineIndex(text);
  const facts = emptyCodeFacts(path, language, role, countLines(text), hash);
  const walk: Walk = { facts, stack: new FrameStack(), lines, loops: [], itemWrites: [], comments: [], pendingPromiseHandlers: new Map() };
  facts.loops = walk.loops;
  facts.itemWrites = walk.itemWrites;
  for (const node of tree.rootNode.descendantsOfType(NODE_TYPES)) {
    // `class`, `function` and `import` are also keyword tokens; only named nodes are constructs.
    if (!node?.isNamed) continue;
    const start = node.startIndex;
    walk.stack.advance(start);
    const type = node.type;
    VISITORS[type]?.(node, start, walk, type);
  }
  facts.parseErrors = syntaxErrors(tree);
  settleHandlers(facts.handlers);
  readMemberEnvReads(text, lines, facts, walk.comments);
  finishTextScans(facts, text, lines, walk.comments, /^(\/\/|\/\*)/);
  return facts;
}

function fillHandlerBody(handler: HandlerFact, body: Node | null, statements: Node[]): void {
  handler.statements = statements.length;
  handler.empty = statements.length === 0;
  startHandler(handler, body?.text ?? '');
  if (body && body.type !== 'statement_block') handler.returns.push(clip(body.text, 80));
}

/** `.catch(fn)` on a promise: a handler whose body is the callback's. */
function notePromiseCatch(
  node: Node,
  call: CallFact,
  callback: Node,
  facts: CodeFacts,
  stack: FrameStack,
  pending: Map<number, PendingPromiseHandler>,
): void {
  const cb = unwrap(callback);
  const isFunction = cb.type === 'arrow_function' || cb.type === 'function_expression' || cb.type === 'function';
  const params = isFunction ? (cb.childForFieldName('parameters') ?? cb.childForFieldName('parameter')) : null;
  const firstParam = params?.type === 'identifier' ? params : params?.namedChildren.find((c) => c !== null && c.type !== 'comment');
  const bindingNode = firstParam?.type === 'required_parameter' ? firstParam.childForFieldName('pattern') : firstParam;
  const handler = newHandler(node, 'promise', bindingNode?.type === 'identifier' ? bindingNode.text : null, stack);
  handler.line = call.line;
  handler.header = clip(`.catch(${cb.text.split('\n')[0] ?? ''}`, 160);
  if (!isFunction) {
    handler.statements = 1;
    handler.empty = false;
    handler.delegatesTo = normalizeCallee(cb.text);
    handler.usesError = true;
    handler.passesError = true;
  }
  facts.handlers.push(handler);
  if (isFunction) pending.set(cb.startIndex, { handler: facts.handlers.length - 1 });
}

function isInfiniteLoop(node: Node): boolean {
  const condition = node.childForFieldName('condition');
  if (node.type === 'for_statement') return !condition || condition.type === 'empty_statement' || unwrap(condition).type === 'true';
  if (node.type === 'for_in_statement' || !condition) return false;
  return unwrap(condition).type === 'true';
}

/** The nearest enclosing breakable construct of a `break` is a `switch`. */
function breaksSwitch(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'switch_statement') return true;
    if (LOOP_TYPES.has(n.type) || FUNCTION_TYPES.has(n.type)) return false;
  }
  return false;
}

function noteItemWrite(subscript: Node, op: ItemWriteFact['op'], stack: FrameStack, out: ItemWriteFact[]): void {
  const object = subscript.childForFieldName('object');
  if (object) out.push({ object: clip(object.text, 80), line: subscript.startPosition.row + 1, op, fn: stack.functionIndex() });
}

function addBinding(facts: CodeFacts, stack: FrameStack, name: string, lineNumber: number, valueNode: Node): void {
  const fn = stack.functionIndex();
  const value = valueOf(valueNode);
  // Library-wide defaults (`axios.defaults.timeout = 300 * 1000`) apply to every later call, wherever they are set.
  if (fn >= 0 && !LOCAL_BINDING_KINDS.has(value.kind) && !/\.defaults\.\w+$/.test(name)) return;
  facts.bindings.push({ name, line: lineNumber, value, via: 'assign', fn });
}

function noteNesting(facts: CodeFacts, stack: FrameStack): void {
  const fn = facts.functions[stack.functionIndex()];
  if (fn) fn.maxNesting = Math.max(fn.maxNesting, stack.nesting());
}

function describeCallSite(node: Node, call: CallFact): void {
  let outer: Node = node;
  let parent = node.parent;
  let parentType = parent?.type;
  if (parent && parentType === 'await_expression') {
    call.awaited = true;
    outer = parent;
    parent = parent.parent;
    parentType = parent?.type;
  }
  if (!parent) return;
  if (parentType === 'expression_statement') call.isStatement = true;
  else if (parentType === 'variable_declarator' && parent.childForFieldName('value')?.startIndex === outer.startIndex) {
    const name = parent.childForFieldName('name');
    if (name) call.assignedTo = clip(name.text, 80);
  } else if (parentType === 'assignment_expression' && parent.childForFieldName('right')?.startIndex === outer.startIndex) {
    const left = parent.childForFieldName('left');
    if (left) call.assignedTo = clip(left.text, 80);
  } else if (parentType === 'member_expression' && parent.childForFieldName('object')?.startIndex === node.startIndex) {
    const chain: string[] = [];
    let link: Node | null = parent;
    let linkType: string | undefined = parentType;
    while (link && linkType === 'member_expression') {
      const property = link.childForFieldName('property');
      if (property) chain.push(property.text);
      const next: Node | null = link.parent;
      link = next?.type === 'call_expression' ? next.parent : null;
      linkType = link?.type;
    }
    if (chain.length > 0) call.chainedWith = chain;
  }
}

function readStaticImport(node: Node, facts: CodeFacts): void {
  const source = node.childForFieldName('source');
  if (!source) return;
  const module = jsStringContent(source.text);
  const names: string[] = [];
  let alias: string | undefined;
  let typeOnly = node.children.some((c) => c?.type === 'type');
  const clause = node.namedChildren.find((c) => c?.type === 'import_clause' || c?.type === 'export_clause');
  let specifiers = 0;
  let typeSpecifiers = 0;
  for (const part of clause?.namedChildren ?? []) {
    if (!part) continue;
    if (part.type === 'identifier') {
      names.push('default');
      alias = part.text;
    } else if (part.type === 'namespace_import') {
      names.push('*');
      alias = part.namedChildren.find((c) => c?.type === 'identifier')?.text;
    } else if (part.type === 'named_imports' || part.type === 'export_specifier' || part.type === 'import_specifier') {
      const specs = part.type === 'named_imports' ? part.namedChildren : [part];
      for (const spec of specs) {
        if (!spec || spec.type === 'comment') continue;
        specifiers++;
        if (spec.children.some((c) => c?.type === 'type' || c?.type === 'typeof')) typeSpecifiers++;
        names.push(spec.childForFieldName('name')?.text ?? spec.text);
      }
    }
  }
  if (specifiers > 0 && typeSpecifiers === specifiers && names.length === specifiers) typeOnly = true;
  facts.imports.push({
    module,
    names,
    line: node.startPosition.row + 1,
    relative: module.startsWith('.') || module.startsWith('/'),
    typeOnly,
    lazy: false,
    guarded: false,
    ...(alias ? { alias } : {}),
  });
}

/** Where a type is written: `import('x')` under one of these (after its `.A.B` chain) is an import type. */
const TYPE_CONTEXTS = new Set(['type_annotation', 'type_arguments', 'type_alias_declaration', 'type_query', 'opting_type_annotation', 'omitting_type_annotation', 'adding_type_annotation', 'constraint', 'default_type', 'implements_clause']);

/** `let a: import('./x').A`, `typeof import('x')`: a type that names a module, not a module loaded at run time. */
function isImportType(call: Node): boolean {
  let node = call;
  let parent = node.parent;
  while (parent && (parent.type === 'member_expression' || parent.type === 'call_expression') && parent.firstNamedChild?.startIndex === node.startIndex) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return false;
  if (TYPE_CONTEXTS.has(parent.type) || parent.type.endsWith('_type')) return true;
  return (parent.type === 'as_expression' || parent.type === 'satisfies_expression') && parent.firstNamedChild?.startIndex !== node.startIndex;
}

/** `calleeType` is the type of the call's function node (`import` for `import(…)`). */
function readDynamicImport(node: Node, calleeType: string, call: CallFact, args: Node[], facts: CodeFacts, stack: FrameStack): void {
  const isRequire = call.callee === 'require' || call.callee === 'require.resolve';
  const isImport = calleeType === 'import';
  if (!isRequire && !isImport) return;
  const first = args[0] ? unwrap(args[0]) : null;
  if (!first || (first.type !== 'string' && !(first.type === 'template_string' && first.namedChildCount === 0))) return;
  const module = jsStringContent(first.text);
  const parent = node.parent;
  const alias = parent?.type === 'variable_declarator' && parent.childForFieldName('name')?.type === 'identifier' ? parent.childForFieldName('name')?.text : undefined;
  const typeOnly = isImport && isImportType(node);
  facts.imports.push({
    module,
    names: [],
    line: call.line,
    relative: module.startsWith('.') || module.startsWith('/'),
    typeOnly,
    lazy: !typeOnly && (isImport || stack.functionIndex() >= 0),
    guarded: call.guardedBy.length > 0,
    ...(alias ? { alias } : {}),
  });
}

function readEnvDestructuring(pattern: Node, facts: CodeFacts): void {
  for (const prop of pattern.namedChildren) {
    if (!prop) continue;
    const lineNumber = prop.startPosition.row + 1;
    if (prop.type === 'shorthand_property_identifier_pattern') facts.envReads.push({ name: prop.text, line: lineNumber, via: 'process.env' });
    else if (prop.type === 'object_assignment_pattern') {
      const left = prop.childForFieldName('left');
      const right = prop.childForFieldName('right');
      if (left) facts.envReads.push({ name: left.text, line: lineNumber, via: 'process.env', ...(right ? { default: valueOf(right) } : {}) });
    } else if (prop.type === 'pair_pattern') {
      const key = prop.childForFieldName('key');
      if (key) facts.envReads.push({ name: propertyKey(key), line: lineNumber, via: 'process.env' });
    }
  }
}

const DEFAULT_AFTER = /^\s*(\?\?|\|\|)\s*(?:(['"`])((?:(?!\2)[^\\\n]|\\.)*)\2|(-?\d+(?:\.\d+)?)|(true|false))/;

/**
 * `process.env.X`, `process.env['X']`, `import.meta.env.X`, and `env.X` where `env` is imported from
 * `process`/`node:process`; with a literal `?? d` / `|| d` default. Read from the text (member expressions are
 * the most frequent node and not worth a tree query), skipping comments.
 */
function readMemberEnvReads(text: string, lines: LineIndex, facts: CodeFacts, comments: readonly CommentRange[]): void {
  const importsEnv = facts.imports.some((i) => (i.module === 'process' || i.module === 'node:process') && i.names.includes('env'));
  if (!text.includes('env')) return;
  const inComment = (offset: number): boolean => comments.some((c) => offset >= c.start && offset < c.end);
  const patterns: Array<[RegExp, string]> = [
    [/\bprocess\s*\.\s*env\s*\.\s*([A-Za-z_$][\w$]*)/g, 'process.env'],
    [/\bprocess\s*\.\s*env\s*\[\s*(['"`])([^'"`\n]+)\1\s*\]/g, 'process.env'],
    [/\bimport\s*\.\s*meta\s*\.\s*env\s*\.\s*([A-Za-z_$][\w$]*)/g, 'import.meta.env'],
  ];
  if (importsEnv) patterns.push([/(?<![.\w$])env\s*\.\s*([A-Za-z_$][\w$]*)/g, 'process.env']);
  for (const [pattern, via] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const offset = match.index ?? 0;
      if (inComment(offset)) continue;
      const name = match.length > 2 && match[2] !== undefined ? match[2] : (match[1] ?? null);
      const rest = text.slice(offset + match[0].length, offset + match[0].length + 200);
      if (/^\s*=(?!=)/.test(rest)) continue;
      const after = DEFAULT_AFTER.exec(rest);
      const read: CodeFacts['envReads'][number] = { name, line: lines.lineOf(offset), via };
      if (after) {
        if (after[3] !== undefined) read.default = { kind: 'string', text: clip(after[0].replace(/^\s*(\?\?|\|\|)\s*/, '')), value: after[3] };
        else if (after[4] !== undefined) read.default = { kind: 'number', text: after[4], value: Number(after[4]) };
        else if (after[5] !== undefined) read.default = { kind: 'bool', text: after[5], value: after[5] === 'true' };
      }
      facts.envReads.push(read);
    }
  }
  facts.envReads.sort((a, b) => a.line - b.line);
}
