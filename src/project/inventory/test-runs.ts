/**
 * Which CI steps and git hooks run which test files. Each test command is matched against every test file the
 * way its runner discovers tests: pytest's paths, `testpaths`, `--ignore` and `-m` marker expressions; jest's
 * `rootDir`/`roots`/`testMatch`/`testRegex`/`testPathIgnorePatterns`; vitest's `include`/`exclude`; Playwright's
 * `testDir`/`testMatch`. Where a setting cannot be read (computed in code), the runner is assumed to find every
 * compatible test file under its folder, so that a suite is never wrongly called "not run".
 */
import type { CodeFacts, DataFacts, FileFacts, LNode, ValueFact } from '../../facts/types.js';
import { at, isSeq, items, str, toPlain } from '../../facts/located.js';
import { globMatch } from '../../util/glob.js';
import type { CiInventory, TestInvocation } from './ci.js';
import type { PytestConfig, TestFile, TestInventory, TestRun } from './tests.js';

const PYTHON_RUNNERS = new Set(['pytest', 'unittest', 'tox', 'django']);
const JS_UNIT_RUNNERS = new Set(['jest', 'vitest', 'mocha', 'node:test', 'ava', 'tape', 'pixl-unit', 'jasmine', 'uvu', 'karma', 'bun test', 'deno test']);

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
}

function join(dir: string, rel: string): string {
  const parts = dir === '.' || dir === '' ? [] : dir.split('/');
  for (const segment of rel.replace(/^\/+/, '').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/') || '.';
}

export function isUnder(path: string, dir: string): boolean {
  return dir === '.' || dir === '' || path === dir || path.startsWith(`${dir.replace(/\/+$/, '')}/`);
}

/** A path named on a test command selects the file: the file itself, a folder above it, or a glob (`src/*.test.ts`, `tests/**`) that matches it. */
export function pathSelects(path: string, selector: string): boolean {
  if (/[*?[{]/.test(selector)) return globMatch(selector, path) || globMatch(`${selector.replace(/\/+$/, '')}/**`, path);
  return isUnder(path, selector);
}

function relativeTo(path: string, dir: string): string {
  return dir === '.' ? path : path.slice(dir.length + 1);
}

function compatible(runner: string, file: TestFile): boolean {
  if (file.language === 'python') return PYTHON_RUNNERS.has(runner);
  if (file.framework === 'playwright' || file.framework === 'cypress') return runner === file.framework;
  return JS_UNIT_RUNNERS.has(runner);
}

/** pytest `-m` expressions: `not slow`, `integration and not db`, parentheses. Unknown syntax → null. */
export function markerSelects(expression: string, marks: readonly string[]): boolean | null {
  const tokens = expression.match(/\(|\)|[A-Za-z_][\w]*/g) ?? [];
  if (tokens.join('').replace(/\s/g, '') !== expression.replace(/[\s"']/g, '')) return null;
  let i = 0;
  const primary = (): boolean | null => {
    const t = tokens[i++];
    if (t === 'not') {
      const v = primary();
      return v === null ? null : !v;
    }
    if (t === '(') {
      const v = or();
      return tokens[i++] === ')' ? v : null;
    }
    if (t === undefined || t === ')' || t === 'and' || t === 'or') return null;
    return marks.includes(t);
  };
  const and = (): boolean | null => {
    let v = primary();
    while (tokens[i] === 'and') {
      i++;
      const r = primary();
      v = v === null || r === null ? null : v && r;
    }
    return v;
  };
  const or = (): boolean | null => {
    let v = and();
    while (tokens[i] === 'or') {
      i++;
      const r = and();
      v = v === null || r === null ? null : v || r;
    }
    return v;
  };
  const result = or();
  return i === tokens.length ? result : null;
}

function markerOption(text: string): string | undefined {
  const m = /(?:^|\s)-m\s*(?:"([^"]+)"|'([^']+)'|(\S+))/.exec(text);
  return m?.[1] ?? m?.[2] ?? m?.[3];
}

function ignoredPaths(text: string, base: string): string[] {
  return [...text.matchAll(/--ignore(?:-glob)?[=\s]+["']?([^\s"']+)/g)].map((m) => join(base, (m[1] ?? '').replace(/\*+$/, '')));
}

/** The pytest configuration that governs a run from `cwd`: the nearest one in `cwd` or above. */
function pytestConfigFor(configs: readonly PytestConfig[], cwd: string): PytestConfig | undefined {
  return configs.filter((c) => isUnder(cwd, c.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
}

function pytestCovers(inv: TestInvocation, file: TestFile, configs: readonly PytestConfig[]): boolean | 'deselected' {
  const config = pytestConfigFor(configs, inv.cwd);
  if (inv.paths.length > 0) {
    if (!inv.paths.some((p) => pathSelects(file.path, p))) return false;
  } else if (inv.runner === 'pytest' && config?.testpaths && config.dir === inv.cwd) {
    if (!config.testpaths.some((t) => isUnder(file.path, join(config.dir, t.replace(/\/?\*.*$/, ''))))) return false;
  } else if (!isUnder(file.path, inv.cwd)) return false;
  if (inv.runner !== 'pytest') return true;
  const ignored = [...ignoredPaths(inv.command, inv.cwd), ...ignoredPaths(config?.addopts?.value ?? '', config?.dir ?? '.')];
  if (ignored.some((p) => isUnder(file.path, p))) return false;
  const expression = inv.markers ?? markerOption(config?.addopts?.value ?? '');
  if (!expression || !file.testMarks || file.testMarks.length === 0) return true;
  return file.testMarks.some((marks) => markerSelects(expression, marks) !== false) || 'deselected';
}

interface JsConfig {
  dir: string;
  known: boolean;
  /** jest `rootDir`, vitest `root`. */
  rootDir?: string[];
  /** jest `roots`; Playwright: every `testDir` (projects may have their own). */
  roots?: string[];
  match?: string[];
  regex?: string[];
  ignore?: string[];
}

/** String literals of a value: `'a'`, `['a', "b"]`; null when some part is computed. */
function literals(value: ValueFact): string[] | null {
  if (value.kind === 'string' && typeof value.value === 'string') return [value.value];
  const regex = /^\/(.+)\/[gimsuy]*$/.exec(value.text);
  if (value.kind !== 'array') return regex?.[1] ? [regex[1]] : null;
  const out: string[] = [];
  const rest = value.text.replace(/(["'`])((?:\\.|(?!\1).)*)\1|\/((?:\\.|[^/\n])+)\/[gimsuy]*/g, (_m, _q: string, s?: string, re?: string) => {
    out.push(s ?? re ?? '');
    return '';
  });
  return /^[\s[\],]*$/.test(rest) ? out : null;
}

function nodeLiterals(node: LNode | undefined): string[] | null {
  if (!node) return null;
  const single = str(node);
  if (single !== undefined) return [single];
  return isSeq(node) ? items(node).map((n) => str(n) ?? '') : null;
}

const JS_KEYS: Record<string, Array<[string, keyof JsConfig]>> = {
  jest: [['rootDir', 'rootDir'], ['roots', 'roots'], ['testMatch', 'match'], ['testRegex', 'regex'], ['testPathIgnorePatterns', 'ignore']],
  vitest: [['root', 'rootDir'], ['include', 'match'], ['exclude', 'ignore']],
  playwright: [['testDir', 'roots'], ['testMatch', 'match'], ['testIgnore', 'ignore']],
};

function readJsConfig(file: FileFacts | undefined, runner: string, packageKey: boolean): JsConfig {
  const dir = file ? dirOf(file.path) : '.';
  const config: JsConfig = { dir, known: true };
  const keys = JS_KEYS[runner] ?? [];
  const note = (field: keyof JsConfig, values: string[]): void => {
    if (field === 'dir' || field === 'known') return;
    config[field] = [...(config[field] ?? []), ...values];
  };
  if (file?.kind === 'data') {
    const data: DataFacts = file;
    const root = packageKey ? at(data.documents[0] ?? undefined, 'jest') : (data.documents[0] ?? undefined);
    if (!root) return config;
    if (at(root, 'projects') || at(root, 'preset')) config.known = false;
    for (const [key, field] of keys) {
      const node = at(root, key);
      if (!node) continue;
      const values = nodeLiterals(node);
      if (values) note(field, values);
      else if (field !== 'ignore') config.known = false;
    }
    return config;
  }
  if (file?.kind !== 'code') return config;
  const options = configObject(file, runner);
  if (!options) return { dir, known: false };
  if (options.props?.['projects'] && runner !== 'playwright') config.known = false;
  for (const [key, field] of keys) {
    const value = options.props?.[key];
    if (!value) continue;
    const values = literals(value);
    if (values) note(field, values);
    else if (field !== 'ignore') config.known = false;
  }
  const projects = options.props?.['projects'];
  if (runner === 'playwright' && projects) {
    if (projects.text.endsWith('…')) config.known = false;
    for (const m of projects.text.matchAll(/testDir:\s*(["'`])([^"'`]+)\1/g)) note('roots', [m[2] ?? '.']);
    if (/testDir:\s*[^"'`\s]/.test(projects.text)) config.known = false;
  }
  return config;
}

/**
 * The options object of a config file: `defineConfig({...})`, `module.exports = {...}`, `const config = {...}`.
 * For vitest, the `test` block of a Vite config.
 */
function configObject(file: CodeFacts, runner: string): ValueFact | undefined {
  let found: ValueFact | undefined;
  for (const call of file.calls) {
    if (/^define(Config|Project)$/.test(call.callee.split('.').pop() ?? '') && call.args[0]?.kind === 'object') found = call.args[0];
  }
  for (const b of file.bindings) {
    if (b.via === 'assign' && b.fn === -1 && b.value.kind === 'object' && (b.name === 'module.exports' || /config/i.test(b.name))) found ??= b.value;
  }
  if (!found || found.spread) return undefined;
  if (runner === 'vitest') {
    const test = found.props?.['test'];
    if (test?.kind === 'object' && !test.spread) return test;
    return found.props?.['include'] || found.props?.['root'] ? found : { kind: 'object', text: '{}', props: {} };
  }
  return found;
}

const JEST_DEFAULT_MATCH = ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'];
const VITEST_DEFAULT_INCLUDE = ['**/*.{test,spec}.?(c|m)[jt]s?(x)'];
const PLAYWRIGHT_DEFAULT_MATCH = ['**/*.@(spec|test).?(c|m)[jt]s?(x)'];

const CONFIG_NAMES: Record<string, string[]> = {
  jest: ['jest.config.js', 'jest.config.ts', 'jest.config.mjs', 'jest.config.cjs', 'jest.config.json'],
  vitest: ['vitest.config.ts', 'vitest.config.js', 'vitest.config.mts', 'vitest.config.mjs', 'vite.config.ts', 'vite.config.js', 'vite.config.mts', 'vite.config.mjs'],
  playwright: ['playwright.config.ts', 'playwright.config.js', 'playwright.config.mjs', 'playwright.config.cjs'],
};

function safeRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

class JsConfigs {
  private readonly cache = new Map<string, JsConfig>();
  constructor(private readonly byPath: ReadonlyMap<string, FileFacts>) {}

  /** The config a run uses: `--config X` / `-c X`, else the runner's config file in the folder it runs in. */
  forRun(inv: TestInvocation): JsConfig {
    const explicit = /(?:--config|\s-c)[=\s]+["']?([^\s"']+)/.exec(inv.command)?.[1];
    const key = `${inv.runner} ${inv.cwd} ${explicit ?? ''}`;
    let config = this.cache.get(key);
    if (config) return config;
    if (explicit) {
      const path = join(inv.cwd, explicit);
      const file = this.byPath.get(path);
      config = file ? readJsConfig(file, inv.runner, false) : { dir: inv.cwd, known: false };
    } else {
      const name = (CONFIG_NAMES[inv.runner] ?? []).find((n) => this.byPath.has(join(inv.cwd, n)));
      const pkg = this.byPath.get(join(inv.cwd, 'package.json'));
      if (name) config = readJsConfig(this.byPath.get(join(inv.cwd, name)), inv.runner, false);
      else if (inv.runner === 'jest' && pkg?.kind === 'data' && at(pkg.documents[0] ?? undefined, 'jest')) config = readJsConfig(pkg, 'jest', true);
      else config = { dir: inv.cwd, known: true };
      // A runner whose config cannot be found among the analysed files (e.g. `.mts`, Nuxt, Angular builders).
      if (!name && !['jest', 'vitest', 'playwright'].includes(inv.runner)) config.known = false;
    }
    this.cache.set(key, config);
    return config;
  }
}

function jsCovers(inv: TestInvocation, file: TestFile, configs: JsConfigs): boolean {
  if (inv.paths.length > 0) {
    const filters = inv.paths.map((p) => relativeTo(p, inv.cwd === '.' || !isUnder(p, inv.cwd) ? '.' : inv.cwd));
    // jest and vitest take their arguments as patterns matched anywhere in the path; other runners as paths.
    const patterns = inv.runner === 'jest' || inv.runner === 'vitest';
    if (!inv.paths.some((p) => pathSelects(file.path, p)) && !(patterns && filters.some((f) => file.path.includes(f)))) return false;
  }
  const config = configs.forRun(inv);
  if (!config.known) return isUnder(file.path, inv.cwd) || inv.paths.length > 0;
  // jest's rootDir defaults to the folder of its config; vitest's root to the folder it runs in.
  const rootDir = config.rootDir?.[0] !== undefined ? join(config.dir, config.rootDir[0]) : inv.runner === 'vitest' ? inv.cwd : config.dir;
  const withRoot = (p: string): string => p.replace(/<rootDir>\/?/g, rootDir === '.' ? '' : `${rootDir}/`);
  if (inv.runner === 'jest') {
    const roots = (config.roots ?? ['<rootDir>']).map((r) => join(rootDir, r.replace('<rootDir>', '')));
    if (!roots.some((r) => isUnder(file.path, r))) return false;
    const option = (name: string): string[] => [...inv.command.matchAll(new RegExp(`--${name}[=\\s]+["']?([^\\s"']+)`, 'g'))].map((m) => m[1] ?? '');
    const cliIgnore = option('testPathIgnorePatterns');
    const ignore = (cliIgnore.length > 0 ? cliIgnore : (config.ignore ?? ['/node_modules/'])).map((p) => safeRegExp(withRoot(p)));
    if (ignore.some((re) => re?.test(`/${file.path}`))) return false;
    const patterns = option('testPathPatterns?');
    if (patterns.length > 0 && !patterns.some((p) => safeRegExp(p)?.test(file.path) ?? true)) return false;
    if (config.regex) return config.regex.some((r) => safeRegExp(r)?.test(file.path) ?? true);
    return (config.match ?? JEST_DEFAULT_MATCH).some((g) => globMatch(withRoot(g), file.path));
  }
  if (inv.runner === 'vitest' || inv.runner === 'playwright') {
    const roots = inv.runner === 'playwright' ? (config.roots ?? ['.']).map((r) => join(config.dir, r)) : [rootDir];
    const root = roots.find((r) => isUnder(file.path, r));
    if (root === undefined) return false;
    const rel = relativeTo(file.path, root);
    const defaults = inv.runner === 'vitest' ? VITEST_DEFAULT_INCLUDE : PLAYWRIGHT_DEFAULT_MATCH;
    if ((config.ignore ?? []).some((g) => globMatch(g, rel))) return false;
    return (config.match ?? defaults).some((g) => globMatch(g, rel));
  }
  return isUnder(file.path, inv.cwd);
}

/** Whether a test command runs a test file; `deselected` when it collects the file but a `-m` expression deselects every test in it. */
export function runsFile(inv: TestInvocation, file: TestFile, tests: TestInventory, configs: JsConfigs): boolean | 'deselected' {
  if (!compatible(inv.runner, file)) return false;
  if (file.language === 'python') return inv.runner === 'tox' || inv.runner === 'django' ? isUnder(file.path, inv.cwd) || inv.paths.length > 0 : pytestCovers(inv, file, tests.pytestConfigs);
  return jsCovers(inv, file, configs);
}

/** Fill `runs` on every test file and `matched` on every test command of CI steps and git hooks. */
export function linkTestRuns(tests: TestInventory, ci: CiInventory, files: readonly FileFacts[]): void {
  const configs = new JsConfigs(new Map(files.map((f) => [f.path, f])));
  const link = (inv: TestInvocation, run: Omit<TestRun, 'runner' | 'command'>): void => {
    let matched = 0;
    for (const file of tests.files) {
      const runs = runsFile(inv, file, tests, configs);
      if (runs === 'deselected') (file.deselected ??= []).push({ ...run, runner: inv.runner, command: inv.command });
      if (runs !== true) continue;
      matched++;
      file.runs.push({ ...run, runner: inv.runner, command: inv.command });
    }
    inv.matched = matched;
  };
  for (const workflow of ci.workflows) {
    for (const job of workflow.jobs) {
      const never = /^\s*(false|\$\{\{\s*false\s*\}\})\s*$/.test(job.if ?? '');
      for (const step of job.steps) {
        for (const inv of step.tests) link(inv, { kind: 'ci', path: workflow.path, line: step.line, job: job.id, manual: workflow.manualOnly || workflow.neverRuns !== undefined || never });
      }
    }
  }
  for (const hook of ci.preCommit) for (const inv of hook.tests) link(inv, { kind: 'hook', path: hook.path, line: hook.line, manual: false });
  for (const hook of ci.gitHooks) for (const command of hook.commands) for (const inv of command.tests) link(inv, { kind: 'hook', path: hook.path, line: command.line, manual: false });
}

/** Runners whose positional arguments are the test files themselves, and that find tests by location rather than by name. */
const FILE_RUNNERS = new Set(['mocha', 'ava', 'node:test', 'tape', 'pixl-unit', 'jasmine', 'uvu']);
const JS_CODE = /\.[cm]?[jt]sx?$/;

function under(path: string, dir: string, recursive: boolean): boolean {
  if (!isUnder(path, dir) || path === dir) return false;
  return recursive || !relativeTo(path, dir).includes('/');
}

/** The mocha options of a folder: `.mocharc.{yml,yaml,json,jsonc}` or the `mocha` key of package.json. */
function mochaOptions(byPath: ReadonlyMap<string, FileFacts>, cwd: string): { spec: string[]; recursive: boolean; extensions: string[] } {
  const options = { spec: [] as string[], recursive: false, extensions: ['js', 'cjs', 'mjs'] };
  const rc = ['.mocharc.yml', '.mocharc.yaml', '.mocharc.json', '.mocharc.jsonc'].map((n) => byPath.get(join(cwd, n))).find((f) => f?.kind === 'data');
  const pkg = byPath.get(join(cwd, 'package.json'));
  const root = rc?.kind === 'data' ? (rc.documents[0] ?? undefined) : pkg?.kind === 'data' ? at(pkg.documents[0] ?? undefined, 'mocha') : undefined;
  if (!root) return options;
  options.spec = nodeLiterals(at(root, 'spec')) ?? [];
  options.recursive = str(at(root, 'recursive')) === 'true';
  const extensions = nodeLiterals(at(root, 'extension'));
  if (extensions) options.extensions.push(...extensions.map((e) => e.replace(/^\./, '')));
  return options;
}

/** ava's `files` and `extensions` from package.json (AVA's defaults when absent). */
function avaOptions(byPath: ReadonlyMap<string, FileFacts>, cwd: string): { files: string[]; extensions: string[] } {
  const pkg = byPath.get(join(cwd, 'package.json'));
  const root = pkg?.kind === 'data' ? at(pkg.documents[0] ?? undefined, 'ava') : undefined;
  const extensionsNode = at(root, 'extensions');
  const extensions = nodeLiterals(extensionsNode) ?? (extensionsNode ? Object.keys(toPlainObject(extensionsNode)) : []);
  const files = nodeLiterals(at(root, 'files')) ?? ['test.*', 'src/test.*', 'source/test.*', '**/test-*.*', '**/*.spec.*', '**/*.test.*', '**/test/**/*.*', '**/tests/**/*.*', '**/__tests__/**/*.*'];
  return { files, extensions: extensions.length > 0 ? extensions : ['js', 'cjs', 'mjs'] };
}

function toPlainObject(node: LNode): Record<string, unknown> {
  const value = toPlain(node);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const NODE_TEST_DEFAULTS = ['**/*.test.*', '**/*-test.*', '**/*_test.*', '**/test-*.*', '**/test.*', '**/test/**/*.*'];

/**
 * Files the project's own test commands name or find by location, for runners that do not need a `.test.` in the
 * name: mocha (`./test` and `.mocharc` spec), ava (its `files` globs), `node --test`, tape, pixl-unit. Path → runner.
 */
export function filesNamedByTestCommands(files: readonly FileFacts[], invocations: readonly TestInvocation[]): Map<string, string> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const code = files.filter((f) => f.kind === 'code' && JS_CODE.test(f.path) && f.role !== 'fixture' && !/(^|\/)node_modules\//.test(f.path));
  const out = new Map<string, string>();
  const note = (runner: string, select: (path: string) => boolean): void => {
    for (const f of code) if (!out.has(f.path) && select(f.path)) out.set(f.path, runner);
  };
  const extensionOf = (path: string): string => path.slice(path.lastIndexOf('.') + 1);
  for (const inv of invocations) {
    if (!FILE_RUNNERS.has(inv.runner)) continue;
    const typescript = /--experimental-strip-types|--import[=\s]+tsx|--require[=\s]+ts-node|--loader[=\s]+ts-node|\btsx\b/.test(inv.command);
    if (inv.paths.length > 0) {
      const recursive = inv.runner !== 'mocha' || /(^|\s)--recursive\b/.test(inv.command);
      note(inv.runner, (path) => inv.paths.some((p) => (/[*?[{]/.test(p) ? globMatch(p, path) : path === p || under(path, p, recursive))));
      continue;
    }
    if (inv.runner === 'mocha') {
      const options = mochaOptions(byPath, inv.cwd);
      const recursive = options.recursive || /(^|\s)--recursive\b/.test(inv.command);
      const specs = options.spec.length > 0 ? options.spec.map((s) => join(inv.cwd, s)) : [join(inv.cwd, 'test')];
      const extensions = typescript ? [...options.extensions, 'ts', 'mts', 'cts'] : options.extensions;
      note('mocha', (path) => extensions.includes(extensionOf(path)) && specs.some((s) => (/[*?[{]/.test(s) ? globMatch(s, path) : path === s || under(path, s, recursive))));
    } else if (inv.runner === 'ava') {
      const options = avaOptions(byPath, inv.cwd);
      note('ava', (path) => {
        if (!isUnder(path, inv.cwd) || !options.extensions.includes(extensionOf(path))) return false;
        const rel = relativeTo(path, inv.cwd);
        if (/(^|\/)(helpers?|fixtures?|__helpers?__|__fixtures?__)\//.test(rel) || /(^|\/)_[^/]*$/.test(rel)) return false;
        return options.files.some((g) => globMatch(g, rel) || globMatch(g.replace(/\.\*$/, `.${extensionOf(path)}`), rel));
      });
    } else if (inv.runner === 'node:test') {
      const extensions = typescript ? ['js', 'cjs', 'mjs', 'ts', 'mts', 'cts'] : ['js', 'cjs', 'mjs'];
      note('node:test', (path) => isUnder(path, inv.cwd) && extensions.includes(extensionOf(path)) && NODE_TEST_DEFAULTS.some((g) => globMatch(g.replace(/\.\*$/, `.${extensionOf(path)}`), relativeTo(path, inv.cwd))));
    }
  }
  return out;
}
