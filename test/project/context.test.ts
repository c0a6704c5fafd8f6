/**
 * Context on miniature repositories, each beside its wrong twin: what a component is (roles and traits, with
 * evidence), what each file is for (file roles, with the reason), and where each file runs (execution context).
 * The engine judges a file by the archetype of the part it belongs to.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { profileCommand } from '../../src/cli/commands/profile.js';
import { defineRule } from '../../src/engine/rule.js';
import type { Archetype, ComponentProfile } from '../../src/model/report.js';
import type { Project } from '../../src/project/project.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'projects', 'context');

async function projectOf(name: string): Promise<Project> {
  return (await audit({ path: join(fixtures, name), rules: [], jobs: 1 })).project;
}

function root(project: Project): ComponentProfile {
  const component = project.components.find((c) => c.path === '.');
  if (!component) throw new Error('no root component');
  return component;
}

function rolesOf(component: ComponentProfile): Archetype[] {
  return (component.roles ?? []).map((r) => r.archetype);
}

/** A rule that reports on every code file: the engine decides which findings it keeps. */
function everyFile(archetypes: Archetype[]) {
  return defineRule({
    meta: {
      code: 'TST999',
      name: 'every-file',
      category: 'testing',
      severity: 'info',
      confidence: 'high',
      title: 'every file',
      description: 'reports every code file',
      archetypes,
      nonGoal: 'probe',
      messages: { file: 'file' },
      fix: 'none',
      acceptance: 'none',
      references: [],
      status: 'stable',
      since: '0.0.0',
    },
    check({ project, report }) {
      for (const file of project.code({ roles: ['source', 'dev', 'vendored', 'benchmark'] })) report({ messageId: 'file', path: file.path, line: 1 });
    },
  });
}

describe('components with roles', () => {
  it('a full-stack Next.js app with route handlers is a service and a front end; its twin without them is a front end', async () => {
    const app = await projectOf('fullstack-next');
    expect(root(app).archetype).toBe('service');
    expect(rolesOf(root(app))).toEqual(['service', 'frontend']);
    expect(root(app).evidence[0]?.detail).toMatch(/3 server files of a full-stack framework/);
    const twin = await projectOf('static-next');
    expect(root(twin).archetype).toBe('frontend');
    expect(root(twin).roles).toBeUndefined();
  });

  it('judges the API routes of a full-stack app by service rules and its React components by front-end rules', async () => {
    const path = join(fixtures, 'fullstack-next');
    const service = await audit({ path, rules: [everyFile(['service'])], jobs: 1 });
    expect(service.report.findings.map((f) => f.locations[0]?.path)).toEqual(['app/api/login/route.ts', 'app/api/orders/route.ts', 'app/api/session/route.ts', 'lib/db.ts']);
    expect(service.report.nonGoals).toEqual([]);
    const frontend = await audit({ path, rules: [everyFile(['frontend'])], jobs: 1 });
    expect(frontend.report.findings.map((f) => f.locations[0]?.path)).toEqual(['app/page.tsx', 'components/Button.tsx']);
    expect(frontend.report.nonGoals).toEqual([]);
  });

  it('a CLI whose serve subcommand runs a local web UI stays a CLI, with a long-running part bound to localhost', async () => {
    const cli = root(await projectOf('cli-serve'));
    expect(cli.archetype).toBe('cli');
    expect(rolesOf(cli)).not.toContain('service');
    // Its web UI's fetch loop (static/sync.js) is not a batch of the command, and help text is not SQL.
    expect(cli.traits?.map((t) => [t.name, t.exposure])).toEqual([['long-running', 'local']]);
    expect(cli.traits?.[0]?.evidence[0]).toMatchObject({ path: 'notetool/cli.py', line: 21 });
    const twin = root(await projectOf('cli-plain'));
    expect(twin.archetype).toBe('cli');
    expect(twin.traits).toBeUndefined();
  });

  it('a console script that starts the server the image runs makes a service; not deployed, the package is a library that can serve', async () => {
    const deployed = root(await projectOf('deployed-script'));
    expect(deployed.archetype).toBe('service');
    expect(deployed.evidence.some((e) => e.path === 'pyproject.toml' && /starts the server .* and the deployment runs it/.test(e.detail))).toBe(true);
    const twin = root(await projectOf('undeployed-script'));
    expect(twin.archetype).toBe('library');
    expect(twin.traits?.find((t) => t.name === 'long-running')?.exposure).toBe('public');
  });

  it('a command that keeps the user data in a SQLite database in their data directory is a CLI, whatever API it exports', async () => {
    const cli = root(await projectOf('local-state-cli'));
    expect(cli.archetype).toBe('cli');
    expect(rolesOf(cli)).toEqual(['cli', 'library']);
    const state = cli.traits?.find((t) => t.name === 'local-state');
    expect(state?.detail).toMatch(/with migrations/);
    expect(state?.evidence.map((e) => e.path)).toEqual(['chatlog/cli.py', 'chatlog/cli.py', 'chatlog/migrations.py']);
    const twin = root(await projectOf('public-api-library'));
    expect(twin.archetype).toBe('library');
    expect(twin.traits).toBeUndefined();
  });

  it('a bin control script that starts a program in the background makes a daemon (a worker run by a CLI); a plain bin is a CLI', async () => {
    const daemon = root(await projectOf('daemon'));
    expect(daemon.archetype).toBe('worker');
    expect(rolesOf(daemon)).toEqual(['worker', 'cli']);
    expect(daemon.evidence[0]).toMatchObject({ path: 'bin/control.sh', line: 3 });
    expect(root(await projectOf('plain-bin')).archetype).toBe('cli');
  });

  it('a distribution whose own module users import is a library with helper commands; one whose script runs it is a CLI', async () => {
    const library = root(await projectOf('library-with-tools'));
    expect(library.archetype).toBe('library');
    expect(rolesOf(library)).toEqual(['library', 'cli']);
    expect(root(await projectOf('own-cli')).archetype).toBe('cli');
  });

  it('a module named setup.py inside a package is not packaging; a setup.py that calls setup() is', async () => {
    const p = await projectOf('setup-module');
    expect(p.components.map((c) => c.path)).toEqual(['.', 'plugin']);
    expect(p.file('app/forms/setup.py')?.role).toBe('source');
    expect(p.file('plugin/setup.py')?.role).toBe('config');
  });

  it('a sample app under lib/templates/ is a template, not a component; a package beside it is one', async () => {
    const p = await projectOf('templates');
    expect(p.components.map((c) => c.path)).toEqual(['.', 'lib/copier']);
    expect(p.file('lib/templates/blog/server.js')?.role).toBe('template');
    expect(p.roleDecision('lib/templates/blog/server.js')?.reason).toMatch(/sample application under `lib\/templates\/`/);
  });

  it('an edge worker serves requests at the edge; a queue consumer on the same runtime is a worker', async () => {
    const edge = await projectOf('edge-worker');
    expect(root(edge).archetype).toBe('service');
    expect(edge.contextOf('src/index.ts').context).toBe('edge');
    expect(root(await projectOf('queue-consumer')).archetype).toBe('worker');
  });

  it('a server class started in a callback is a service with a schedule; a package with only the schedule is a worker', async () => {
    const api = root(await projectOf('class-server'));
    expect(api.archetype).toBe('service');
    expect(rolesOf(api)).toEqual(['service', 'worker']);
    expect(root(await projectOf('cron-only')).archetype).toBe('worker');
  });

  it('a Procfile process and a compose service named as workers make a worker role; a web process alone does not', async () => {
    const app = root(await projectOf('deployed-workers'));
    expect(rolesOf(app)).toEqual(['service', 'worker']);
    expect(app.roles?.[1]?.evidence.map((e) => e.path).sort()).toEqual(['Procfile', 'docker-compose.yml']);
    expect(root(await projectOf('web-only')).roles).toBeUndefined();
  });

  it('Terraform folders are infrastructure and a docs site is a front end; examples and a docs folder without a site generator are not components', async () => {
    const p = await projectOf('infra-and-docs');
    expect(p.components.map((c) => [c.path, c.archetype])).toEqual([
      ['docs', 'frontend'],
      ['terraform', 'infra'],
    ]);
  });
});

describe('file roles from evidence', () => {
  it('tells development, vendored, benchmark, test and release files from the shipped source, each with its reason', async () => {
    const p = await projectOf('file-roles');
    const roles = Object.fromEntries(p.files.filter((f) => f.kind === 'code').map((f) => [f.path, f.role]));
    expect(roles).toEqual({
      'app/__init__.py': 'source',
      'app/static/js/app.js': 'source',
      'app/static/js/checkout.js': 'source',
      'app/static/js/jquery-3.6.0.js': 'vendored',
      'app/static/js/json-refs.js': 'vendored',
      'app/static/js/live-reload.js': 'dev',
      'bench/bench_render.py': 'benchmark',
      'lib/server.js': 'source',
      'lib/test.js': 'test',
      'make_report.py': 'source',
      'populate.py': 'dev',
      'scripts/release.py': 'script',
      'scripts/test-environments/postgres/run.py': 'test',
      'serve.py': 'dev',
      'src/format.mocha.js': 'test',
      'test/api.js': 'test',
      'test/helpers.js': 'test',
      'tests_e2e/test_checkout.py': 'test',
      'wsgi.py': 'source',
    });
    const liveReload = p.roleDecision('app/static/js/live-reload.js');
    expect(liveReload?.reason).toMatch(/loaded only under a debug condition/);
    expect(liveReload?.at).toEqual({ path: 'app/templates/base.html', line: 5 });
    expect(p.roleDecision('serve.py')?.at).toEqual({ path: 'serve.py', line: 10 });
    expect(p.roleDecision('lib/test.js')?.reason).toMatch(/run by the `test` script: `pixl-unit lib\/test.js/);
    expect(p.roleDecision('app/static/js/json-refs.js')?.reason).toMatch(/Original source/);
  });

  it('counts the tests of runners without file-name conventions (pixl-unit, mocha) and leaves helpers out', async () => {
    const p = await projectOf('file-roles');
    const tests = Object.fromEntries(p.inventory.tests.files.map((t) => [t.path, t.tests]));
    expect(tests).toEqual({ 'lib/test.js': 2, 'src/format.mocha.js': 1, 'test/api.js': 1, 'tests_e2e/test_checkout.py': 1 });
  });

  it('keeps code of development roles out of every rule that does not ask for it', async () => {
    const path = join(fixtures, 'file-roles');
    const { report } = await audit({ path, rules: [everyFile(['service'])], jobs: 1 });
    const reported = report.findings.map((f) => f.locations[0]?.path);
    expect(reported).not.toContain('populate.py');
    expect(reported).not.toContain('app/static/js/jquery-3.6.0.js');
    expect(reported).not.toContain('bench/bench_render.py');
    expect(reported).toContain('wsgi.py');
  });

  it('shows roles, traits and file roles with their evidence in `seaworthy profile`', async () => {
    const text = await profileCommand(join(fixtures, 'file-roles'), 'text', 1);
    expect(text).toContain('File roles');
    expect(text).toMatch(/ {2}dev +3 files\n.*app\/static\/js\/live-reload\.js: loaded only under a debug condition \(app\/templates\/base\.html:5\) \(app\/templates\/base\.html:5\)/);
    const json = JSON.parse(await profileCommand(join(fixtures, 'local-state-cli'), 'json', 1)) as { profile: { components: ComponentProfile[]; fileRoles: Record<string, { files: number }> } };
    expect(json.profile.components[0]?.traits?.[0]?.name).toBe('local-state');
    expect(json.profile.fileRoles['source']?.files).toBe(4);
    const cli = await profileCommand(join(fixtures, 'local-state-cli'), 'text', 1);
    expect(cli).toContain('also library');
    expect(cli).toContain("trait local-state: keeps the user's data in a local database in their data directory, with migrations");
  });
});

describe('execution context', () => {
  it('tells browser, server, worker and build code apart, each from evidence', async () => {
    const p = await projectOf('contexts');
    const contexts = Object.fromEntries(p.files.filter((f) => f.kind === 'code').map((f) => [f.path, p.contextOf(f.path).context]));
    expect(contexts).toEqual({
      'public/src/client/topic.js': 'browser',
      'src/emails/Welcome.jsx': 'server',
      'src/jobs/mailer.js': 'worker',
      'src/views/Profile.jsx': 'browser',
      'src/webserver.js': 'server',
      'src/widgets/toolbar.js': 'browser',
      'vite.config.js': 'build',
    });
    expect(p.contextOf('src/widgets/toolbar.js')).toMatchObject({ reason: 'drives the DOM (`document.getElementById`)', line: 2 });
    expect(rolesOf(root(p))).toEqual(['service', 'worker', 'frontend']);
    expect(p.archetypeAt('public/src/client/topic.js')).toBe('frontend');
    expect(p.archetypeAt('src/jobs/mailer.js')).toBe('worker');
  });
});
