/**
 * The service surface on twin services of every framework: the unprotected twin has no authentication, the
 * protected twin is protected by what protects it in the code (a parent router, a hook, middleware, an app guard,
 * settings, or a check in the handler). Fixtures: src/rules/security/service-without-authentication/fixtures.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { profileCommand } from '../../src/cli/commands/profile.js';
import type { Project } from '../../src/project/project.js';
import { surfaceOf, type SurfaceRoute } from '../../src/project/surface/index.js';

const fixtures = join(import.meta.dirname, '..', '..', 'src', 'rules', 'security', 'service-without-authentication', 'fixtures');
let project: Project;

beforeAll(async () => {
  project = (await audit({ path: fixtures, rules: [], jobs: 1 })).project;
}, 60_000);

function routesOf(component: string): SurfaceRoute[] {
  const c = project.components.find((x) => x.path === component);
  if (!c) throw new Error(`no component ${component}`);
  return surfaceOf(project, c).routes;
}

const TWINS: Array<[string, string, string]> = [
  ['fastapi', 'POST /notes/', 'parent-router'],
  ['flask', 'POST /notes/', 'hook'],
  ['django', 'ANY /notes/', 'settings'],
  ['aiohttp', 'POST /notes', 'middleware'],
  ['express', 'POST /api/notes', 'parent-router'],
  ['fastify', 'POST /api/notes', 'parent-router'],
  ['nest', 'POST /notes/', 'app'],
  ['next', 'POST /api/notes', 'handler'],
  ['hono', 'POST /api/notes', 'middleware'],
  ['koa', 'POST /api/notes', 'parent-router'],
];

describe('service surface of twin services', () => {
  it.each(TWINS)('%s: the open twin has no authentication on %s', (framework, route) => {
    const open = routesOf(`${framework}-open`);
    const r = open.find((x) => `${x.method} ${x.path}`.replace(/\/$/, '') === route.replace(/\/$/, ''));
    expect(r?.auth.state).toBe('none');
    expect(r?.changesData).toBe(true);
  });

  it.each(TWINS)('%s: the protected twin is authenticated on %s, by %s', (framework, route, via) => {
    const guarded = routesOf(`${framework}-guarded`);
    const r = guarded.find((x) => `${x.method} ${x.path}` === route);
    expect(r?.auth.state).toBe('enforced');
    expect(r?.auth.by?.via).toBe(via);
  });

  it('resolves the prefixes of mounts across files', () => {
    expect(routesOf('express-guarded').map((r) => r.path)).toEqual(['/api/notes']);
    expect(routesOf('koa-open').map((r) => r.path)).toEqual(['/api/notes']);
    expect(routesOf('starlette-open').map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/notes']);
  });

  it('applies a Fastify root hook to routes registered before it, and marks @Public() routes', () => {
    expect(routesOf('fastify-guarded')[0]?.auth.by?.at).toEqual({ path: 'fastify-guarded/main.ts', line: 9 });
    expect(routesOf('nest-guarded').find((r) => r.path === '/notes/login')?.auth.publicByDesign).toBe('marked public');
  });

  it('reads the input model of a FastAPI handler', () => {
    expect(routesOf('fastapi-open').find((r) => r.method === 'POST')?.input).toMatchObject({ model: 'Note', validated: true });
  });
});

describe('seaworthy profile', () => {
  it('prints the surface of each service as a table: method, path, auth, authz, rate limit, input, writes', async () => {
    const text = await profileCommand(join(fixtures, 'express-guarded'), 'text', 1);
    const lines = text.split('\n');
    const start = lines.indexOf('Service surface');
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 2]?.trim().split(/\s{2,}/).map((c) => c.trim())).toEqual(['METHOD', 'PATH', 'AUTH', 'AUTHZ', 'RATE LIMIT', 'INPUT', 'WRITES', 'DECLARED']);
    expect(lines[start + 3]?.trim().split(/\s{2,}/).map((c) => c.trim())).toEqual(['POST', '/api/notes', 'enforced: parent-router', 'none', 'none', '-', 'yes', 'routes/notes.js:7']);
  }, 60_000);
});
