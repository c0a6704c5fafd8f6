/**
 * Baseline gating: only findings new relative to a baseline (a JSON report, or the same folder at a git ref)
 * count for --fail-on. Matching is one-to-one: one accepted finding never hides a second occurrence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, type Baseline } from '../src/baseline/apply.js';
import type { Finding, Report } from '../src/model/report.js';

const bin = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
let scratch: string;

/** Audits run only TMO001, the rule these scenarios are about, so that other rules cannot change the counts. */
function seaworthy(args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const scoped = args[0] === 'audit' ? [...args, '--only', 'TMO001'] : args;
  const result = spawnSync(process.execPath, [bin, ...scoped], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

const BASE = ['import requests', '', '', 'def fetch(url):', '    return requests.get(url)', '', ''].join('\n');

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A repository with one accepted finding (TMO001 in fetch) committed and saved as baseline.json. */
function project(name: string): string {
  const dir = join(scratch, name);
  write(dir, { 'requirements.txt': 'requests\n', 'app.py': BASE, '.gitignore': 'baseline.json\n' });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  const saved = seaworthy(['audit', dir, '--format', 'json', '-o', join(dir, 'baseline.json')]);
  expect(saved.code).toBe(0);
  return dir;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-baseline-test-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('matching (pure)', () => {
  const finding = (fingerprint: string, line: number): Finding => ({
    id: 'http-call-without-timeout',
    code: 'TMO001',
    category: 'timeouts',
    severity: 'medium',
    confidence: 'high',
    title: 't',
    message: 'm',
    component: '.',
    locations: [{ path: 'a.py', line, endLine: line, snippet: '' }],
    fingerprint,
    fix: 'f',
    references: [],
  });
  const report = (findings: Finding[], suppressed: Report['suppressed'] = []): Report =>
    ({ findings, suppressed }) as unknown as Report; // only the fields applyBaseline reads
  const entry = (fingerprint: string, line: number): Baseline['entries'][number] => ({ id: 'x', code: 'TMO001', severity: 'medium', title: 't', fingerprint, path: 'a.py', line });

  it('is one-to-one: one baseline entry accepts one finding, even with the same fingerprint', () => {
    const out = applyBaseline(report([finding('aaa', 1), finding('aaa', 2), finding('bbb', 3)]), { source: 'file', name: 'b.json', entries: [entry('aaa', 1), entry('ccc', 9)] });
    expect(out.findings.map((f) => f.baselineState)).toEqual(['unchanged', 'new', 'new']);
    expect(out.baseline).toMatchObject({ new: 2, unchanged: 1, fixed: 1, name: 'b.json', source: 'file' });
    expect(out.baseline?.fixedFindings.map((f) => f.fingerprint)).toEqual(['ccc']);
  });

  it('does not count a finding that is now suppressed inline as fixed', () => {
    const suppressed = [{ ...finding('ccc', 9), suppression: { kind: 'inline' as const, reason: 'r', path: 'a.py', line: 8 } }];
    const out = applyBaseline(report([finding('aaa', 1)], suppressed), { source: 'file', name: 'b.json', entries: [entry('aaa', 1), entry('ccc', 9)] });
    expect(out.baseline).toMatchObject({ new: 0, unchanged: 1, fixed: 0 });
  });
});

describe('--baseline FILE', () => {
  it('passes with only the old findings, moved and surrounded by edits', () => {
    const dir = project('file-old');
    write(dir, { 'app.py': `"""Docs."""\nimport os\n\nSEPARATOR = os.sep\n${BASE}\ndef other():\n    return 2\n` });
    const { code, stderr } = seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--fail-on', 'medium', '--format', 'json']);
    expect(stderr).toContain('baseline');
    expect(stderr).toContain('0 new, 1 unchanged, 0 fixed');
    expect(code).toBe(0);
  });

  it('fails with one new finding, and names only that one as new', () => {
    const dir = project('file-new');
    write(dir, { 'app.py': `${BASE}\ndef post(url, body):\n    return requests.post(url, json=body)\n` });
    const { code, stdout, stderr } = seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--fail-on', 'medium']);
    expect(code).toBe(1);
    expect(stdout).toContain('1 new, 1 unchanged, 0 fixed');
    expect(stdout).toMatch(/app\.py:9 \(new\)/);
    expect(stdout).not.toMatch(/app\.py:5 \(new\)/);
    expect(stderr).toContain('gate failed: 1 new finding at or above medium');
  });

  it('fails on a second occurrence of an accepted pattern in the same file and function', () => {
    const dir = project('file-second');
    write(dir, { 'app.py': BASE.replace('    return requests.get(url)', '    if url.startswith("https:"):\n        return requests.get(url)\n    return requests.get(url)') });
    const json = seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--format', 'json']);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.findings.filter((f) => f.code === 'TMO001').map((f) => f.locations[0]?.snippet)).toEqual(['return requests.get(url)', 'return requests.get(url)']);
    expect(report.baseline).toMatchObject({ new: 1, unchanged: 1, fixed: 0 });
    expect(seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--fail-on', 'medium']).code).toBe(1);
  });

  it('counts fixed findings, and passes', () => {
    const dir = project('file-fixed');
    write(dir, { 'app.py': BASE.replace('requests.get(url)', 'requests.get(url, timeout=10)') });
    const { code, stdout } = seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--fail-on', 'info', '--format', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).baseline).toMatchObject({ new: 0, unchanged: 0, fixed: 1, fixedFindings: [expect.objectContaining({ code: 'TMO001', path: 'app.py', line: 5 })] });
  });

  it('applies to fail-on from the configuration file too', () => {
    const dir = project('file-config');
    write(dir, { '.seaworthy.yml': 'fail-on: medium\n' });
    expect(seaworthy(['audit', dir]).code).toBe(1);
    expect(seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json')]).code).toBe(0);
  });

  it('rejects a missing, non-JSON or non-report baseline with exit 2 and a hint', () => {
    const dir = project('file-bad');
    write(dir, { 'not-json.json': '{ nope', 'other.json': '{"schemaVersion": 1, "findings": "none"}', 'v2.json': '{"schemaVersion": 2}' });
    for (const [file, message] of [
      ['missing.json', /cannot read the baseline .*missing\.json \(ENOENT\)/],
      ['not-json.json', /is not JSON/],
      ['other.json', /is not a valid seaworthy report/],
      ['v2.json', /is not a schemaVersion 1 seaworthy report/],
    ] as const) {
      const { code, stderr } = seaworthy(['audit', dir, '--baseline', join(dir, file)]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/\n {2}hint: /);
    }
  });

  it('refuses --baseline together with --baseline-ref', () => {
    const dir = project('file-both');
    const { code, stderr } = seaworthy(['audit', dir, '--baseline', join(dir, 'baseline.json'), '--baseline-ref', 'HEAD']);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot be used together');
  });
});

describe('--baseline-ref REF', () => {
  it('passes with only old findings and fails with a new one, a second occurrence included', () => {
    const dir = project('ref');
    write(dir, { 'app.py': `# moved down\n\n${BASE}` });
    expect(seaworthy(['audit', dir, '--baseline-ref', 'HEAD', '--fail-on', 'medium']).code).toBe(0);
    write(dir, { 'app.py': BASE.replace('    return requests.get(url)', '    if not url:\n        return None\n    return requests.get(url)\n    return requests.get(url)') });
    const { code, stdout } = seaworthy(['audit', dir, '--baseline-ref', 'HEAD', '--fail-on', 'medium']);
    expect(stdout).toMatch(/Baseline HEAD @ [0-9a-f]{12}: 1 new, 1 unchanged, 0 fixed/);
    expect(code).toBe(1);
  });

  it('audits a sub-folder at the ref, and treats a folder that did not exist there as all new', () => {
    const dir = project('ref-sub');
    write(dir, { 'svc/app.py': BASE, 'svc/requirements.txt': 'requests\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'svc');
    write(dir, { 'svc/app.py': `\n\n${BASE}`, 'new/app.py': BASE, 'new/requirements.txt': 'requests\n' });
    const sub = seaworthy(['audit', join(dir, 'svc'), '--baseline-ref', 'HEAD', '--fail-on', 'medium', '--format', 'json']);
    expect((JSON.parse(sub.stdout) as Report).baseline).toMatchObject({ source: 'ref', name: 'HEAD', new: 0, unchanged: 1 });
    expect(sub.code).toBe(0);
    const added = seaworthy(['audit', join(dir, 'new'), '--baseline-ref', 'HEAD', '--fail-on', 'medium', '--format', 'json']);
    expect((JSON.parse(added.stdout) as Report).baseline).toMatchObject({ new: 1, unchanged: 0 });
    expect(added.code).toBe(1);
  });

  it('extracts into a temporary folder and removes it afterwards', () => {
    const dir = project('ref-tmp');
    const tmp = join(scratch, 'tmp-for-ref');
    mkdirSync(tmp);
    expect(seaworthy(['audit', dir, '--baseline-ref', 'HEAD'], { TMPDIR: tmp }).code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('exits 2 with a hint for an unknown ref, an option-like ref, and a folder outside git', () => {
    const dir = project('ref-bad');
    const unknown = seaworthy(['audit', dir, '--baseline-ref', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown git ref 'no-such-branch'\n {2}hint: .*fetch/);
    expect(seaworthy(['audit', dir, '--baseline-ref=--output=x']).code).toBe(2);
    const outside = join(scratch, 'not-a-repo');
    write(outside, { 'app.py': BASE });
    const plain = seaworthy(['audit', outside, '--baseline-ref', 'HEAD'], { GIT_CEILING_DIRECTORIES: scratch });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/needs a git repository/);
  });

  it('keeps export-ignore paths: an unchanged tree gives 0 new and 0 fixed', () => {
    const dir = project('ref-export-ignore');
    write(dir, { '.gitattributes': 'sdk/ export-ignore\nextra.py export-ignore\n', 'sdk/client.py': BASE, 'extra.py': BASE });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'export-ignore');
    const { code, stdout } = seaworthy(['audit', dir, '--baseline-ref', 'HEAD', '--fail-on', 'medium', '--format', 'json']);
    expect((JSON.parse(stdout) as Report).baseline).toMatchObject({ new: 0, unchanged: 3, fixed: 0 });
    expect(code).toBe(0);
  });

  it('audits a tracked file that a .gitignore pattern matches on both sides', () => {
    const dir = project('ref-tracked-ignored');
    write(dir, { '.gitignore': 'baseline.json\ngenerated/\n', 'generated/client.py': BASE });
    git(dir, 'add', '-A');
    git(dir, 'add', '-f', 'generated/client.py');
    git(dir, 'commit', '-qm', 'tracked despite .gitignore');
    const report = JSON.parse(seaworthy(['audit', dir, '--baseline-ref', 'HEAD', '--format', 'json']).stdout) as Report;
    expect(report.findings.map((f) => f.locations[0]?.path)).toEqual(['app.py', 'generated/client.py']);
    expect(report.baseline).toMatchObject({ new: 0, unchanged: 2, fixed: 0 });
  });

  it('leaves the repository as it was: its index, its worktrees, its status', () => {
    const dir = project('ref-untouched');
    write(dir, { 'app.py': `${BASE}\n# edited\n`, 'untracked.py': BASE });
    const state = (): string[] => [
      readFileSync(join(dir, '.git', 'index')).toString('base64'),
      spawnSync('git', ['worktree', 'list', '--porcelain'], { cwd: dir, encoding: 'utf8' }).stdout,
      spawnSync('git', ['--no-optional-locks', 'status', '--porcelain'], { cwd: dir, encoding: 'utf8' }).stdout,
      readdirSync(join(dir, '.git')).sort().join(','),
    ];
    const before = state();
    expect(seaworthy(['audit', dir, '--baseline-ref', 'HEAD']).code).toBe(0);
    expect(state()).toEqual(before);
  });

  it('uses the current configuration for the baseline audit', () => {
    const dir = project('ref-config');
    write(dir, { '.seaworthy.yml': 'rules:\n  TMO001: off\n' });
    const report = JSON.parse(seaworthy(['audit', dir, '--baseline-ref', 'HEAD', '--format', 'json']).stdout) as Report;
    expect(report.baseline).toMatchObject({ new: 0, unchanged: 0, fixed: 0 });
    expect(readFileSync(join(dir, 'app.py'), 'utf8')).toBe(BASE);
  });
});
