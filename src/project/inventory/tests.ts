/**
 * The test inventory: test files and test functions by tier, frameworks, skip conditions with the environment
 * variables that gate them, and pytest markers with how they are selected.
 */
import type { CodeFacts, DataFacts, DecoratorFact, FileFacts, TextFacts } from '../../facts/types.js';
import { at, items, str } from '../../facts/located.js';
import { parseIni } from '../manifests/python.js';

export type Tier = 'unit' | 'integration' | 'e2e';

export interface TestFile {
  path: string;
  tier: Tier;
  /** Why this tier: a folder, a file name, a marker. */
  tierReason: string;
  framework: string;
  tests: number;
  language: string;
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
}

const PYTEST_BUILTIN_MARKS = new Set(['skip', 'skipif', 'xfail', 'parametrize', 'usefixtures', 'filterwarnings', 'asyncio', 'anyio', 'django_db', 'timeout', 'flaky', 'dependency', 'order']);

const JS_TEST_CALLEES = /^(test|it)(\.(only|skip|todo|concurrent|failing|each\(\)|skipIf\(\)|runIf\(\)))*$/;

export function isPythonTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^test_.*\.py$/.test(name) || /_test\.py$/.test(name);
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

const ENV_IN_TEXT = [/os\.environ(?:\.get)?\s*[[(]\s*['"]([A-Za-z_][\w]*)['"]/g, /os\.getenv\(\s*['"]([A-Za-z_][\w]*)['"]/g, /['"]([A-Za-z_][\w]*)['"]\s+(?:not\s+)?in\s+os\.environ/g, /process\.env\.([A-Za-z_$][\w$]*)/g, /process\.env\[\s*['"]([^'"]+)['"]\s*\]/g];

export function envVarsIn(text: string): string[] {
  const out = new Set<string>();
  for (const re of ENV_IN_TEXT) for (const m of text.matchAll(re)) if (m[1]) out.add(m[1]);
  return [...out].sort();
}

function markName(decorator: DecoratorFact): string | null {
  const match = /^pytest\.mark\.([A-Za-z_]\w*)$/.exec(decorator.name);
  return match?.[1] ?? null;
}

function skipFromDecorator(file: CodeFacts, d: DecoratorFact, scope: SkipCondition['scope']): SkipCondition | null {
  const mark = markName(d);
  const isUnittest = /^(unittest\.)?(skip|skipIf|skipUnless)$/.test(d.name);
  if (mark !== 'skip' && mark !== 'skipif' && !isUnittest) return null;
  const kind = mark === 'skip' || d.name.endsWith('.skip') || d.name === 'skip' ? 'skip' : 'conditional';
  return { path: file.path, line: d.line, kind, text: d.text, envVars: envVarsIn(d.text), scope };
}

function pythonTests(file: CodeFacts, inventory: TestInventory, markerCounts: Map<string, { count: number; files: Set<string> }>): { tests: number; markers: string[] } {
  const fileMarkers = new Set<string>();
  const noteMark = (name: string): void => {
    if (PYTEST_BUILTIN_MARKS.has(name)) return;
    fileMarkers.add(name);
    const entry = markerCounts.get(name) ?? { count: 0, files: new Set<string>() };
    entry.count++;
    entry.files.add(file.path);
    markerCounts.set(name, entry);
  };
  let tests = 0;
  for (const fn of file.functions) {
    if (!fn.name.startsWith('test')) continue;
    if (fn.className && !/^Test/.test(fn.className) && !file.classes.find((c) => c.name === fn.className)?.bases.some((b) => /TestCase$/.test(b))) continue;
    if (fn.parent !== -1) continue;
    tests++;
    for (const d of fn.decorators) {
      const mark = markName(d);
      if (mark) noteMark(mark);
      const skip = skipFromDecorator(file, d, 'test');
      if (skip) inventory.skips.push(skip);
    }
  }
  for (const cls of file.classes) {
    for (const d of cls.decorators) {
      const mark = markName(d);
      if (mark) noteMark(mark);
      const skip = skipFromDecorator(file, d, 'class');
      if (skip) inventory.skips.push(skip);
    }
  }
  for (const b of file.bindings) {
    if (b.name !== 'pytestmark' || b.fn !== -1) continue;
    for (const m of b.value.text.matchAll(/pytest\.mark\.([A-Za-z_]\w*)/g)) if (m[1]) noteMark(m[1]);
    if (/pytest\.mark\.skip(if)?\b/.test(b.value.text)) {
      inventory.skips.push({ path: file.path, line: b.line, kind: /skipif/.test(b.value.text) ? 'conditional' : 'skip', text: b.value.text, envVars: envVarsIn(b.value.text), scope: 'module' });
    }
  }
  for (const call of file.calls) {
    if (call.callee !== 'pytest.skip' && call.callee !== 'pytest.importorskip') continue;
    const fn = file.functions[call.fn];
    const guard = fn ? '' : 'module level';
    inventory.skips.push({ path: file.path, line: call.line, kind: 'conditional', text: `${call.callee}(${call.args.map((a) => a.text).join(', ')})${guard ? ` at ${guard}` : ''}`, envVars: [], scope: fn ? 'test' : 'module' });
  }
  return { tests, markers: [...fileMarkers] };
}

function jsTests(file: CodeFacts, inventory: TestInventory): number {
  let tests = 0;
  for (const call of file.calls) {
    if (JS_TEST_CALLEES.test(call.callee)) tests++;
    if (/^(describe|it|test)\.skip$/.test(call.callee) || /^(describe|it|test)\.(skipIf|runIf)\(\)$/.test(call.callee)) {
      inventory.skips.push({ path: file.path, line: call.line, kind: call.callee.endsWith('.skip') ? 'skip' : 'conditional', text: call.callee, envVars: [], scope: call.callee.startsWith('describe') ? 'suite' : 'test' });
    }
  }
  return tests;
}

function frameworkOf(file: CodeFacts): string {
  const modules = new Set(file.imports.map((i) => i.module.split('/')[0] ?? i.module));
  if (file.language === 'python') return modules.has('unittest') && !modules.has('pytest') && file.classes.some((c) => c.bases.some((b) => /TestCase$/.test(b))) ? 'unittest' : 'pytest';
  if (modules.has('vitest')) return 'vitest';
  if (modules.has('@playwright')) return 'playwright';
  if (modules.has('node:test')) return 'node:test';
  if (modules.has('mocha') || modules.has('chai')) return 'mocha';
  if (file.imports.some((i) => i.module === '@jest/globals') || /\.(e2e-)?spec\./.test(file.path)) return 'jest';
  return 'jest';
}

/** Conditional skips written as `(process.env.X ? describe : describe.skip)`, found in the text of env reads. */
function jsEnvGates(file: CodeFacts, inventory: TestInventory): void {
  for (const read of file.envReads) {
    const inSkip = inventory.skips.find((s) => s.path === file.path && Math.abs(s.line - read.line) <= 1);
    if (inSkip && read.name && !inSkip.envVars.includes(read.name)) {
      inSkip.envVars.push(read.name);
      inSkip.kind = 'conditional';
    }
  }
}

function pytestConfig(files: readonly FileFacts[], inventory: TestInventory): Set<string> {
  const declared = new Set<string>();
  for (const file of files) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    if (file.kind === 'data' && name === 'pyproject.toml') {
      const data: DataFacts = file;
      const options = at(data.documents[0] ?? undefined, 'tool', 'pytest', 'ini_options');
      for (const m of items(at(options, 'markers'))) declared.add((str(m) ?? '').split(':')[0]?.trim() ?? '');
      const addopts = at(options, 'addopts');
      const value = str(addopts) ?? items(addopts).map((n) => str(n) ?? '').join(' ');
      if (value && addopts) inventory.pytestAddopts = { value, path: file.path, line: addopts.line };
      const testpaths = items(at(options, 'testpaths')).map((n) => str(n) ?? '');
      if (testpaths.length > 0) inventory.pytestTestpaths = testpaths;
    } else if (file.kind === 'text' && (name === 'pytest.ini' || name === 'setup.cfg' || name === 'tox.ini')) {
      const text: TextFacts = file;
      const ini = parseIni(text.text);
      const section = ini.get('pytest') ?? ini.get('tool:pytest');
      for (const m of section?.get('markers')?.value ?? []) declared.add(m.split(':')[0]?.trim() ?? '');
      const addopts = section?.get('addopts');
      if (addopts) inventory.pytestAddopts = { value: addopts.value.join(' '), path: file.path, line: addopts.line };
      const testpaths = section?.get('testpaths');
      if (testpaths) inventory.pytestTestpaths = testpaths.value.join(' ').split(/\s+/).filter(Boolean);
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
  };
  const markerCounts = new Map<string, { count: number; files: Set<string> }>();
  const frameworks = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'code' || file.role === 'fixture') continue;
    const python = file.language === 'python';
    if (python ? !isPythonTestFile(file.path) : !isJsTestFile(file.path)) continue;
    let tests: number;
    let markers: string[] = [];
    if (python) ({ tests, markers } = pythonTests(file, inventory, markerCounts));
    else {
      tests = jsTests(file, inventory);
      jsEnvGates(file, inventory);
    }
    const framework = frameworkOf(file);
    const { tier, reason } = framework === 'playwright' || framework === 'cypress' ? { tier: 'e2e' as const, reason: `${framework} browser test` } : tierOf(file, markers);
    frameworks.add(framework);
    inventory.files.push({ path: file.path, tier, tierReason: reason, framework, tests, language: file.language });
    inventory.byTier[tier].files++;
    inventory.byTier[tier].tests += tests;
  }
  const declared = pytestConfig(files, inventory);
  inventory.markers = [...markerCounts.entries()]
    .map(([name, v]) => ({ name, count: v.count, files: [...v.files].sort(), declared: declared.has(name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  inventory.frameworks = [...frameworks].sort();
  inventory.skips.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return inventory;
}
