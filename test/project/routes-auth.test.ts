/**
 * The route inventory as the security rules read it: routers included only under a condition, dependencies given
 * at include time, NestJS controller prefixes given as `{ path }`, and route modules handed the app by a caller.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { Route } from '../../src/project/inventory/runtime.js';

const files: Record<string, string> = {
  'app/api/routes/private.py': ['from fastapi import APIRouter', 'router = APIRouter(prefix="/private")', '', '@router.post("/users/")', 'def create_user():', '    return {}', ''].join('\n'),
  'app/api/routes/admin.py': ['from fastapi import APIRouter', 'router = APIRouter(prefix="/admin")', '', '@router.delete("/cache")', 'def clear_cache():', '    return {}', ''].join('\n'),
  'app/api/main.py': [
    'from fastapi import APIRouter, Depends',
    'from app.api.routes import admin, private',
    'from app.core.config import settings',
    'from app.core.security import get_current_active_superuser',
    '',
    'api_router = APIRouter()',
    'api_router.include_router(admin.router, dependencies=[Depends(get_current_active_superuser)])',
    'if settings.ENVIRONMENT == "local":',
    '    api_router.include_router(private.router)',
    '',
  ].join('\n'),
  'src/users.controller.ts': [
    "import { Controller, Get } from '@nestjs/common';",
    '',
    "@Controller({ path: 'users', version: '1' })",
    'export class UsersController {',
    "  @Get(':id')",
    '  findOne() {',
    '    return {};',
    '  }',
    '}',
    '',
  ].join('\n'),
  'web/server.js': ["const express = require('express');", "const routes = require('./routes');", 'const app = express();', 'routes(app);', 'app.listen(3000);', ''].join('\n'),
  'web/routes.js': ['module.exports = (app) => {', "  app.post('/memos', isLoggedIn, addMemo);", '};', ''].join('\n'),
};

let root: string;
let routes: Route[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'seaworthy-routes-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  routes = (await audit({ path: root, rules: [], jobs: 1 })).project.inventory.runtime.routes;
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('route inventory for auth checks', () => {
  it('marks a router included only under a condition, with where and why', () => {
    const route = routes.find((r) => r.route === '/private/users/');
    expect(route?.includedWhen).toEqual({ path: 'app/api/main.py', line: 9, condition: 'settings.ENVIRONMENT == "local"' });
  });

  it('gives included routes the dependencies of include_router', () => {
    const route = routes.find((r) => r.route === '/admin/cache');
    expect(route?.guards).toContain('Depends(get_current_active_superuser)');
    expect(route?.includedWhen).toBeUndefined();
  });

  it('reads a NestJS controller prefix given as { path }', () => {
    expect(routes.find((r) => r.framework === 'nestjs')?.route).toBe('/users/:id');
  });

  it('finds routes in a module that is handed the app, with their middleware', () => {
    const route = routes.find((r) => r.path === 'web/routes.js');
    expect(route).toMatchObject({ method: 'POST', route: '/memos', framework: 'express', guards: ['isLoggedIn'] });
  });
});
