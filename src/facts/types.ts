/**
 * Facts: what one pass over one file extracts. Facts are plain, structured-clone friendly data (they cross
 * worker-thread boundaries), carry 1-based lines, and are all that rules ever read: no rule sees a syntax tree.
 */

export type CodeLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';
export type DataFormat = 'yaml' | 'json' | 'toml';
export type FileLanguage = CodeLanguage | DataFormat | 'dockerfile' | 'markdown' | 'text';

/**
 * What a file is for. Decided from its path when the tree is walked (discover/classify.ts), then refined from
 * evidence once the facts are in (project/file-roles.ts): `dev` runs only on a developer's machine (dev servers,
 * fake-data generators, seeders, code loaded only under DEBUG), `vendored` was copied from another project,
 * `benchmark` measures performance, `template` is copied to users to fill in (scaffolds, sample apps).
 */
export type FileRole = 'source' | 'test' | 'example' | 'docs' | 'script' | 'config' | 'fixture' | 'dev' | 'vendored' | 'benchmark' | 'template';

/** The shape of an argument or assigned value, as far as one file can tell. */
export type ValueKind =
  | 'string'
  | 'number'
  | 'bool'
  | 'none'
  | 'identifier'
  | 'attribute'
  | 'call'
  | 'object'
  | 'array'
  | 'fstring'
  | 'template'
  | 'concat'
  | 'format'
  | 'lambda'
  | 'other';

export interface ValueFact {
  kind: ValueKind;
  /** Source text, whitespace collapsed and capped (see util/text.ts `clip`). */
  text: string;
  /** The literal value for string/number/bool/none kinds. */
  value?: string | number | boolean | null;
  /** For object/dict literals: their literal keys. */
  props?: Record<string, ValueFact>;
  /** An object/dict literal that also spreads another object (`...x`, `**x`): its keys are not all known. */
  spread?: boolean;
  /** For calls: the callee, dotted (e.g. `AbortSignal.timeout`). */
  callee?: string;
}

export interface ImportFact {
  /** Module specifier as written: `os.path`, `.models`, `node:fs`, `@scope/pkg/sub`. */
  module: string;
  /** Imported names (`from x import a, b`; `import {a} from 'x'`). `*` for star imports. */
  names: string[];
  line: number;
  /** Python relative import or JS relative path. */
  relative: boolean;
  /** `import type`, or inside `if TYPE_CHECKING:`. */
  typeOnly: boolean;
  /** `require()`, `import()`, or an import inside a function body. */
  lazy: boolean;
  /** Inside a `try` whose handler catches ImportError/ModuleNotFoundError (or any error, in JS). */
  guarded: boolean;
  /** Local alias of a whole-module import (`import numpy as np` → np; `import x from 'y'` → x). */
  alias?: string;
  /** Imported names bound under another local name (`from x import a as b`, `import { a as b }`): local → imported. */
  renamed?: Record<string, string>;
}

export interface CallFact {
  /** Callee as dotted text with call arguments removed: `requests.get`, `self.session.post`, `fetch`. */
  callee: string;
  line: number;
  endLine: number;
  /** JS `new X()` / Python never. */
  isNew: boolean;
  args: ValueFact[];
  /** Python keyword arguments. */
  kwargs: Record<string, ValueFact>;
  /** `*args`, `**kwargs` or `...spread`: arguments not known from the call site. */
  hasSpread: boolean;
  awaited: boolean;
  /** The call is a whole expression statement (its result is discarded). */
  isStatement: boolean;
  /** Name the result is assigned to (`x = f()`, `self.x = f()`, `const x = f()`), or `with f() as x`. */
  assignedTo?: string;
  /** Index into `functions` of the innermost enclosing function, or -1 at module level. */
  fn: number;
  inLoop: boolean;
  /** Exception types guarding this call (from enclosing `try` handlers); `*` for a broad handler. */
  guardedBy: string[];
  /** Method chained on this call's result: `fetch(x).then` → `then`. */
  chainedWith?: string[];
  /** JS: the callee's source text when it is a parenthesised expression (`(cond ? describe : describe.skip)(…)`). */
  calleeText?: string;
}

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'exception' | 'print' | 'other';

export interface LogCallFact {
  line: number;
  level: LogLevel;
  callee: string;
  /** The log call carries a traceback: `logger.exception`, `exc_info=True`, `traceback.print_exc()`, or (JS) the error object itself. */
  withTraceback: boolean;
  /** Some argument mentions the caught error. */
  mentionsError: boolean;
}

export interface HandlerFact {
  line: number;
  endLine: number;
  /** `try` for an except/catch clause; `promise` for a `.catch(fn)` callback. */
  form: 'try' | 'promise';
  /** Caught type names as written; empty for bare `except:` and every JS catch. */
  types: string[];
  /** Bare except, Exception, BaseException, any JS catch. */
  broad: boolean;
  binding: string | null;
  fn: number;
  inLoop: boolean;
  /** Text of the handler's first line. */
  header: string;
  /** Statements in the body (comments excluded). */
  statements: number;
  /** The body is empty or only `pass` / `...` / a comment. */
  empty: boolean;
  /** Some `raise`/`throw` in the body (outside nested functions). */
  raises: boolean;
  /** `raise X from e`, a bare `raise`, `raise e`, or JS `throw e` / `throw new X(..., { cause: e })`. */
  reraisesSame: boolean;
  logs: LogCallFact[];
  /** `return` statements in the body: their value text (empty string for a bare return). */
  returns: string[];
  continues: boolean;
  /** `sys.exit(..)`, `exit(..)`, `os._exit`, `process.exit(..)`, with the code text (empty if none). */
  exits: string[];
  /** The caught error (binding) is referenced in the body. */
  usesError: boolean;
  /** The caught error flows on: passed to a call that is not a log call, or returned. */
  passesError: boolean;
  /** Callees called directly in the protected `try` body (empty for promise handlers). */
  tryCalls: string[];
  /** The protected body only imports modules (an optional-dependency probe). */
  guardsImportOnly: boolean;
  /** Callees called in the body. */
  calls: string[];
  /** A promise `.catch(fn)` given a function reference: the handler's body is that function's. */
  delegatesTo?: string;
  /** Line of the `try` this handler belongs to: the protected body spans `tryLine` up to the first handler. */
  tryLine?: number;
}

export interface DecoratorFact {
  /** Callee or name: `app.get`, `pytest.mark.skipif`, `Get`, `UseGuards`. */
  name: string;
  line: number;
  args: ValueFact[];
  kwargs: Record<string, ValueFact>;
  text: string;
}

export interface ParamFact {
  name: string;
  annotation?: string;
  default?: ValueFact;
  decorators?: DecoratorFact[];
}

export type StubKind = 'pass' | 'ellipsis' | 'not-implemented' | 'return-empty' | 'empty';

export interface FunctionFact {
  name: string;
  /** `Class.method` or `outer.inner`. */
  qualifiedName: string;
  line: number;
  endLine: number;
  isAsync: boolean;
  className?: string;
  decorators: DecoratorFact[];
  params: ParamFact[];
  /** Statements in the body. */
  statements: number;
  /** Deepest block nesting inside the body (if/for/while/try/with/match/switch; `elif`/`else if` do not nest). */
  maxNesting: number;
  /** Set when the whole body is a placeholder. */
  stub?: StubKind;
  /** Index of the enclosing function, -1 at module/class level. */
  parent: number;
  /** For an anonymous function passed as an argument: the callee it is passed to (`app.get`, `router.post`). */
  passedTo?: string;
  /** With `passedTo`: the string literal given as the call's first argument, e.g. the event of `server.on('error', fn)`. */
  eventName?: string;
  /** Lines of `throw`/`raise` statements in the body (not in nested functions) that no `try` of this function encloses. */
  throws?: number[];
}

export interface FieldFact {
  name: string;
  line: number;
  annotation?: string;
  value?: ValueFact;
  decorators: DecoratorFact[];
}

export interface ClassFact {
  name: string;
  line: number;
  endLine: number;
  bases: string[];
  decorators: DecoratorFact[];
  fields: FieldFact[];
  methods: string[];
  /** Python keyword arguments in the class header (`class X(Base, frozen=True)`). */
  keywords: Record<string, ValueFact>;
}

export interface BindingFact {
  /** Target as written: `PASSWORD`, `self.token`, `config.secret`, an object key, a parameter name. */
  name: string;
  line: number;
  value: ValueFact;
  /** `assign` (x = v), `key` (dict/object literal entry), `param` (parameter default), `kwarg` (f(x=v)). */
  via: 'assign' | 'key' | 'param' | 'kwarg';
  fn: number;
}

export interface CommentFact {
  line: number;
  text: string;
}

/** A TODO/FIXME/XXX/HACK marker: every line that `git grep -w -E 'TODO|FIXME|XXX|HACK'` would show. */
export interface MarkerFact {
  line: number;
  marker: 'TODO' | 'FIXME' | 'XXX' | 'HACK';
  /** The line, trimmed and clipped. */
  text: string;
  /** The marker sits in a comment (or docstring), not in code or a string value. */
  inComment: boolean;
}

export interface EnvReadFact {
  /** Variable name, or null when it is computed. */
  name: string | null;
  line: number;
  /** Default given at the read site (`os.getenv("X", "d")`, `process.env.X ?? "d"`). */
  default?: ValueFact;
  /** How it was read: `os.getenv`, `os.environ.get`, `os.environ[]`, `process.env`, `import.meta.env`. */
  via: string;
}

export interface StringFact {
  line: number;
  value: string;
}

export interface ConditionFact {
  line: number;
  /** Text of a constant condition (`if False:`, `if (false)`, `while 0:`). */
  text: string;
}

/** A comparison with a string or number literal on one side, or a `typeof` operand: `x == 'a'`, `x is 1`, `typeof x === 'y'`. */
export interface ComparisonFact {
  line: number;
  /** `==`, `!=`, `===`, `!==`, `is`, `is not`. */
  operator: string;
  left: ValueFact;
  right: ValueFact;
  fn: number;
}

/** A `return`, `break` or `continue` that leaves a `finally` block: it discards any exception in flight. */
export interface FinallyJumpFact {
  line: number;
  keyword: 'return' | 'break' | 'continue';
  fn: number;
}

/** A `for`/`while`/`do` loop. */
export interface LoopFact {
  line: number;
  endLine: number;
  kind: 'for' | 'while' | 'do';
  /** `while True:`, `while 1:`, `while (true)`, `for (;;)`, `do … while (true)`. */
  infinite: boolean;
  fn: number;
  /** Lines of the `break` and `return` statements that leave this loop (not those of nested loops or functions). */
  exits: number[];
  /** First line of the loop, clipped. */
  header: string;
}

/** A write to an item of a container: `x[k] = v`, `x[k] += v`, `del x[k]` / `delete x[k]`. */
export interface ItemWriteFact {
  /** The container as written: `CACHE`, `self.items`, `sessions`. */
  object: string;
  line: number;
  op: 'set' | 'augment' | 'delete';
  fn: number;
}

/** A Python `assert` statement (removed under `python -O`). */
export interface AssertFact {
  line: number;
  /** The asserted condition as written, clipped. */
  test: string;
  /** Index into `functions` of the enclosing function, or -1 at module/class level. */
  fn: number;
  /** Only a docstring or other asserts precede it in its function's body: it runs on every call. */
  leading: boolean;
}

/** Python: an `assert` that can never fail. */
export interface VacuousAssertFact {
  line: number;
  /** The statement's first line, clipped. */
  text: string;
  /** `assert True`/`assert 1`/`assert "x"`; `assert (cond, "msg")`; `assert x == x`; `assert mock.called_once_with(…)`. */
  reason: 'constant' | 'tuple' | 'tautology' | 'mock-attribute';
}

/** The body of an `if` (not its `else`): a call or route inside it runs only when the condition holds. */
export interface BranchFact {
  /** First and last line of the `if` body (the consequence). */
  line: number;
  endLine: number;
  /** Text of the condition, clipped. */
  condition: string;
}

export interface ParseError {
  line: number;
  column: number;
  message: string;
}

export interface CodeFacts {
  kind: 'code';
  path: string;
  language: CodeLanguage;
  role: FileRole;
  lines: number;
  /** Lines with something other than whitespace or a comment. */
  codeLines: number;
  hash: string;
  markers: MarkerFact[];
  parseErrors: ParseError[];
  imports: ImportFact[];
  calls: CallFact[];
  handlers: HandlerFact[];
  functions: FunctionFact[];
  classes: ClassFact[];
  bindings: BindingFact[];
  comments: CommentFact[];
  envReads: EnvReadFact[];
  /** String literals that look like URLs (`scheme://…`). */
  urls: StringFact[];
  constantConditions: ConditionFact[];
  /** Count of try statements (not handlers). */
  tryStatements: number;
  comparisons?: ComparisonFact[];
  finallyJumps?: FinallyJumpFact[];
  /** Loops, in document order. */
  loops?: LoopFact[];
  /** Item writes (`x[k] = v`, `del x[k]`), in document order. */
  itemWrites?: ItemWriteFact[];
  /** Python `assert` statements (absent for other languages). */
  asserts?: AssertFact[];
  /** Python: `assert` statements that can never fail. */
  vacuousAsserts?: VacuousAssertFact[];
  /** `if` bodies with their conditions (optional: older caches and other extractors may not fill it). */
  branches?: BranchFact[];
  /** JS/TS: the directives that open the file (`'use server'`, `'use client'`). */
  directives?: string[];
}

/** A YAML/JSON/TOML value with the 1-based lines it spans; plain data that crosses threads. */
export type LNode = LMap | LSeq | LScalar;

export interface LMap {
  t: 'map';
  line: number;
  endLine: number;
  entries: LEntry[];
}

export interface LEntry {
  key: string;
  line: number;
  value: LNode;
}

export interface LSeq {
  t: 'seq';
  line: number;
  endLine: number;
  items: LNode[];
}

export interface LScalar {
  t: 'scalar';
  line: number;
  endLine: number;
  value: string | number | boolean | null;
}

export interface DataFacts {
  kind: 'data';
  path: string;
  language: DataFormat;
  role: FileRole;
  lines: number;
  hash: string;
  markers: MarkerFact[];
  /** One entry per document (YAML `---`); JSON and TOML have one. Null where a document could not be read. */
  documents: (LNode | null)[];
  parseErrors: ParseError[];
  comments: CommentFact[];
}

export interface DockerInstruction {
  keyword: string;
  /** Arguments as written, continuation lines joined. */
  args: string;
  line: number;
  endLine: number;
  /** Flags of COPY/ADD/RUN/FROM/HEALTHCHECK, which `args` leaves out: `--from=build`, `--chown=app:app`. */
  flags?: string[];
}

export interface DockerfileFacts {
  kind: 'dockerfile';
  path: string;
  language: 'dockerfile';
  role: FileRole;
  lines: number;
  hash: string;
  markers: MarkerFact[];
  instructions: DockerInstruction[];
  parseErrors: ParseError[];
  comments: CommentFact[];
}

/** Markdown, requirements files, .env examples, Procfile, shell scripts, Helm templates: kept as text. */
export interface TextFacts {
  kind: 'text';
  path: string;
  language: 'markdown' | 'text';
  role: FileRole;
  lines: number;
  hash: string;
  markers: MarkerFact[];
  text: string;
  parseErrors: ParseError[];
  comments: CommentFact[];
}

export type FileFacts = CodeFacts | DataFacts | DockerfileFacts | TextFacts;
