/**
 * Every usage error has one format: `seaworthy: error: <what>` and `  hint: <what to do>` on stderr, exit 2, no
 * stack trace, nothing on stdout — Commander's own errors included. A typo in a rule id never passes as a clean run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const project = join(import.meta.dirname, '..', 'fixtures', 'projects', 'mixed');
let scratch: string;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The one-line message and the hint of a usage error, after checking its shape. */
function usageError(args: string[]): { message: string; hint: string } {
  const { code, stdout, stderr } = run(args);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  const match = /^seaworthy: error: (.+)\n {2}hint: (.+)\n$/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  return { message: match?.[1] ?? '', hint: match?.[2] ?? '' };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-usage-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe("Commander's errors in seaworthy's format", () => {
  it('an unknown option, with the option meant', () => {
    expect(usageError(['audit', project, '--frmat', 'json'])).toEqual({ message: "unknown option '--frmat'", hint: 'did you mean --format? (seaworthy audit --help lists them all)' });
  });

  it('an unknown command, with the command meant', () => {
    expect(usageError(['audti', project])).toEqual({ message: "unknown command 'audti'", hint: 'did you mean audit? (seaworthy --help lists them all)' });
  });

  it('a value outside the choices, with the value meant', () => {
    expect(usageError(['audit', project, '-f', 'jsn'])).toEqual({
      message: "option '-f, --format <format>' does not accept 'jsn'",
      hint: 'did you mean json? (allowed: text, markdown, json, sarif, html)',
    });
  });

  it('a missing value and an extra argument', () => {
    expect(usageError(['audit', project, '--fail-on']).message).toBe("option '--fail-on <severity>' argument missing");
    expect(usageError(['audit', project, 'other']).hint).toBe('seaworthy audit --help shows what it takes');
    expect(usageError(['rules', '--nope']).hint).toBe('seaworthy rules --help lists the options');
  });
});

describe('rule ids and categories are checked', () => {
  it('--only and --skip refuse what names no rule and no category', () => {
    expect(usageError(['audit', project, '--only', 'NOPE999']).message).toBe("--only: no rule or category named 'NOPE999'");
    expect(usageError(['audit', project, '--skip', 'TMO001,nonsense']).message).toBe("--skip: no rule or category named 'nonsense'");
    expect(usageError(['audit', project, '--skip', 'securty']).hint).toMatch(/^did you mean security\? /);
  });

  it('--only accepts a category, a code in any case and a name', () => {
    expect(run(['audit', project, '--only', 'timeouts', '--only', 'tmo001,debt-marker']).code).toBe(0);
  });

  it('the configuration refuses an unknown rule and a component folder that does not exist', () => {
    const dir = join(scratch, 'config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'app.py'), 'print("hi")\n');
    writeFileSync(join(dir, '.seaworthy.yml'), 'rules:\n  TMO999: high\n');
    expect(usageError(['audit', dir]).message).toBe(".seaworthy.yml:2:3: unknown rule 'TMO999'");
    writeFileSync(join(dir, '.seaworthy.yml'), 'components:\n  - path: ../../etc\n    archetype: service\n');
    expect(usageError(['audit', dir]).message).toBe(".seaworthy.yml:2:11: component path '../../etc' lies outside the audited folder");
    writeFileSync(join(dir, '.seaworthy.yml'), 'rulez:\n  TMO001: high\n');
    expect(usageError(['audit', dir])).toEqual({ message: ".seaworthy.yml:1:1: unknown key 'rulez'", hint: "did you mean 'rules'? see schema/config.v1.json for the allowed keys and values" });
  });

  it('seaworthy rules answers a typo with the rule meant', () => {
    expect(usageError(['rules', 'TMO01'])).toEqual({ message: "no rule or strength check named 'TMO01'", hint: 'did you mean TMO001? `seaworthy rules` lists the rules, `seaworthy rules --strengths` the strength checks' });
  });

  it('seaworthy explain answers a mistyped rule with the rule meant', () => {
    expect(usageError(['explain', 'TMO01']).hint).toMatch(/^did you mean TMO001\? give a rule name or code/);
  });

  it('--fail-on answers a typo with the severity meant', () => {
    expect(usageError(['audit', project, '--fail-on', 'hihg']).hint).toMatch(/^did you mean high\? /);
  });
});
