/**
 * The project model on miniature repositories: components, archetypes and their evidence, and the inventories.
 * Expected counts are computed here from the fixture files themselves, not by the code under test.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { Project } from '../../src/project/project.js';
import { listFiles } from '../helpers/annotations.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'projects');
const monorepo = join(fixtures, 'monorepo');
let project: Project;

function lineOf(path: string, needle: string): number {
  const index = readFileSync(join(monorepo, path), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (index === -1) throw new Error(`${needle} not in ${path}`);
  return index + 1;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return listFiles(join(monorepo, dir))
    .map((f) => relative(monorepo, f))
    .filter((f) => pattern.test(f));
}

beforeAll(async () => {
  project = (await audit({ path: monorepo, rules: [], jobs: 1 })).project;
});

describe('components of a monorepo', () => {
  it('finds each component with its archetype', () => {
    expect(project.components.map((c) => [c.path, c.archetype])).toEqual([
      ['.', 'infra'],
      ['api', 'service'],
      ['deploy/chart', 'infra'],
      ['tools/cli', 'cli'],
      ['web', 'frontend'],
      ['worker', 'worker'],
    ]);
  });

  it('backs each archetype with path:line evidence', () => {
    const api = project.components.find((c) => c.path === 'api');
    expect(api?.evidence).toContainEqual({ path: 'api/app/main.py', line: lineOf('api/app/main.py', 'FastAPI()'), detail: 'FastAPI app object' });
    expect(api?.evidence.some((e) => e.path === 'api/Dockerfile' && e.line === lineOf('api/Dockerfile', 'CMD') && e.detail.includes('uvicorn'))).toBe(true);
    const worker = project.components.find((c) => c.path === 'worker');
    expect(worker?.evidence.some((e) => e.path === 'worker/jobs/tasks.py' && e.line === lineOf('worker/jobs/tasks.py', 'Celery('))).toBe(true);
    const cli = project.components.find((c) => c.path === 'tools/cli');
    expect(cli?.evidence[0]).toMatchObject({ path: 'tools/cli/package.json', line: lineOf('tools/cli/package.json', '"bin"') });
    const chart = project.components.find((c) => c.path === 'deploy/chart');
    expect(chart?.evidence[0]?.path).toBe('deploy/chart/Chart.yaml');
  });

  it('infers exposure from published ports and keeps the rest internal', () => {
    expect(project.components.find((c) => c.path === 'api')?.exposure).toBe('public');
    expect(project.components.find((c) => c.path === 'worker')?.exposure).toBe('internal');
  });

  it('assigns files to the innermost component', () => {
    expect(project.componentOf('api/app/routes/items.py')?.path).toBe('api');
    expect(project.componentOf('tools/cli/src/index.js')?.path).toBe('tools/cli');
    expect(project.componentOf('compose.yml')?.path).toBe('.');
  });
});

describe('one archetype per miniature repository', () => {
  it.each([
    ['monorepo/api', 'service'],
    ['monorepo/worker', 'worker'],
    ['monorepo/tools/cli', 'cli'],
    ['monorepo/web', 'frontend'],
    ['monorepo/deploy/chart', 'infra'],
    ['library', 'library'],
    ['mixed', 'cli'],
  ])('%s is a %s', async (dir, archetype) => {
    const { project: p } = await audit({ path: join(fixtures, dir), rules: [], jobs: 1 });
    expect(p.components.find((c) => c.path === '.')?.archetype).toBe(archetype);
  });

  it('lets .seaworthy.yml fix an archetype and exposure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seaworthy-config-'));
    try {
      cpSync(join(fixtures, 'library'), dir, { recursive: true });
      writeFileSync(join(dir, '.seaworthy.yml'), 'components:\n  - path: .\n    archetype: service\n    exposure: public\n');
      const { project: p } = await audit({ path: dir, rules: [], jobs: 1 });
      expect(p.components[0]).toMatchObject({ path: '.', archetype: 'service', exposure: 'public', confidence: 'high', configured: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('inventories', () => {
  it('counts files and lines per language', () => {
    const py = filesUnder('.', /\.py$/);
    const lines = py.reduce((n, f) => n + readFileSync(join(monorepo, f), 'utf8').replace(/\n$/, '').split('\n').length - (readFileSync(join(monorepo, f), 'utf8') === '' ? 1 : 0), 0);
    const python = project.files.filter((f) => f.language === 'python');
    expect(python.length).toBe(py.length);
    expect(python.reduce((n, f) => n + f.lines, 0)).toBe(lines);
  });

  it('counts test files and test functions by tier', () => {
    const { tests } = project.inventory;
    const pyTests = filesUnder('api/tests', /\/test_[^/]+\.py$/);
    const pyFunctions = pyTests.map((f) => (readFileSync(join(monorepo, f), 'utf8').match(/^\s*def test_/gm) ?? []).length);
    const jsFunctions = (readFileSync(join(monorepo, 'web/src/App.test.tsx'), 'utf8').match(/^\s*it(\.skip)?\(/gm) ?? []).length;
    expect(tests.files.length).toBe(pyTests.length + 1);
    expect(tests.files.reduce((n, f) => n + f.tests, 0)).toBe(pyFunctions.reduce((a, b) => a + b, 0) + jsFunctions);
    expect(tests.files.find((f) => f.path === 'api/tests/integration/test_db.py')?.tier).toBe('integration');
    expect(tests.byTier.integration.files).toBe(1);
  });

  it('lists skips with the environment variables that gate them', () => {
    const gated = project.inventory.tests.skips.filter((s) => s.envVars.length > 0).map((s) => [s.line, s.envVars]);
    expect(gated).toEqual([
      [lineOf('api/tests/integration/test_db.py', 'pytestmark'), ['RUN_DB_TESTS']],
      [lineOf('api/tests/integration/test_db.py', '"DATABASE_URL" not in'), ['DATABASE_URL']],
    ]);
  });

  it('lists pytest markers, whether they are declared, and how they are selected', () => {
    const { tests } = project.inventory;
    expect(tests.markers.map((m) => [m.name, m.count, m.declared])).toEqual([
      ['integration', 1, true],
      ['slow', 1, true],
    ]);
    expect(tests.pytestAddopts?.value).toBe("-m 'not slow'");
  });

  it('reads CI workflows: triggers, test steps with paths and markers, continue-on-error, workflows that never run', () => {
    const { workflows } = project.inventory.ci;
    const ci = workflows.find((w) => w.path === '.github/workflows/ci.yml');
    expect(ci?.triggers).toEqual(['push', 'pull_request', 'schedule']);
    expect(ci?.schedules).toEqual(['0 3 * * *']);
    const apiTests = ci?.jobs.find((j) => j.id === 'api')?.steps.flatMap((s) => s.tests);
    expect(apiTests).toEqual([expect.objectContaining({ runner: 'pytest', paths: ['api/tests/unit'], markers: 'not slow', cwd: 'api' })]);
    const webTest = ci?.jobs.find((j) => j.id === 'web')?.steps.find((s) => s.tests.length > 0);
    expect(webTest?.continueOnError).toBe(true);
    expect(webTest?.tests[0]?.runner).toBe('vitest');
    expect(ci?.jobs.find((j) => j.id === 'image')?.steps[0]?.kinds).toEqual(['image-build']);
    const nightly = workflows.find((w) => w.path === '.github/workflows/nightly.yml');
    expect(nightly?.manualOnly).toBe(true);
    expect(nightly?.neverRuns).toBe('every job has `if: false`');
    expect(nightly?.jobs[0]?.steps[0]?.tests[0]?.paths).toEqual(['api/tests/integration']);
  });

  it('reads Dockerfiles, compose files and Helm charts', () => {
    const { infra } = project.inventory;
    const api = infra.dockerfiles.find((d) => d.path === 'api/Dockerfile');
    expect(api?.stages.length).toBe((readFileSync(join(monorepo, 'api/Dockerfile'), 'utf8').match(/^FROM /gm) ?? []).length);
    expect(api?.stages.at(-1)?.user?.value).toBe('app');
    expect(infra.dockerfiles.find((d) => d.path === 'worker/Dockerfile')?.stages.at(-1)?.user).toBeUndefined();
    expect(infra.compose.map((c) => [c.path, c.override])).toEqual([
      ['compose.override.yml', true],
      ['compose.yml', false],
    ]);
    const healthcheck = infra.compose.find((c) => c.path === 'compose.yml')?.services.find((s) => s.name === 'api')?.healthcheck;
    expect(healthcheck?.test).toContain('/healthz');
    const chart = infra.helm[0];
    expect(chart?.name).toBe('shop');
    expect(chart?.templates[0]?.values).toEqual(['image.repository', 'image.tag', 'probes.path', 'replicaCount']);
  });

  it('reads environment variables and where they are documented', () => {
    const sources = ['api/app/main.py', 'worker/jobs/tasks.py', 'web/src/App.tsx'].map((f) => readFileSync(join(monorepo, f), 'utf8')).join('\n');
    const expected = new Set([...sources.matchAll(/os\.environ\["(\w+)"\]|os\.(?:getenv|environ\.get)\("(\w+)"|import\.meta\.env\.(\w+)/g)].map((m) => m[1] ?? m[2] ?? m[3]));
    const read = project.inventory.env.read.filter((r) => r.production);
    expect(read.map((r) => r.name)).toEqual([...expected].sort());
    const documented = new Map(project.inventory.env.documented.map((d) => [d.name, d.where.map((w) => w.kind)]));
    expect(documented.get('UPSTREAM_TIMEOUT')).toBeUndefined();
    expect(documented.get('REDIS_URL')).toEqual(['env-file']);
    expect(documented.get('DATABASE_URL')).toEqual(expect.arrayContaining(['env-file', 'docs', 'compose', 'ci']));
    expect(read.find((r) => r.name === 'DATABASE_URL')?.hasDefault).toBe(false);
  });

  it('finds routes with their prefixes and guards, and health endpoints', () => {
    const { runtime } = project.inventory;
    expect(runtime.routes.map((r) => `${r.method} ${r.route}`)).toEqual(['GET /healthz', 'GET /api/items/', 'POST /api/items/{item_id}']);
    expect(runtime.routes.find((r) => r.route === '/api/items/')?.guards).toEqual(['Depends(current_user)']);
    expect(runtime.health.map((r) => r.route)).toEqual(['/healthz']);
    expect(runtime.data.engines[0]?.kwargs).toEqual(['pool_pre_ping']);
  });
});

afterAll(() => {
  // The fixtures are read-only inputs: nothing to clean up.
});

describe('archetype evidence on the edges seen in real repositories', () => {
  async function archetypeOf(files: Record<string, string>): Promise<string | undefined> {
    const dir = mkdtempSync(join(tmpdir(), 'seaworthy-arch-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const { project: p } = await audit({ path: dir, rules: [], jobs: 1 });
      return p.components.find((c) => c.path === '.')?.archetype;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a library whose command line is an optional extra stays a library (httpx)', async () => {
    const pyproject = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "client"\ndependencies = ["anyio"]\n[project.optional-dependencies]\ncli = ["click==8.*"]\n[project.scripts]\nclient = "client:main"\n';
    expect(await archetypeOf({ 'pyproject.toml': pyproject, 'client/__init__.py': 'import click\n\ndef main():\n    pass\n' })).toBe('library');
  });

  it('a package that re-exports a public API is a library, whatever console scripts it has (flask, rq); one that does not is a CLI (httpie)', async () => {
    const pyproject = (scripts: string): string => `[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n[project]\nname = "jobs"\ndependencies = ["click"]\n[project.scripts]\n${scripts}`;
    const names = ['Queue', 'Worker', 'Job', 'Retry', 'Callback', 'Repeat', 'RateLimit', 'Webhook'];
    const api = names.map((n) => `from .core import ${n}\n`).join('');
    const cli = 'import click\n\n@click.command()\ndef main():\n    pass\n';
    const scripts = 'jobs = "jobs.cli:main"\njobsinfo = "jobs.cli:info"\n';
    expect(await archetypeOf({ 'pyproject.toml': pyproject(scripts), 'jobs/__init__.py': api, 'jobs/core.py': '', 'jobs/cli.py': cli })).toBe('library');
    const fewer = names.slice(0, 7).map((n) => `from .core import ${n}\n`).join('');
    expect(await archetypeOf({ 'pyproject.toml': pyproject(scripts), 'jobs/__init__.py': fewer, 'jobs/core.py': '', 'jobs/cli.py': cli })).toBe('cli');
    expect(await archetypeOf({ 'pyproject.toml': pyproject('jobs = "jobs.cli:main"\n'), 'jobs/__init__.py': '__version__ = "1.0"\n', 'jobs/cli.py': cli })).toBe('cli');
  });

  it('ships packages one folder down (lib/sqlalchemy, netbox/dcim) and treats loose helpers as scripts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-roles-'));
    try {
      const files: Record<string, string> = {
        'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "toolkit"\n',
        'lib/toolkit/__init__.py': '',
        'lib/toolkit/orm/loading.py': 'def load():\n    return 1\n',
        'extras/packaging/run.py': 'print(1)\n',
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const { project: p } = await audit({ path: dir, rules: [], jobs: 1 });
      expect(p.file('lib/toolkit/orm/loading.py')?.role).toBe('source');
      expect(p.file('extras/packaging/run.py')?.role).toBe('script');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('worker_threads and net.createServer do not make a worker or a service (bullmq)', async () => {
    const pkg = '{ "name": "queue", "main": "dist/index.js", "dependencies": {} }';
    const code = "import { Worker } from 'worker_threads';\nimport { createServer } from 'net';\nexport const w = new Worker('./x.js');\nexport const s = createServer();\n";
    expect(await archetypeOf({ 'package.json': pkg, 'src/index.ts': code })).toBe('library');
  });

  it('a root compose stack that builds the components below is infrastructure (example-voting-app)', async () => {
    const compose = 'services:\n  vote:\n    build: ./vote\n  db:\n    image: postgres:16\n  redis:\n    image: redis:7\n';
    const app = 'from flask import Flask\napp = Flask(__name__)\n';
    expect(await archetypeOf({ 'docker-compose.yml': compose, 'vote/requirements.txt': 'flask\n', 'vote/app.py': app, 'seed/seed.py': 'print(1)\n' })).toBe('infra');
  });
});
