/**
 * The test inventory: test files and test functions by tier, frameworks, skip conditions with the environment
 * variables that gate them, and pytest markers with how they are selected.
 */
import type { CallFact, CodeFacts, DataFacts, DecoratorFact, FileFacts, ImportFact, TextFacts, ValueFact } from '../../facts/types.js';
import { at, items, str } from '../../facts/located.js';
import { parseIni } from '../manifests/python.js';
import { isPythonTestModule } from '../../discover/classify.js';
import { byCodePoint } from '../../util/order.js';

export type Tier = 'unit' | 'integration' | 'e2e';

export interface TestFile {
  path: string;
  tier: Tier;
  /** Why this tier: a folder, a file name, a marker. */
  tierReason: string;
  framework: string;
  tests: number;
  language: string;
  /** Line of the first test declaration (1 when none was found). */
  line: number;
  /** Python: the pytest marks each test carries (its own, its class's and the module's `pytestmark`). */
  testMarks?: string[][];
  /** Where CI jobs and git hooks run this file (filled in by test-runs.ts). */
  runs: TestRun[];
  /** Test commands that collect this file but deselect all its tests with a pytest `-m` expression. */
  deselected?: TestRun[];
  /** What the file's mocks replace: the project's own modules, or the HTTP/DB/process boundary. */
  mocks?: MockCounts;
}

export interface MockCounts {
  /** `patch("app.services.x")`, `jest.mock('./repository')`: the project's own code. */
  internal: number;
  /** `patch("app.client.requests.get")`, `jest.mock('axios')`, nock/msw: HTTP, database, filesystem, process. */
  boundary: number;
  /** Anything else (`jest.spyOn`, `patch.object` on a local object, time). */
  other: number;
}

/** One place that runs a test file: a CI step or a git hook. */
export interface TestRun {
  kind: 'ci' | 'hook';
  /** Workflow or hook file. */
  path: string;
  /** Line of the step or hook command. */
  line: number;
  /** CI job id. */
  job?: string;
  /** The workflow only runs when started by hand, or can never run. */
  manual: boolean;
  runner: string;
  command: string;
}

export interface SkipCondition {
  path: string;
  line: number;
  /** `skip` (always), `skipif`/`skipIf`/`skipUnless`, `env-gated`. */
  kind: 'skip' | 'conditional';
  text: string;
  /** Environment variables the condition reads. */
  envVars: string[];
  /** Test functions it covers (a class or module-level skip covers several). */
  scope: 'test' | 'class' | 'module' | 'suite';
  /**
   * When the tests are skipped, as far as the condition says: `unset` — unless the variable is set (opt-in
   * tests), `set` — when it is set. Absent when the condition is not a plain test of the variables.
   */
  skippedWhen?: 'unset' | 'set';
  /** Number of tests the skip covers. */
  tests: number;
}

/** A pytest configuration: `[tool.pytest.ini_options]`, `pytest.ini`, `[tool:pytest]` in setup.cfg, `[pytest]` in tox.ini. */
export interface PytestConfig {
  path: string;
  /** Folder of the file: pytest's rootdir when it runs from there or below. */
  dir: string;
  addopts?: { value: string; line: number };
  testpaths?: string[];
  /** Variables set by pytest-env (`env = X=1`). */
  env: string[];
}

export interface MarkerUse {
  name: string;
  count: number;
  files: string[];
  /** Declared in pytest configuration (`markers = ...`). */
  declared: boolean;
}

export interface TestInventory {
  files: TestFile[];
  byTier: Record<Tier, { files: number; tests: number }>;
  frameworks: string[];
  skips: SkipCondition[];
  markers: MarkerUse[];
  /** pytest `addopts` (`-m "not slow"` deselects by default). */
  pytestAddopts?: { value: string; path: string; line: number };
  /** pytest `testpaths`. */
  pytestTestpaths?: string[];
  /** Every pytest configuration, nearest-first lookups are up to the reader. */
  pytestConfigs: PytestConfig[];
  /** Mocks over all test files, and how many files mock the project's own modules. */
  mocking: MockCounts & { filesWithInternal: number; filesWithMocks: number };
}

/** Libraries at the process boundary: mocking them is mocking the outside world. */
const BOUNDARY_MODULES = new Set([
  'requests', 'httpx', 'urllib', 'urllib3', 'aiohttp', 'http', 'socket', 'smtplib', 'boto3', 'botocore', 'sqlalchemy', 'psycopg', 'psycopg2', 'pymongo', 'redis',
  'subprocess', 'shutil', 'os', 'pathlib', 'time', 'datetime', 'uuid', 'random', 'secrets', 'stripe', 'openai', 'anthropic', 'celery', 'kombu', 'pika', 'emails',
  'axios', 'node-fetch', 'got', 'undici', 'ky', 'superagent', 'pg', 'mysql2', 'mongoose', 'mongodb', 'ioredis', 'nodemailer', 'typeorm', '@prisma/client', 'prisma', 'knex',
  'sequelize', 'fs', 'fs/promises', 'child_process', 'net', 'dns', 'https', 'ws', 'kafkajs', 'amqplib', 'bullmq',
]);
const PY_PATCH = /^(mock\.patch|patch|unittest\.mock\.patch|mocker\.patch)(\.dict|\.multiple)?$/;
const PY_PATCH_OBJECT = /^(mock\.patch\.object|patch\.object|unittest\.mock\.patch\.object|mocker\.patch\.object|monkeypatch\.setattr)$/;
const JS_MOCK = /^(jest|vi)\.(mock|doMock|unstable_mockModule)$/;

function stringArg(v: ValueFact | undefined): string | undefined {
  return v && (v.kind === 'string') && typeof v.value === 'string' ? v.value : undefined;
}

/** Count a file's mocks: own modules (`localRoots`, relative JS paths) vs the boundary. */
function countMocks(file: CodeFacts, localRoots: ReadonlySet<string>): MockCounts | undefined {
  const counts: MockCounts = { internal: 0, boundary: 0, other: 0 };
  const classifyDotted = (target: string): keyof MockCounts => {
    const segments = target.split(/[./]/);
    if (segments.some((s) => BOUNDARY_MODULES.has(s))) return 'boundary';
    return localRoots.has(segments[0] ?? '') ? 'internal' : 'other';
  };
  const importedFrom = new Map<string, ImportFact>();
  for (const i of file.imports) {
    if (i.alias) importedFrom.set(i.alias, i);
    for (const n of i.names) importedFrom.set(n, i);
  }
  const targets: Array<ValueFact | undefined> = [];
  for (const call of file.calls) {
    if (file.language === 'python') {
      if (PY_PATCH.test(call.callee)) targets.push(call.args[0]);
      else if (PY_PATCH_OBJECT.test(call.callee)) {
        const owner = call.args[0];
        const target = stringArg(owner) ?? (owner ? (importedFrom.get(owner.text.split('.')[0] ?? '')?.module ?? owner.text) : '');
        counts[classifyDotted(target)]++;
      }
    } else if (JS_MOCK.test(call.callee)) {
      const target = stringArg(call.args[0]) ?? '';
      if (BOUNDARY_MODULES.has(target.replace(/^node:/, '')) || target.startsWith('@aws-sdk/')) counts.boundary++;
      else if (/^(\.{1,2}\/|@\/|~\/|src\/)/.test(target)) counts.internal++;
      else counts.other++;
    } else if (/^(jest|vi)\.spyOn$/.test(call.callee)) counts.other++;
  }
  // `@mock.patch("x")` decorators are calls too: they are already in `file.calls`.
  for (const target of targets) {
    const dotted = stringArg(target);
    if (dotted) counts[classifyDotted(dotted)]++;
    else counts.other++;
  }
  if (file.language !== 'python' && file.imports.some((i) => i.module === 'nock' || i.module === 'msw' || i.module.startsWith('msw/'))) counts.boundary++;
  return counts.internal + counts.boundary + counts.other > 0 ? counts : undefined;
}

/** Top-level Python packages and modules of the project: the first segment of each production module path. */
function pythonRoots(files: readonly FileFacts[]): Set<string> {
  const roots = new Set<string>();
  for (const f of files) {
    if (f.kind !== 'code' || f.language !== 'python' || f.role !== 'source') continue;
    const segments = f.path.replace(/\.py$/, '').split('/');
    // Every folder on the way can be an import root (src layouts, monorepo components): keep them all but `src`.
    for (const s of segments) if (s !== 'src' && s !== '__init__') roots.add(s);
  }
  return roots;
}

const PYTEST_BUILTIN_MARKS = new Set(['skip', 'skipif', 'xfail', 'parametrize', 'usefixtures', 'filterwarnings', 'asyncio', 'anyio', 'django_db', 'timeout', 'flaky', 'dependency', 'order']);

const JS_TEST_CALLEES = /^(test|it)(\.(only|skip|todo|concurrent|failing|each\(\)|skipIf\(\)|runIf\(\)))*$/;

export function isPythonTestFile(path: string): boolean {
  return isPythonTestModule(path.slice(path.lastIndexOf('/') + 1));
}

export function isJsTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /\.(test|spec|e2e-spec|e2e|int-spec|integration)\.[cm]?[jt]sx?$/.test(name) || (/(^|\/)__tests__\//.test(path) && /\.[cm]?[jt]sx?$/.test(name));
}

function tierOf(file: CodeFacts, markers: readonly string[]): { tier: Tier; reason: string } {
  const lower = file.path.toLowerCase();
  const segments = lower.split('/');
  if (/\.e2e(-spec)?\.[cm]?[jt]sx?$/.test(lower) || segments.some((s) => ['e2e', 'end-to-end', 'end_to_end', 'playwright', 'cypress'].includes(s))) {
    return { tier: 'e2e', reason: 'e2e folder or file name' };
  }
  if (segments.some((s) => ['integration', 'integration_tests', 'integration-tests', 'it', 'functional', 'acceptance'].includes(s)) || /\.(int-spec|integration)\./.test(lower)) {
    return { tier: 'integration', reason: 'integration folder or file name' };
  }
  if (markers.includes('integration')) return { tier: 'integration', reason: '@pytest.mark.integration' };
  if (markers.includes('e2e')) return { tier: 'e2e', reason: '@pytest.mark.e2e' };
  if (segments.includes('unit') || segments.includes('unit_tests')) return { tier: 'unit', reason: 'unit folder' };
  return { tier: 'unit', reason: 'default (no integration or e2e marker, folder or name)' };
}

const ENV_IN_TEXT = [
  /os\.environ(?:\.get)?\s*[[(]\s*['"]([A-Za-z_][\w]*)['"]/g,
  /os\.getenv\(\s*['"]([A-Za-z_][\w]*)['"]/g,
  /['"]([A-Za-z_][\w]*)['"]\s+(?:not\s+)?in\s+os\.environ/g,
  /process\.env\.([A-Za-z_$][\w$]*)/g,
  /process\.env\[\s*['"]([^'"]+)['"]\s*\]/g,
  /import\.meta\.env\.([A-Za-z_$][\w$]*)/g,
];

export function envVarsIn(text: string): string[] {
  const out = new Set<string>();
  for (const re of ENV_IN_TEXT) for (const m of text.matchAll(re)) if (m[1]) out.add(m[1]);
  return [...out].sort();
}

const FALSY_LITERAL = /^(["'`](|0|false|False|no|off)["'`]|0|False|false|None|null|undefined)$/;

/**
 * A condition over environment variables reduced to `ENV` (the variable is set to something truthy) or
 * `not ENV`, e.g. `os.environ.get("X") != "1"` → `not ENV`, `!process.env.X` → `not ENV`, `"X" in os.environ` → `ENV`.
 */
function reduceEnvCondition(text: string): string {
  let t = ` ${text.replace(/\s+/g, ' ')} `;
  t = t.replace(/["'][A-Za-z_]\w*["']\s+not\s+in\s+os\.environ\b/g, 'not ENV');
  t = t.replace(/["'][A-Za-z_]\w*["']\s+in\s+os\.environ\b/g, 'ENV');
  t = t.replace(/os\.environ\.get\([^()]*\)|os\.getenv\([^()]*\)|os\.environ\[[^\]]*\]|process\.env\.[A-Za-z_$][\w$]*|process\.env\[[^\]]*\]|import\.meta\.env\.\w+/g, 'ENV');
  for (let i = 0; i < 3; i++) {
    t = t.replace(/ENV(\s*\?\?\s*(["'`][^"'`]*["'`]|\w+))/g, (_m, _d: string, d: string) => (FALSY_LITERAL.test(d) ? 'ENV' : 'OTHER'));
    t = t.replace(/ENV(\.\w+\(\))+/g, 'ENV');
    t = t.replace(/\b(bool|Boolean|int|Number|str|String)\(\s*ENV\s*\)/g, 'ENV');
    t = t.replace(/!!\s*ENV/g, 'ENV');
    t = t.replace(/ENV\s*(===?|!==?)\s*(["'`][^"'`]*["'`]|\d+|True|False|true|false|None|null|undefined)/g, (_m, op: string, lit: string) => {
      const positive = op.startsWith('=') !== FALSY_LITERAL.test(lit);
      return positive ? 'ENV' : 'not ENV';
    });
    t = t.replace(/ENV\s+is\s+not\s+None/g, 'ENV').replace(/ENV\s+is\s+None/g, 'not ENV');
    t = t.replace(/ENV\s+not\s+in\s+[([{][^)\]}]*[)\]}]/g, 'not ENV').replace(/ENV\s+in\s+[([{][^)\]}]*[)\]}]/g, 'ENV');
    t = t.replace(/!\s*ENV/g, 'not ENV').replace(/\(\s*(not ENV|ENV)\s*\)/g, '$1');
    t = t.replace(/!\s*\(\s*ENV\s*\)/g, 'not ENV').replace(/not\s+not\s+ENV/g, 'ENV');
  }
  return t.trim();
}

/** Whether tests are skipped when the variable is unset or when it is set, given the condition that skips them. */
export function skippedWhen(condition: string, conditionMeans: 'skip' | 'run'): 'unset' | 'set' | undefined {
  const c = reduceEnvCondition(condition);
  const or = /\s(or|\|\|)\s/;
  const and = /\s(and|&&)\s/;
  let skipUnset: boolean | undefined;
  if (c === 'not ENV') skipUnset = true;
  else if (c === 'ENV') skipUnset = false;
  // `skip if not A or B`: an unset A alone skips; `run if A and B`: an unset A alone skips.
  else if (conditionMeans === 'skip' && or.test(c) && c.split(or).some((p) => p.trim() === 'not ENV')) return 'unset';
  else if (conditionMeans === 'run' && and.test(c) && c.split(and).some((p) => p.trim() === 'ENV')) return 'unset';
  if (skipUnset === undefined) return undefined;
  if (conditionMeans === 'run') skipUnset = !skipUnset;
  return skipUnset ? 'unset' : 'set';
}

/** Replace module-level names bound to an env read (`RUN_DB = os.getenv("RUN_DB")`) by that read. */
function inlineEnvConstants(text: string, file: CodeFacts): string {
  let out = text;
  for (const b of file.bindings) {
    if (b.fn !== -1 || b.via !== 'assign' || !/^[A-Za-z_]\w*$/.test(b.name) || envVarsIn(b.value.text).length === 0) continue;
    out = out.replace(new RegExp(`(?<![\\w.'"])${b.name}(?![\\w'"])`, 'g'), `(${b.value.text})`);
  }
  return out;
}

function markName(decorator: DecoratorFact): string | null {
  const match = /^pytest\.mark\.([A-Za-z_]\w*)$/.exec(decorator.name);
  return match?.[1] ?? null;
}

function gatedSkip(base: Omit<SkipCondition, 'envVars' | 'skippedWhen'>, condition: string, means: 'skip' | 'run'): SkipCondition {
  const skip: SkipCondition = { ...base, envVars: envVarsIn(condition) };
  if (skip.envVars.length > 0) {
    const when = skippedWhen(condition, means);
    if (when) skip.skippedWhen = when;
  }
  return skip;
}

/** The condition of a `pytest.mark.skipif(<condition>, reason=...)` written as text. */
function skipifCondition(text: string): string | undefined {
  const m = /pytest\.mark\.skipif\((.*)\)/.exec(text);
  return m?.[1]?.replace(/,\s*(reason\s*=\s*)?["'].*$/, '');
}

/** `live = pytest.mark.skipif(...)` at module level, later used as `@live`: name → condition. */
function skipAliases(file: CodeFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of file.bindings) {
    if (b.fn !== -1 || b.via !== 'assign' || b.name === 'pytestmark' || !/^pytest\.mark\.skipif\(/.test(b.value.text)) continue;
    const condition = skipifCondition(b.value.text);
    if (condition !== undefined) out.set(b.name, condition);
  }
  return out;
}

function skipFromDecorator(file: CodeFacts, d: DecoratorFact, scope: SkipCondition['scope'], tests: number, aliases: ReadonlyMap<string, string> = new Map()): SkipCondition | null {
  const alias = aliases.get(d.name.replace(/^@/, ''));
  if (alias !== undefined) return gatedSkip({ path: file.path, line: d.line, text: d.text, scope, tests, kind: 'conditional' }, inlineEnvConstants(alias, file), 'skip');
  const mark = markName(d);
  const unittest = /^(unittest\.)?(skip|skipIf|skipUnless)$/.exec(d.name)?.[2];
  if (mark !== 'skip' && mark !== 'skipif' && !unittest) return null;
  const base = { path: file.path, line: d.line, text: d.text, scope, tests };
  if (mark === 'skip' || unittest === 'skip') return { ...base, kind: 'skip', envVars: [] };
  const condition = inlineEnvConstants(d.args[0]?.text ?? d.kwargs['condition']?.text ?? '', file);
  return gatedSkip({ ...base, kind: 'conditional' }, condition, unittest === 'skipUnless' ? 'run' : 'skip');
}

const PYTEST_MARK = /pytest\.mark\.([A-Za-z_]\w*)/g;

function pythonTests(file: CodeFacts, inventory: TestInventory, markerCounts: Map<string, { count: number; files: Set<string> }>): { tests: number; markers: string[]; marks: string[][]; line: number } {
  const fileMarkers = new Set<string>();
  const noteMark = (name: string): void => {
    if (PYTEST_BUILTIN_MARKS.has(name)) return;
    fileMarkers.add(name);
    const entry = markerCounts.get(name) ?? { count: 0, files: new Set<string>() };
    entry.count++;
    entry.files.add(file.path);
    markerCounts.set(name, entry);
  };
  const aliases = skipAliases(file);
  const moduleMarks: string[] = [];
  for (const b of file.bindings) {
    if (b.name !== 'pytestmark' || b.fn !== -1) continue;
    for (const m of b.value.text.matchAll(PYTEST_MARK)) {
      if (!m[1]) continue;
      noteMark(m[1]);
      moduleMarks.push(m[1]);
    }
  }
  const testFunctions = file.functions.filter((fn) => {
    if (!fn.name.startsWith('test') || fn.parent !== -1) return false;
    return !fn.className || /^Test/.test(fn.className) || (file.classes.find((c) => c.name === fn.className)?.bases.some((b) => /TestCase$/.test(b)) ?? false);
  });
  const marks: string[][] = [];
  for (const fn of testFunctions) {
    const own: string[] = [];
    for (const d of fn.decorators) {
      const mark = markName(d);
      if (mark) {
        noteMark(mark);
        own.push(mark);
      }
      const skip = skipFromDecorator(file, d, 'test', 1, aliases);
      if (skip) inventory.skips.push(skip);
    }
    const cls = fn.className ? file.classes.find((c) => c.name === fn.className) : undefined;
    const classMarks = (cls?.decorators ?? []).map(markName).filter((m): m is string => m !== null);
    marks.push([...new Set([...own, ...classMarks, ...moduleMarks])].sort());
  }
  for (const cls of file.classes) {
    const tests = testFunctions.filter((fn) => fn.className === cls.name).length;
    for (const d of cls.decorators) {
      const mark = markName(d);
      if (mark) noteMark(mark);
      const skip = skipFromDecorator(file, d, 'class', tests, aliases);
      if (skip) inventory.skips.push(skip);
    }
  }
  for (const b of file.bindings) {
    if (b.name !== 'pytestmark' || b.fn !== -1) continue;
    const skipif = skipifCondition(b.value.text);
    if (skipif !== undefined) {
      const condition = inlineEnvConstants(skipif, file);
      inventory.skips.push(gatedSkip({ path: file.path, line: b.line, kind: 'conditional', text: b.value.text, scope: 'module', tests: testFunctions.length }, condition, 'skip'));
    } else if (/pytest\.mark\.skip\b/.test(b.value.text)) {
      inventory.skips.push({ path: file.path, line: b.line, kind: 'skip', text: b.value.text, envVars: [], scope: 'module', tests: testFunctions.length });
    }
  }
  for (const call of file.calls) {
    if (call.callee !== 'pytest.skip' && call.callee !== 'pytest.importorskip') continue;
    const fn = file.functions[call.fn];
    // `if not os.getenv("X"): pytest.skip(...)`: the env read sits on the line or two before the skip.
    const near = call.callee === 'pytest.skip' ? file.envReads.filter((r) => r.name !== null && r.line < call.line && r.line >= call.line - 2 && (!fn || (r.line >= fn.line && r.line <= fn.endLine))) : [];
    const text = `${call.callee}(${call.args.map((a) => a.text).join(', ')})${fn ? '' : ' at module level'}`;
    inventory.skips.push({
      path: file.path,
      line: call.line,
      kind: 'conditional',
      text,
      envVars: [...new Set(near.map((r) => r.name ?? ''))].sort(),
      scope: fn ? 'test' : 'module',
      tests: fn ? 1 : testFunctions.length,
    });
  }
  const line = testFunctions.reduce((min, fn) => Math.min(min, fn.decorators[0]?.line ?? fn.line), Number.MAX_SAFE_INTEGER);
  return { tests: testFunctions.length, markers: [...fileMarkers], marks, line: line === Number.MAX_SAFE_INTEGER ? 1 : line };
}

/** `cond ? describe : describe.skip` (runs when cond) or `cond ? describe.skip : describe` (skips when cond). */
const TERNARY_SUITE = /^\(?\s*(.+?)\s*\?\s*(describe|it|test|suite)(\.skip)?\s*:\s*(describe|it|test|suite)(\.skip)?\s*\)?$/;

function ternaryGate(text: string): { condition: string; means: 'skip' | 'run'; suite: boolean } | null {
  const m = TERNARY_SUITE.exec(text.trim());
  if (!m?.[1] || Boolean(m[3]) === Boolean(m[5])) return null;
  return { condition: m[1], means: m[3] ? 'skip' : 'run', suite: (m[2] ?? m[4]) === 'describe' || (m[2] ?? m[4]) === 'suite' };
}

function jsTests(file: CodeFacts, inventory: TestInventory): { tests: number; line: number } {
  const testCalls = file.calls.filter((c) => JS_TEST_CALLEES.test(c.callee));
  const within = (c: CallFact): number => testCalls.filter((t) => t.line >= c.line && t.endLine <= c.endLine && t !== c).length;
  const gates = new Map<string, { condition: string; means: 'skip' | 'run'; suite: boolean }>();
  for (const b of file.bindings) {
    const gate = b.via === 'assign' ? ternaryGate(b.value.text) : null;
    if (gate) gates.set(b.name, gate);
  }
  for (const call of file.calls) {
    const base = { path: file.path, line: call.line, text: call.calleeText ?? call.callee };
    const scopeOf = (name: string): SkipCondition['scope'] => (/^(describe|suite)/.test(name) ? 'suite' : 'test');
    const conditional = /^(describe|it|test|suite)\.(skipIf|runIf)$/.exec(call.callee);
    if (conditional?.[1] && conditional[2]) {
      const condition = call.args[0]?.text ?? '';
      const scope = scopeOf(conditional[1]);
      const suite = file.calls.find((c) => c.callee === `${call.callee}()` && c.line === call.line);
      inventory.skips.push(gatedSkip({ ...base, text: `${call.callee}(${condition})`, kind: 'conditional', scope, tests: scope === 'suite' && suite ? within(suite) : 1 }, condition, conditional[2] === 'runIf' ? 'run' : 'skip'));
      continue;
    }
    if (/^(describe|it|test|suite)\.skip$/.test(call.callee)) {
      const first = call.args[0];
      // Playwright: `test.skip(condition, reason)` skips the tests around it when the condition holds.
      if (first && first.kind !== 'string' && first.kind !== 'template' && call.args.length <= 2 && !(call.args[1]?.kind === 'lambda')) {
        inventory.skips.push(gatedSkip({ ...base, text: `${call.callee}(${first.text})`, kind: 'conditional', scope: 'test', tests: 1 }, first.text, 'skip'));
      } else inventory.skips.push({ ...base, kind: 'skip', envVars: [], scope: scopeOf(call.callee), tests: call.callee.startsWith('describe') ? within(call) : 1 });
      continue;
    }
    const gate = call.calleeText ? ternaryGate(call.calleeText) : gates.get(call.callee);
    if (gate) {
      inventory.skips.push(gatedSkip({ ...base, text: `${call.calleeText ?? call.callee}(…)`, kind: 'conditional', scope: gate.suite ? 'suite' : 'test', tests: gate.suite ? within(call) : 1 }, gate.condition, gate.means));
    }
  }
  const counted = testCalls.length + file.calls.filter((c) => gates.has(c.callee) && !gates.get(c.callee)?.suite).length;
  const first = testCalls.reduce((min, c) => Math.min(min, c.line), Number.MAX_SAFE_INTEGER);
  return { tests: counted, line: first === Number.MAX_SAFE_INTEGER ? 1 : first };
}

function frameworkOf(file: CodeFacts): string {
  const modules = new Set(file.imports.map((i) => i.module.split('/')[0] ?? i.module));
  if (file.language === 'python') return modules.has('unittest') && !modules.has('pytest') && file.classes.some((c) => c.bases.some((b) => /TestCase$/.test(b))) ? 'unittest' : 'pytest';
  if (modules.has('vitest')) return 'vitest';
  if (modules.has('@playwright')) return 'playwright';
  if (modules.has('cypress') || /(^|\/)cypress\//.test(file.path)) return 'cypress';
  if (modules.has('node:test')) return 'node:test';
  if (modules.has('mocha') || modules.has('chai')) return 'mocha';
  return 'jest';
}

function pytestConfig(files: readonly FileFacts[], inventory: TestInventory): Set<string> {
  const declared = new Set<string>();
  for (const file of files) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '.';
    if (file.kind === 'data' && name === 'pyproject.toml') {
      const data: DataFacts = file;
      const options = at(data.documents[0] ?? undefined, 'tool', 'pytest', 'ini_options');
      if (!options) continue;
      const config: PytestConfig = { path: file.path, dir, env: [] };
      for (const m of items(at(options, 'markers'))) declared.add((str(m) ?? '').split(':')[0]?.trim() ?? '');
      const addopts = at(options, 'addopts');
      const value = str(addopts) ?? items(addopts).map((n) => str(n) ?? '').join(' ');
      if (value && addopts) {
        inventory.pytestAddopts = { value, path: file.path, line: addopts.line };
        config.addopts = { value, line: addopts.line };
      }
      const testpaths = str(at(options, 'testpaths'))?.split(/\s+/) ?? items(at(options, 'testpaths')).map((n) => str(n) ?? '');
      if (testpaths.length > 0) {
        inventory.pytestTestpaths = testpaths;
        config.testpaths = testpaths;
      }
      config.env = items(at(options, 'env')).map((n) => (str(n) ?? '').replace(/^D:|^R:/, '').split('=')[0]?.trim() ?? '').filter(Boolean);
      inventory.pytestConfigs.push(config);
    } else if (file.kind === 'text' && (name === 'pytest.ini' || name === 'setup.cfg' || name === 'tox.ini')) {
      const text: TextFacts = file;
      const ini = parseIni(text.text);
      const section = ini.get('pytest') ?? ini.get('tool:pytest');
      if (!section) continue;
      const config: PytestConfig = { path: file.path, dir, env: [] };
      for (const m of section.get('markers')?.value ?? []) declared.add(m.split(':')[0]?.trim() ?? '');
      const addopts = section.get('addopts');
      if (addopts) {
        inventory.pytestAddopts = { value: addopts.value.join(' '), path: file.path, line: addopts.line };
        config.addopts = { value: addopts.value.join(' '), line: addopts.line };
      }
      const testpaths = section.get('testpaths');
      if (testpaths) {
        inventory.pytestTestpaths = testpaths.value.join(' ').split(/\s+/).filter(Boolean);
        config.testpaths = inventory.pytestTestpaths;
      }
      config.env = (section.get('env')?.value ?? []).map((v) => v.replace(/^D:|^R:/, '').split('=')[0]?.trim() ?? '').filter(Boolean);
      inventory.pytestConfigs.push(config);
    }
  }
  declared.delete('');
  return declared;
}

export function buildTestInventory(files: readonly FileFacts[]): TestInventory {
  const inventory: TestInventory = {
    files: [],
    byTier: { unit: { files: 0, tests: 0 }, integration: { files: 0, tests: 0 }, e2e: { files: 0, tests: 0 } },
    frameworks: [],
    skips: [],
    markers: [],
    pytestConfigs: [],
    mocking: { internal: 0, boundary: 0, other: 0, filesWithInternal: 0, filesWithMocks: 0 },
  };
  const localRoots = pythonRoots(files);
  const markerCounts = new Map<string, { count: number; files: Set<string> }>();
  const frameworks = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'code' || file.role === 'fixture') continue;
    const python = file.language === 'python';
    if (python ? !isPythonTestFile(file.path) : !isJsTestFile(file.path)) continue;
    let tests: number;
    let line: number;
    let markers: string[] = [];
    let marks: string[][] | undefined;
    if (python) ({ tests, markers, marks, line } = pythonTests(file, inventory, markerCounts));
    else ({ tests, line } = jsTests(file, inventory));
    const framework = frameworkOf(file);
    const { tier, reason } = framework === 'playwright' || framework === 'cypress' ? { tier: 'e2e' as const, reason: `${framework} browser test` } : tierOf(file, markers);
    frameworks.add(framework);
    const entry: TestFile = { path: file.path, tier, tierReason: reason, framework, tests, language: file.language, line, runs: [] };
    if (marks) entry.testMarks = marks;
    const mocks = countMocks(file, localRoots);
    if (mocks) {
      entry.mocks = mocks;
      inventory.mocking.internal += mocks.internal;
      inventory.mocking.boundary += mocks.boundary;
      inventory.mocking.other += mocks.other;
      inventory.mocking.filesWithMocks++;
      if (mocks.internal > 0) inventory.mocking.filesWithInternal++;
    }
    inventory.files.push(entry);
    inventory.byTier[tier].files++;
    inventory.byTier[tier].tests += tests;
  }
  const declared = pytestConfig(files, inventory);
  inventory.markers = [...markerCounts.entries()]
    .map(([name, v]) => ({ name, count: v.count, files: [...v.files].sort(), declared: declared.has(name) }))
    .sort((a, b) => byCodePoint(a.name, b.name));
  inventory.frameworks = [...frameworks].sort();
  inventory.skips.sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line);
  return inventory;
}
