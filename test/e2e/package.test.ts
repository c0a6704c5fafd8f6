/**
 * Installing seaworthy from its package (what `npm i -g <tarball>` and pre-commit do: pre-commit runs `npm pack` in
 * its clone, then `npm install -g` of the tarball named by the stdout of `npm pack`): the tarball is built by
 * `prepack` and carries no install script, so the global install needs no compiler and npm has no script to ask
 * about; the build's output stays off the stdout of `npm pack` (.npmrc).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let scratch: string;
let tarball: string;

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-package-'));
  // Packed from a copy of the sources, so that prepack's build cannot rewrite dist/ under the other tests.
  const copy = join(scratch, 'source');
  mkdirSync(copy);
  for (const part of ['package.json', '.npmrc', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'src', 'schema', 'scripts']) cpSync(join(root, part), join(copy, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const packed = npm(['pack', '--pack-destination', scratch], copy);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith('.tgz')) ?? '');
  // pre-commit takes the whole stdout of `npm pack` as the tarball's name.
  expect(packed.stdout.trim()).toBe(basename(tarball));
}, 300_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('has no install script and ships the built CLI', () => {
    const listed = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
    const manifest = JSON.parse(listed.stdout) as { scripts?: Record<string, string>; bin: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts?.[hook], hook).toBeUndefined();
    expect(manifest.scripts?.['prepack']).toBe('npm run build');
    const files = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n');
    expect(files).toContain(`package/${manifest.bin['seaworthy']?.replace(/^\.\//, '')}`);
    expect(files).toContain('package/schema/config.v1.json');
  });

  it('installs globally from the tarball without a build, and runs', () => {
    const prefix = join(scratch, 'global');
    const installed = npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-progress', tarball], scratch);
    expect(installed.status, installed.stderr).toBe(0);
    expect(installed.stderr).not.toMatch(/install-scripts|allowScripts/);
    const bin = join(prefix, 'bin', 'seaworthy');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const rules = spawnSync(bin, ['rules', 'TMO001'], { encoding: 'utf8' });
    expect(rules.stdout).toContain('## Why is this bad?');
  }, 300_000);
});
