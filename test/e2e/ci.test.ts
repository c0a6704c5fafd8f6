/**
 * The built binary in CI use: SARIF on stdout and in files, report files that cannot be written, and an
 * internal error that must never exit 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const project = join(import.meta.dirname, '..', 'fixtures', 'projects', 'mixed');
let scratch: string;

function run(args: string[], nodeOptions: string[] = []): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeOptions, bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Sarif {
  version: string;
  runs: Array<{ results: Array<{ ruleId: string }>; automationDetails: { id: string } }>;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-ci-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('SARIF from the command line', () => {
  it('prints SARIF with --format sarif', () => {
    const { code, stdout } = run(['audit', project, '--format', 'sarif']);
    expect(code).toBe(0);
    const sarif = JSON.parse(stdout) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(3);
    // The audited folder's path in its repository; '.' when the tests run outside a git checkout.
    expect(sarif.runs[0]?.automationDetails.id).toMatch(/^seaworthy\/(test\/fixtures\/projects\/mixed|\.)\/$/);
  });

  it('writes .sarif and .sarif.json files, identical to stdout', () => {
    const a = join(scratch, 'results.sarif');
    const b = join(scratch, 'results.sarif.json');
    const { code, stdout } = run(['audit', project, '--format', 'sarif', '-o', a, '-o', b]);
    expect(code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(stdout);
    expect(readFileSync(b, 'utf8')).toBe(stdout);
  });

  it('lists the new options in --help', () => {
    const { stdout } = run(['audit', '--help']);
    for (const flag of ['--baseline <file>', '--baseline-ref <ref>', '--sarif-include-suppressed', '"sarif"']) expect(stdout).toContain(flag);
  });
});

describe('exit codes', () => {
  it('exits 2 with a hint when a report file cannot be written', () => {
    const { code, stderr } = run(['audit', project, '-o', join(scratch, 'missing', 'dir', 'report.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^seaworthy: error: cannot write .*report\.json \(ENOENT\)\n {2}hint: /);
  });

  it('exits 3, never 0, on an internal error', () => {
    const crash = ['--import', 'data:text/javascript,JSON.stringify=()=>{throw new Error("simulated crash")}'];
    const { code, stdout, stderr } = run(['audit', project, '--format', 'json', '--jobs', '1'], crash);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^seaworthy: internal error: simulated crash\n {2}hint: this is a bug/);
  });

  /** Preload code that runs `crash` once the CLI has installed its handler for uncaught errors, mid-audit. */
  const afterHandler = (crash: string): string =>
    `data:text/javascript,const on=process.on.bind(process);process.on=(event,handler)=>{on(event,handler);if(event==="uncaughtException")setTimeout(()=>{${crash}},0);return process;}`;

  it.each([
    ['an exception thrown outside the command', 'throw new Error("late crash")', 'late crash'],
    ['an unhandled rejection', 'Promise.reject(new Error("lost promise"))', 'lost promise'],
  ])('exits 3 on %s', (_, crash, message) => {
    const result = run(['audit', project, '--jobs', '1'], ['--import', afterHandler(crash)]);
    expect(result.stderr).toContain(`seaworthy: internal error: ${message}`);
    expect(result.code).toBe(3);
  });
});
