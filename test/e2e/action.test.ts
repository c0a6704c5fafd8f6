/**
 * The GitHub Action (action.yml): its audit step, run as the runner would run it, gates on the baseline (only new
 * findings fail) but writes the full SARIF for the upload, so that code scanning keeps the alerts the base branch
 * already has open.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
let scratch: string;

interface Step {
  id?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { runs: { steps: Step[] } };

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

/** Runs the action's audit step in `repo` with these inputs; its outputs, exit status and SARIF results. */
function auditStep(repo: string, inputs: { failOn: string; baselineRef: string }): { status: number | null; outputs: Record<string, string>; results: Array<{ ruleId: string; baselineState?: string }> } {
  const script = action.runs.steps.find((s) => s.id === 'audit')?.run ?? '';
  const runner = mkdtempSync(join(scratch, 'runner-'));
  const outputFile = join(runner, 'output');
  writeFileSync(outputFile, '');
  const env = {
    ...process.env,
    NO_COLOR: '1',
    SEAWORTHY_PATH: '.',
    SEAWORTHY_FAIL_ON: inputs.failOn,
    SEAWORTHY_BASELINE_REF: inputs.baselineRef,
    SEAWORTHY_ARGS: '',
    RUNNER_TEMP: runner,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
    GITHUB_ACTION_PATH: root,
  };
  const result = spawnSync('bash', ['-e', '-c', script], { cwd: repo, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const sarif = JSON.parse(readFileSync(outputs['sarif-file'] ?? '', 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; baselineState?: string }> }> };
  return { status: result.status, outputs, results: sarif.runs[0]?.results ?? [] };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-action-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the GitHub Action', () => {
  it('uploads the SARIF file the audit step wrote, whatever the gate says', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.['sarif_file']).toBe('${{ steps.audit.outputs.sarif-file }}');
    expect(upload?.if).toBe("${{ inputs.upload-sarif == 'true' }}");
  });

  it('gates on the baseline but uploads every finding', () => {
    const repo = join(scratch, 'repo');
    mkdirSync(join(repo, 'app'), { recursive: true });
    writeFileSync(join(repo, 'requirements.txt'), 'requests==2.32.3\n');
    writeFileSync(join(repo, 'app', 'sync.py'), 'import requests\n\n\ndef sync():\n    return requests.get("https://example.com/a")\n');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');

    const unchanged = auditStep(repo, { failOn: 'low', baselineRef: 'main' });
    expect(unchanged.status).toBe(0);
    expect(unchanged.outputs['exit-code']).toBe('0');
    expect(unchanged.results.length).toBeGreaterThan(0);
    expect(unchanged.results.every((r) => r.baselineState === 'unchanged')).toBe(true);
    const before = unchanged.results.length;

    writeFileSync(join(repo, 'app', 'push.py'), 'import requests\n\n\ndef push():\n    return requests.post("https://example.com/b")\n');
    const added = auditStep(repo, { failOn: 'low', baselineRef: 'main' });
    expect(added.status).toBe(0);
    expect(added.outputs['exit-code']).toBe('1');
    expect(added.results.filter((r) => r.baselineState === 'unchanged')).toHaveLength(before);
    expect(added.results.filter((r) => r.baselineState === 'new').length).toBeGreaterThan(0);
  });
});
