/** The built binary as a user runs it (npm test builds first), and every output it can write for one project. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** stdout of a run that must succeed (exit 0, or 1 when a gate may fail). */
export function stdoutOf(args: readonly string[], env: Record<string, string> = {}): string {
  const run = runCli(args, env);
  expect(run.code, `seaworthy ${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

/** The report files `audit -o` writes, by name: every format. */
export const REPORT_FILES = ['report.txt', 'review.md', 'report.json', 'report.sarif', 'review.html'] as const;

/**
 * Every output of `audit` and `profile` for `project`, by a name that says which: the terminal summary, `--verbose`,
 * each `-o` file, each `--format` on stdout, and the profile as text and JSON. `scratch` receives the report files.
 */
export function auditAndProfileOutputs(project: string, scratch: string, env: Record<string, string> = {}): Map<string, string> {
  const out = new Map<string, string>();
  out.set('audit', stdoutOf(['audit', project], env));
  out.set('audit --verbose', stdoutOf(['audit', project, '--verbose', ...REPORT_FILES.flatMap((f) => ['-o', join(scratch, f)])], env));
  for (const file of REPORT_FILES) out.set(`audit -o ${file}`, readFileSync(join(scratch, file), 'utf8'));
  for (const format of ['markdown', 'json', 'sarif', 'html']) out.set(`audit --format ${format}`, stdoutOf(['audit', project, '--format', format], env));
  out.set('profile', stdoutOf(['profile', project], env));
  out.set('profile --format json', stdoutOf(['profile', project, '--format', 'json'], env));
  return out;
}
