/**
 * Command following on a miniature repository whose CI runs its tests through wrappers, task runners and scripts
 * (test/fixtures/projects/ci-commands): each test file is run by the command the workflow really runs, found
 * where that command is written, and the suites no command reaches are left unrun.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { shellReader } from '../../src/parse/shell.js';
import { expandMake, parseJustfile, parseMakefile } from '../../src/project/inventory/ci-tasks.js';
import { unwrap } from '../../src/project/inventory/ci-commands.js';
import type { Project } from '../../src/project/project.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'projects', 'ci-commands');
let project: Project;

beforeAll(async () => {
  project = (await audit({ path: fixture, rules: [], jobs: 1 })).project;
});

function runOf(path: string): { via?: string; runner: string; job?: string } | undefined {
  const file = project.inventory.tests.files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} is not in the test inventory`);
  const run = file.runs[0];
  if (!run) return undefined;
  const step = project.inventory.ci.workflows.flatMap((w) => w.jobs).flatMap((j) => j.steps).find((s) => s.line === run.line);
  const via = step?.tests.find((t) => t.command === run.command)?.via;
  return { runner: run.runner, ...(run.job ? { job: run.job } : {}), ...(via ? { via } : {}) };
}

describe('tests run through wrappers and task runners', () => {
  it('follows `uv run make test` to the recipes of its prerequisites, with Make and workflow variables', () => {
    expect(runOf('py/tests/unit/test_unit.py')).toEqual({ runner: 'pytest', job: 'make', via: 'py/Makefile unit' });
    expect(runOf('py/tests/integration/test_integration.py')).toEqual({ runner: 'pytest', job: 'make', via: 'py/Makefile integration' });
  });

  it('follows poetry, pipenv scripts, tox environments, nox sessions and just recipes', () => {
    expect(runOf('py/tests/poetry/test_poetry.py')).toEqual({ runner: 'pytest', job: 'poetry' });
    expect(runOf('py/tests/pipenv/test_pipenv.py')).toEqual({ runner: 'pytest', job: 'pipenv', via: 'Pipfile pipenv:test' });
    expect(runOf('py/tests/tox/test_tox.py')).toEqual({ runner: 'pytest', job: 'tox', via: 'py/tox.ini py312' });
    expect(runOf('py/tests/nox/test_nox.py')).toEqual({ runner: 'pytest', job: 'nox', via: 'py/noxfile.py tests' });
    expect(runOf('py/tests/just/test_just.py')).toEqual({ runner: 'pytest', job: 'just', via: 'py/justfile just-tests' });
  });

  it('follows a script whose program sits behind a ${PREFIX} variable', () => {
    expect(runOf('py/tests/prefix/test_prefix.py')).toEqual({ runner: 'pytest', job: 'prefix', via: 'py/scripts/test' });
  });

  it('follows pnpm --filter under parallel:, yarn workspace to nested npm scripts, gulp tasks and composite actions', () => {
    expect(runOf('packages/a/src/sum.test.ts')).toEqual({ runner: 'vitest', job: 'js', via: 'packages/a/package.json script test' });
    expect(runOf('packages/b/test/sum.test.mjs')).toEqual({ runner: 'node:test', job: 'js', via: 'package.json script unit' });
    expect(runOf('web/spec/cart.spec.js')).toEqual({ runner: 'mocha', job: 'js', via: 'gulpfile.js coverage' });
    expect(runOf('packages/c/e2e/home.spec.ts')).toEqual({ runner: 'playwright', job: 'js' });
  });

  it('leaves unrun what no command reaches: a lint-only target, a package nobody tests', () => {
    expect(runOf('py/tests/lintonly/test_lintonly.py')).toBeUndefined();
    expect(runOf('packages/d/src/sum.test.ts')).toBeUndefined();
  });
});

describe('the pieces', () => {
  it('unwraps commands that only run another one', () => {
    expect(unwrap(['uv', 'run', '--frozen', 'make', 'test']).argv).toEqual(['make', 'test']);
    expect(unwrap(['poetry', 'run', 'python', '-m', 'pytest', '-x']).argv).toEqual(['pytest', '-x']);
    expect(unwrap(['npx', '--yes', 'jest', '--ci']).argv).toEqual(['jest', '--ci']);
    expect(unwrap(['pnpm', 'exec', 'vitest', 'run']).argv).toEqual(['vitest', 'run']);
    expect(unwrap(['coverage', 'run', '--source=app', '-m', 'pytest']).argv).toEqual(['pytest']);
    expect(unwrap(['env', 'CI=1', 'xvfb-run', '-a', 'npm', 'test']).argv).toEqual(['npm', 'test']);
    expect(unwrap(['node', 'node_modules/.bin/_mocha', 'test']).argv).toEqual(['_mocha', 'test']);
    expect(unwrap(['uv', 'run', '--directory', 'api', 'pytest'])).toEqual({ argv: ['pytest'], cwd: 'api' });
    expect(unwrap(['make', 'test']).argv).toEqual(['make', 'test']);
  });

  it('reads Makefiles as make does: prerequisites, variables, continuation lines, $$', () => {
    const make = parseMakefile('A ?= 1\nA ?= 2\nB := x $(A)\ntest: lint unit\n\t@echo $(B) $$HOME \\\n\t  done\nunit:\n\tpytest $@\n');
    expect(make.vars.get('A')).toBe('1');
    expect(make.rules.get('test')?.prerequisites).toEqual(['lint', 'unit']);
    expect(make.first).toBe('test');
    const line = make.rules.get('test')?.recipe[0] ?? '';
    expect(expandMake(line, make.vars, { target: 'test', prerequisites: [] })).toBe('echo x 1 $HOME \\\n  done');
    expect(expandMake('$(MAKE) -C sub $(UNKNOWN)', make.vars, { target: 't', prerequisites: [] })).toBe('make -C sub ${UNKNOWN}');
  });

  it('reads just recipes with their dependencies and parameters', () => {
    const just = parseJustfile('set dotenv-load\nbin := "pytest"\n\ntest target="tests": lint\n    {{bin}} {{target}}\n\nlint:\n    ruff check .\n');
    expect(just.recipes.get('test')).toEqual({ params: [{ name: 'target', fallback: 'tests', variadic: false }], dependencies: ['lint'], body: ['{{bin}} {{target}}'], shebang: false });
    expect(just.vars.get('bin')).toBe('pytest');
  });

  it('splits a script into commands with the shell grammar, not by lines', async () => {
    const shell = await shellReader();
    const commands = shell.read('cd web && NODE_ENV=test npm test -- --ci || echo "failed; see log" # done\nfor f in a b; do pytest "$f"; done').filter((i) => i.kind === 'command');
    expect(commands.map((c) => c.words.map((w) => w.text))).toEqual([['cd', 'web'], ['npm', 'test', '--', '--ci'], ['echo', 'failed; see log'], ['pytest', '$f']]);
    expect(commands[1]?.env).toEqual([{ name: 'NODE_ENV', value: 'test' }]);
  });
});
