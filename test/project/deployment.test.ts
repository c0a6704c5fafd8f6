/**
 * Deployment semantics on miniature repositories written to a temporary folder: which Dockerfile the image CI
 * (or a release script) builds comes from, which compose files run it, and what each compose file is for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { imageUses } from '../../src/project/deployment/images.js';
import { imageBaseName } from '../../src/project/inventory/infra.js';
import type { Project } from '../../src/project/project.js';
import { RULES } from '../../src/rules/index.js';

const roots: string[] = [];

async function projectOf(files: Record<string, string>): Promise<Project> {
  const root = mkdtempSync(join(tmpdir(), 'seaworthy-deploy-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return (await audit({ path: root, rules: [], jobs: 1 })).project;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const APP = { 'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n', 'requirements.txt': 'fastapi==0.110.0\n' };

describe('images CI and scripts build', () => {
  it('reads docker build and build-push-action steps: the Dockerfile, the context and whether the image is pushed', async () => {
    const project = await projectOf({
      ...APP,
      'docker/app.Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n',
      'docker/dev.Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app", "--reload"]\n',
      '.github/workflows/release.yml': [
        'on:',
        '  push:',
        '    tags: ["v*"]',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - id: meta',
        '        uses: docker/metadata-action@v5',
        '        with:',
        '          images: ghcr.io/acme/shop',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          context: .',
        '          file: docker/dev.Dockerfile',
        '          push: true',
        '          tags: ${{ steps.meta.outputs.tags }}',
        '',
      ].join('\n'),
    });
    const uses = imageUses(project);
    const dev = uses.find((u) => u.dockerfile.path === 'docker/dev.Dockerfile');
    // Named like a development image, but it is the one CI publishes.
    expect(dev?.purpose).toBe('deploy');
    expect(dev?.reason).toBe('published by .github/workflows/release.yml:13');
    expect(dev?.ciBuilds.map((b) => b.build)).toEqual([{ dockerfile: 'docker/dev.Dockerfile', context: '.', tags: ['ghcr.io/acme/shop'], push: true, args: {} }]);
    expect(uses.find((u) => u.dockerfile.path === 'docker/app.Dockerfile')?.ciBuilds).toEqual([]);
  });

  it('finds the lowercase `dockerfile` that `docker build .` reads when there is no Dockerfile', async () => {
    const project = await projectOf({
      ...APP,
      dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n',
      'release.sh': '#!/bin/sh\nset -e\ndocker build -t acme/shop:"$1" .\ndocker push acme/shop:"$1"\n',
    });
    const use = imageUses(project).find((u) => u.dockerfile.path === 'dockerfile');
    expect(use?.purpose).toBe('deploy');
    expect(use?.reason).toBe('published by release.sh:3');
  });

  it('connects a compose service that runs the published image by name to the Dockerfile it is built from', async () => {
    const project = await projectOf({
      ...APP,
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n',
      'deploy.sh': '#!/usr/bin/env bash\ndocker buildx build \\\n  --platform linux/amd64 \\\n  -t acme/shop:latest --push .\n',
      'docker-compose.yml': 'services:\n  shop:\n    image: acme/shop:latest\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]\n  redis:\n    image: redis:7\n',
    });
    const use = imageUses(project).find((u) => u.dockerfile.path === 'Dockerfile');
    expect(use?.runBy.map((r) => `${r.compose.path}:${r.service.name}`)).toEqual(['docker-compose.yml:shop']);
    expect(use?.reason).toBe('published by deploy.sh:2');
  });
});

describe('image names', () => {
  it('names an image by its last path segment, also when its tag is computed by a command', () => {
    expect(imageBaseName('ghcr.io/acme/api:1.2')).toBe('api');
    expect(imageBaseName('registry:5000/acme/api@sha256:abc')).toBe('api');
    expect(imageBaseName('freqtrade:$(echo "${BRANCH}" | sed -e "s/\\//_/g")_arm')).toBe('freqtrade');
  });
});

describe('what a compose file is for', () => {
  const purposeOf = async (files: Record<string, string>, path = 'docker-compose.yml'): Promise<[string, string | undefined]> => {
    const project = await projectOf({ ...APP, Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n', ...files });
    const compose = project.inventory.infra.compose.find((c) => c.path === path);
    return [compose?.purpose ?? 'missing', compose?.purposeReason];
  };

  it('takes a root compose file that builds the app for a deployment', async () => {
    expect(await purposeOf({ 'docker-compose.yml': 'services:\n  app:\n    build: .\n    ports: ["8000:8000"]\n' })).toEqual(['deploy', undefined]);
  });

  it('reads a comment that says the stack is for development', async () => {
    expect(await purposeOf({ 'docker-compose.yml': '# Local development stack: do not use in production.\nservices:\n  app:\n    build: .\n' })).toEqual(['dev', 'its comment at line 1 says so']);
  });

  it('reads a development build target and a development environment', async () => {
    expect(await purposeOf({ 'docker-compose.yml': 'services:\n  app:\n    build:\n      context: .\n      target: dev\n' })).toEqual(['dev', 'service `app` builds the `dev` stage']);
    expect(await purposeOf({ 'docker-compose.yml': 'services:\n  app:\n    build: .\n    environment:\n      NODE_ENV: development\n' })).toEqual(['dev', 'service `app` sets NODE_ENV=development']);
  });

  it('takes a compose file in a subfolder that runs none of the project for backing services of development', async () => {
    expect(await purposeOf({ 'docker/docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n' }, 'docker/docker-compose.yml')).toEqual([
      'dev',
      'none of its services (db, cache) runs the project: backing services for development',
    ]);
  });

  it('keeps such a file a deployment when the README tells users to run it', async () => {
    expect(
      await purposeOf({ 'docker/docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n', 'README.md': '# Shop\n\nRun `docker compose -f docker/docker-compose.yml up -d`.\n' }, 'docker/docker-compose.yml'),
    ).toEqual(['deploy', undefined]);
  });
});

describe('dependency scanning configured where Renovate looks', () => {
  it('counts a .github/renovate.json5 as dependency updating', async () => {
    const root = mkdtempSync(join(tmpdir(), 'seaworthy-deploy-'));
    roots.push(root);
    const files: Record<string, string> = {
      'package.json': '{"name":"shop","dependencies":{"express":"^4.19.0"},"scripts":{"start":"node server.js"}}\n',
      'server.js': "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('ok'));\napp.listen(3000);\n",
      '.github/renovate.json5': '{\n  extends: ["config:recommended"],\n}\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const rule = RULES.find((r) => r.meta.name === 'missing-dependency-scanning');
    if (!rule) throw new Error('missing-dependency-scanning is not registered');
    const { report } = await audit({ path: root, rules: [rule], jobs: 1 });
    expect(report.findings.map((f) => f.code)).toEqual([]);
  });
});
