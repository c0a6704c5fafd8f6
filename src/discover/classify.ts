/**
 * Path-only classification: which parser reads a file, and what role the file plays in the project.
 * Pure functions of the relative path (forward slashes).
 */
import type { FileLanguage, FileRole } from '../facts/types.js';

const CODE_EXTENSIONS: Record<string, FileLanguage> = {
  '.py': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
};

const DATA_EXTENSIONS: Record<string, FileLanguage> = {
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.jsonc': 'json',
  '.toml': 'toml',
};

// `.conf` and Caddyfile: reverse-proxy configuration (nginx `limit_req`, TLS, headers) that rules read as words.
const TEXT_EXTENSIONS = new Set(['.md', '.mdx', '.rst', '.txt', '.in', '.sh', '.bash', '.cfg', '.ini', '.tpl', '.env', '.conf']);

/** Files read as text by exact name (or name prefix where noted). */
const TEXT_NAMES = new Set([
  'Procfile',
  'Makefile',
  'makefile',
  'GNUmakefile',
  'Justfile',
  'justfile',
  '.dockerignore',
  '.gitignore',
  '.gitmodules',
  '.npmrc',
  '.nvmrc',
  '.node-version',
  '.python-version',
  '.tool-versions',
  '.yarnrc',
  'CODEOWNERS',
  'requirements',
  'Jenkinsfile',
  'Caddyfile',
]);

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'pdm.lock',
  'Cargo.lock',
  'composer.lock',
  'Gemfile.lock',
  'go.sum',
]);

export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? path : path.slice(slash + 1);
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function isLockfile(path: string): boolean {
  return LOCKFILES.has(baseName(path));
}

/** Minified bundles and generated sources: not written by the project's authors. */
export function isGeneratedName(path: string): boolean {
  const name = baseName(path);
  return (
    /\.min\.(js|mjs|cjs|css)$/.test(name) ||
    /[.-]bundle\.js$/.test(name) ||
    /_pb2(_grpc)?\.pyi?$/.test(name) ||
    /\.(generated|gen)\.(ts|js|py)$/.test(name) ||
    /\.d\.(ts|mts|cts)$/.test(name) ||
    name.endsWith('.pyi')
  );
}

function isDockerfileName(name: string): boolean {
  if (name.endsWith('.dockerignore')) return false;
  return (
    name === 'Dockerfile' ||
    // `docker build` falls back to a lowercase `dockerfile` when the folder has no `Dockerfile`.
    name === 'dockerfile' ||
    name === 'Containerfile' ||
    name.startsWith('Dockerfile.') ||
    name.endsWith('.Dockerfile') ||
    name.endsWith('.dockerfile')
  );
}

/** `.env`, `.env.example`, `env-example`, `example.env`, `env.sample`: environment files, read as text. */
export function isEnvFileName(name: string): boolean {
  return /^\.?env([.-][\w.-]+)?$/i.test(name) || /\.env$/i.test(name) || /^env[.-]?(example|sample|template)/i.test(name);
}

/** Helm chart templates are Go templates, not YAML: read them as text. */
function isHelmTemplate(path: string): boolean {
  return /(^|\/)templates\/.+\.(ya?ml|tpl|txt)$/.test(path) && !path.includes('.github/');
}

/** The parser that reads this file, or null when seaworthy does not analyse files of this kind. */
export function languageOf(path: string): FileLanguage | null {
  const name = baseName(path);
  if (isDockerfileName(name)) return 'dockerfile';
  if (name === 'Pipfile') return 'toml';
  if (isHelmTemplate(path)) return 'text';
  const ext = extensionOf(name);
  const code = CODE_EXTENSIONS[ext];
  if (code) return code;
  const data = DATA_EXTENSIONS[ext];
  if (data) return data;
  if (ext === '.md' || ext === '.mdx' || ext === '.rst') return 'markdown';
  if (TEXT_EXTENSIONS.has(ext) || TEXT_NAMES.has(name) || isEnvFileName(name) || name.endsWith('.dockerignore')) return 'text';
  if (path.startsWith('.husky/') && !name.startsWith('.')) return 'text';
  // Extension-less scripts that CI runs (`scripts/test`, `bin/check`): read as text so their commands can be followed.
  if (ext === '' && !name.startsWith('.') && /(^|\/)(scripts?|bin|ci|\.ci|hack)\/[^/]+$/.test(path)) return 'text';
  return null;
}

const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'e2e',
  'testing',
  'integration_test',
  'integration_tests',
  'integration-tests',
  'unit_tests',
  'functional_tests',
  'e2e_tests',
  'e2e-tests',
  'smoke_tests',
  'cypress',
  'playwright',
  'test-environments',
  'test_environments',
]);
/** `tests_e2e/`, `test-utils/`, `e2e_suite/`: test folders under a longer name. */
const TEST_DIR_PREFIX = /^(tests?|e2e)[-_]\w+$/;
const FIXTURE_DIRS = new Set(['fixtures', '__fixtures__', 'testdata', 'test_data', '__mocks__', 'mocks', '__snapshots__', 'snapshots', '.semgrep']);
const EXAMPLE_DIRS = new Set(['example', 'examples', 'sample', 'samples', 'demo', 'demos', 'docs_src', 'tutorial', 'tutorials', 'playground']);
const DOC_DIRS = new Set(['doc', 'docs', 'documentation']);
const SCRIPT_DIRS = new Set(['scripts', 'script', 'tools', 'hack', 'hooks', 'release', '.github', '.circleci', '.husky']);
const BENCHMARK_DIRS = new Set(['bench', 'benches', 'benchmark', 'benchmarks', 'perf-tests', 'perf_tests', 'load-tests', 'load_tests', 'loadtest', 'loadtests']);
/** Scaffolds copied to users or to new modules: `jobs/__template__/`, `lib/templates/<app>/`, `scaffold/`. */
const TEMPLATE_DIRS = new Set(['__template__', 'scaffold', 'scaffolds', 'skeleton', 'skeletons', 'boilerplate', 'boilerplates', 'starter', 'starters']);
/** A folder of development helpers: a fake service for local runs (`fakecollector/`, `fake-gcs/`), a dev server. */
const DEV_DIR = /^(fake|mock)[-_]?[a-z]+$|^dev[-_](server|tools?|utils?|env)$|^devserver$|^local[-_]dev$/;
/** Fake-data generators and seeders: `populate.py`, `seed.ts`, `seeds/`, `fake_data.py`. */
const DEV_FILE = /^(populate|seed|seeds|seeder|seeders|seed[-_]data|fake[-_]?data|generate[-_]fake[-_]?\w*|mock[-_]?data|dev[-_]?server)\.(py|[cm]?[jt]s)$/;
const DEV_DIRS = new Set(['seeds', 'seeders']);

export interface RoleDecision {
  role: FileRole;
  /** Why, in words a reader can check: the folder or the name that decided it. */
  reason: string;
}

/**
 * A Python module of tests: pytest's `test_*.py` and `*_test.py`, and the `tests.py` beside the code that Django's
 * startapp writes and small Flask apps keep (microblog).
 */
export function isPythonTestModule(name: string): boolean {
  return /^test_.*\.py$/.test(name) || /_tests?\.py$/.test(name) || name === 'tests.py';
}

function isTestFileName(name: string): boolean {
  return (
    isPythonTestModule(name) ||
    name === 'conftest.py' ||
    /\.(test|spec|e2e-spec|e2e|integration|int-spec|mocha)\.[cm]?[jt]sx?$/.test(name) ||
    // Test-runner set-up files: `vitest.setup.ts`, `jest.postgres.global-setup.ts`, `global-teardown.js`.
    /^(vitest|jest|playwright|cypress)\.(?!config\.)[\w.-]+\.[cm]?[jt]s$/.test(name) ||
    /(^|[.-])global-?(setup|teardown)\.[cm]?[jt]s$/i.test(name) ||
    // Settings made for the test run: `configuration_testing.py`, `smoketest_configuration.py`.
    /^(settings|config|configuration)[_-](testing|ci)\.py$/.test(name) ||
    /^smoke_?test[\w-]*\.py$/.test(name)
  );
}

/**
 * Configuration of build, test and lint tools. `app.config.ts` in a NestJS app is application code, so only
 * known tools' config files count, not every `*.config.ts`.
 */
const TOOL_CONFIG =
  /^(vite|vitest|jest|playwright|cypress|eslint|prettier|tailwind|postcss|webpack|rollup|babel|tsup|next|nuxt|svelte|astro|karma|commitlint|lint-staged|stylelint|drizzle|knip|turbo|metro|remix|storybook|docusaurus|vue|quasar|uno|esbuild|rspack|lerna|release|nodemon|ecosystem|typedoc|vuepress|nx|react-router|wxt|electron-builder|capacitor|ionic|gatsby|vitepress|histoire|biome|oxlint|graphql|codegen|openapi-ts|orval|kysely|sst|wrangler|serverless|tsdown|unbuild|farm|rsbuild|rslib|vinxi|mocha|ava)\.config\.[cm]?[jt]s$|^(rollup|webpack)\.[\w-]+\.config\.[cm]?[jt]s$/;

function isConfigName(name: string, language: FileLanguage): boolean {
  if (language === 'yaml' || language === 'json' || language === 'toml' || language === 'dockerfile') return true;
  if (language === 'text' && !/\.(md|rst|txt)$/.test(name)) return true;
  return TOOL_CONFIG.test(name) || /^\.[\w-]+rc\.[cm]?js$/.test(name) || name === 'setup.py' || name === 'noxfile.py' || name === 'conftest.py';
}

/** The role of a file, from its path segments and name, with the reason. Fixtures win over tests, tests over examples. */
export function classifyRole(path: string, language: FileLanguage): RoleDecision {
  const segments = path.split('/');
  const name = segments.pop() ?? path;
  const dirs = segments.map((s) => s.toLowerCase());
  const dir = (test: (d: string) => boolean): string | undefined => segments.find((_, i) => test(dirs[i] ?? ''));
  const fixture = dir((d) => FIXTURE_DIRS.has(d));
  if (fixture) return { role: 'fixture', reason: `in a \`${fixture}/\` folder` };
  if (isTestFileName(name)) return { role: 'test', reason: `test file name \`${name}\`` };
  const test = dir((d) => TEST_DIRS.has(d) || TEST_DIR_PREFIX.test(d));
  if (test) return { role: 'test', reason: `in a \`${test}/\` folder` };
  const bench = dir((d) => BENCHMARK_DIRS.has(d));
  if (bench) return { role: 'benchmark', reason: `in a \`${bench}/\` folder` };
  const example = dir((d) => EXAMPLE_DIRS.has(d) || /[-_](examples?|samples?|demos?)$/.test(d));
  if (example) return { role: 'example', reason: `in an \`${example}/\` folder` };
  // A template to copy and fill in: `sentry.conf.example.py`, `settings.sample.js`.
  if (/\.(example|sample|template)\.[cm]?[jt]sx?$|\.(example|sample|template)\.py$/.test(name)) return { role: 'example', reason: `a file to copy and fill in (\`${name}\`)` };
  // Python under `templates/` is a project scaffold (`feast init -t aws` copies it); JavaScript there is a script a page loads.
  const template = dir((d) => TEMPLATE_DIRS.has(d) || (d === 'templates' && language === 'python'));
  if (template && language !== 'markdown') return { role: 'template', reason: `in a \`${template}/\` folder (a scaffold copied to users or new modules)` };
  if (language === 'markdown') return { role: 'docs', reason: 'documentation' };
  const docs = dir((d) => DOC_DIRS.has(d));
  if (docs) return { role: 'docs', reason: `in a \`${docs}/\` folder` };
  if (isConfigName(name, language)) return { role: 'config', reason: language === 'dockerfile' || language === 'yaml' || language === 'json' || language === 'toml' || language === 'text' ? 'configuration or deployment file' : `tool configuration \`${name}\`` };
  const devDir = dir((d) => DEV_DIR.test(d) || DEV_DIRS.has(d));
  if (devDir) return { role: 'dev', reason: `in a \`${devDir}/\` folder (development helpers)` };
  if (DEV_FILE.test(name)) return { role: 'dev', reason: `\`${name}\` fills a development database (seeder or fake-data generator)` };
  // Hidden folders (.github, .husky, .devcontainer, .install-scripts) hold tooling, not the shipped code.
  const script = dir((d) => SCRIPT_DIRS.has(d) || d.startsWith('.'));
  if (script) return { role: 'script', reason: `in a \`${script}/\` folder (maintenance and release tooling)` };
  // A top-level `dev/` folder holds developer tooling (code generators, local helpers), not the shipped code.
  if (dirs[0] === 'dev') return { role: 'dev', reason: 'in the top-level `dev/` folder (developer tooling)' };
  return { role: 'source', reason: 'shipped source' };
}

/** The role of a file, from its path segments and name. */
export function roleOf(path: string, language: FileLanguage): FileRole {
  return classifyRole(path, language).role;
}

/** Directory names never descended into: VCS data, dependencies, virtualenvs, caches and build output. */
export const BUILTIN_IGNORED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  '.bzr',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.pnpm-store',
  '.yarn',
  '.venv',
  'venv',
  '.virtualenv',
  '.direnv',
  '__pypackages__',
  'site-packages',
  '__pycache__',
  '.tox',
  '.nox',
  '.eggs',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.pytype',
  '.ipynb_checkpoints',
  '.cache',
  '.parcel-cache',
  '.turbo',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.angular',
  '.gradle',
  '.terraform',
  '.serverless',
  '.aws-sam',
  '.seaworthy',
  'dist',
  'build',
  '_build',
  'out',
  'buck-out',
  'target',
  'coverage',
  'htmlcov',
  'vendor',
  'vendored',
  'third_party',
  'third-party',
]);

/** A directory is also skipped when it is a virtualenv under another name (it holds pyvenv.cfg). */
export function isIgnoredDirName(name: string): boolean {
  return BUILTIN_IGNORED_DIRS.has(name) || name.endsWith('.egg-info');
}
