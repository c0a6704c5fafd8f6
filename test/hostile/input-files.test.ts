/**
 * The files seaworthy reads as input — the configuration (`.seaworthy.yml`, `--config`), a baseline
 * (`--baseline FILE`) and a saved report (`explain --report FILE`) — are size-capped, must be regular files and are
 * validated: a device, a FIFO, a huge file, a YAML alias bomb or a malformed report ends with exit 2, one line and
 * a hint, quickly and without growing memory; never a hang, a crash or `Score undefined/100`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_FILE } from '../helpers/report.js';
import { APP, seaworthy, write, type Run } from './hostile-repo.js';

let scratch: string;
let project: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-hostile-inputs-'));
  project = join(scratch, 'project');
  write(project, { 'requirements.txt': 'requests\n', 'app.py': APP });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function fifo(name: string): string {
  const path = join(scratch, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** A 2 GB file that takes no disk space. */
function huge(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, '');
  truncateSync(path, 2 * 1024 ** 3);
  return path;
}

function expectRefused(run: Run, message: RegExp): void {
  expect(run.stderr).toMatch(/^seaworthy: error: [^\n]+\n {2}hint: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
}

const NOT_REGULAR = /is not a regular file/;
const TOO_LARGE = /is 2 GiB, over the [\d.]+ [KMG]iB limit/;
// Runs that would read forever are bounded: a hang fails the test instead of the suite.
const QUICK = { timeout: 20_000 };

describe('the configuration', () => {
  it('--config /dev/zero is refused', () => {
    expectRefused(seaworthy(['audit', project, '--config', '/dev/zero'], QUICK), NOT_REGULAR);
  });

  it('a FIFO named .seaworthy.yml in the audited folder is refused, not waited on', () => {
    const dir = join(scratch, 'fifo-config');
    write(dir, { 'app.py': APP });
    execFileSync('mkfifo', [join(dir, '.seaworthy.yml')]);
    expectRefused(seaworthy(['audit', dir], QUICK), NOT_REGULAR);
  });

  it('a 2 GB configuration is refused before it is read', () => {
    expectRefused(seaworthy(['audit', project, '--config', huge('huge.yml')], QUICK), TOO_LARGE);
  });

  it('a YAML alias bomb is a configuration error, not an internal error', () => {
    const dir = join(scratch, 'alias-bomb');
    // Nine levels, each nine aliases of the one before: 9^9 strings once expanded.
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const levels = names.map((name, i) => `${name}: &${name} [${Array<string>(9).fill(i === 0 ? '"lol"' : `*${names[i - 1] ?? ''}`).join(', ')}]`);
    write(dir, { 'app.py': APP, '.seaworthy.yml': `${levels.join('\n')}\n` });
    const run = seaworthy(['audit', dir], QUICK);
    expectRefused(run, /\.seaworthy\.yml .*alias/);
    expect(run.stderr).not.toMatch(/internal error/);
  });
});

describe('the baseline', () => {
  it('--baseline /dev/zero, a FIFO and a 2 GB file are refused', () => {
    expectRefused(seaworthy(['audit', project, '--baseline', '/dev/zero'], QUICK), NOT_REGULAR);
    expectRefused(seaworthy(['audit', project, '--baseline', fifo('baseline.fifo')], QUICK), NOT_REGULAR);
    expectRefused(seaworthy(['audit', project, '--baseline', huge('baseline.json')], QUICK), TOO_LARGE);
  });
});

describe('explain --report', () => {
  it('/dev/zero, a FIFO and a 2 GB file are refused', () => {
    expectRefused(seaworthy(['explain', '--score', '--report', '/dev/zero'], QUICK), NOT_REGULAR);
    expectRefused(seaworthy(['explain', '--score', '--report', fifo('report.fifo')], QUICK), NOT_REGULAR);
    expectRefused(seaworthy(['explain', '--score', '--report', huge('report.json')], QUICK), TOO_LARGE);
  });

  const good = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as Record<string, unknown> & { score: Record<string, unknown>; findings: Array<Record<string, unknown>> };

  it('refuses a report without a score instead of printing Score undefined/100', () => {
    const file = join(scratch, 'no-overall.json');
    writeFileSync(file, JSON.stringify({ ...good, score: { model: good.score['model'] } }));
    const run = seaworthy(['explain', '--score', '--report', file], QUICK);
    expect(run.stdout).not.toContain('undefined');
    expectRefused(run, /is not a valid seaworthy report: '\/score' /);
  });

  it('refuses a finding without locations instead of crashing', () => {
    const file = join(scratch, 'no-locations.json');
    const [first, ...rest] = good.findings;
    const broken = { ...first };
    delete broken['locations'];
    writeFileSync(file, JSON.stringify({ ...good, findings: [broken, ...rest] }));
    const run = seaworthy(['explain', String(first?.['fingerprint']), '--report', file], QUICK);
    expectRefused(run, /is not a valid seaworthy report: '\/findings\/0' /);
  });

  it('refuses JSON that is not a report, and names the file', () => {
    const dir = join(scratch, 'not-reports');
    mkdirSync(dir);
    for (const [name, text] of [['array.json', '[]'], ['null.json', 'null'], ['broken.json', '{"schemaVersion": 1,']] as const) {
      writeFileSync(join(dir, name), text);
      expectRefused(seaworthy(['explain', '--score', '--report', join(dir, name)], QUICK), new RegExp(name.replace('.', '\\.')));
    }
  });

  it('still explains a valid report', () => {
    const run = seaworthy(['explain', '--score', '--report', REPORT_FILE], QUICK);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Score 47\/100 \(F\)/);
  });
});
