/**
 * `npm run bench -- <path> [--runs N] [--jobs N]`: files, lines, wall time, lines/s and peak memory of a full
 * audit and of parse-only (read + parse + release, the floor of the same stack), each in a fresh process,
 * medians of N runs. Prints a Markdown table for docs/benchmarks.md.
 *
 * `npm run bench -- --scaling [10000,50000,200000] [--jobs N]`: generates a synthetic repository of each size
 * (synthetic-repo.ts) in a temporary folder and audits it once in a fresh process, to show how time grows with
 * the file count.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../audit.js';
import { discover } from '../discover/walk.js';
import { extractAll } from '../engine/extract-all.js';
import { DEFAULT_MAX_FILE_SIZE } from '../config/load-config.js';
import { writeSyntheticRepo } from './synthetic-repo.js';

interface Sample {
  mode: 'audit' | 'parse';
  files: number;
  lines: number;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  findings?: number;
}

async function measure(mode: Sample['mode'], path: string, jobs: number): Promise<Sample> {
  const start = process.hrtime.bigint();
  let files: number;
  let lines = 0;
  let findings: number | undefined;
  if (mode === 'audit') {
    const { report, project } = await audit({ path, jobs });
    files = project.files.length;
    lines = project.files.reduce((n, f) => n + f.lines, 0);
    findings = report.findings.length;
  } else {
    const discovery = await discover(path, { maxFileSize: DEFAULT_MAX_FILE_SIZE, ignore: [] });
    await extractAll(discovery.files, jobs, 'parse');
    files = discovery.files.length;
  }
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const usage = process.resourceUsage();
  return { mode, files, lines, wallMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, ...(findings === undefined ? {} : { findings }) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
}

function runChild(mode: Sample['mode'], path: string, jobs: number): Sample {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, path, String(jobs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`benchmark child failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

const DEFAULT_SIZES = [10_000, 50_000, 200_000];

async function scaling(sizes: readonly number[], jobs: number): Promise<void> {
  process.stdout.write(
    [`synthetic repositories (src/bench/synthetic-repo.ts) · jobs: ${jobs} · one full audit each; CPU is user + system time of all threads`, '', '| files | lines | wall | CPU | CPU per 1k files | peak RSS | findings |', '|---|---|---|---|---|---|---|', ''].join('\n'),
  );
  for (const size of sizes) {
    const root = await mkdtemp(join(tmpdir(), `seaworthy-bench-${size}-`));
    try {
      await writeSyntheticRepo(root, size);
      const s = runChild('audit', root, jobs);
      process.stdout.write(
        `| ${s.files} | ${s.lines} | ${(s.wallMs / 1000).toFixed(2)} s | ${(s.cpuMs / 1000).toFixed(2)} s | ${(s.cpuMs / size).toFixed(2)} s | ${Math.round(s.maxRssMb)} MB | ${s.findings ?? 0} |\n`,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--child') {
    const sample = await measure(args[1] as Sample['mode'], args[2] ?? '.', Number(args[3] ?? 2));
    process.stdout.write(JSON.stringify(sample));
    return;
  }
  const jobsOption = option(args, '--jobs', 2);
  const scalingAt = args.indexOf('--scaling');
  if (scalingAt !== -1) {
    const list = args[scalingAt + 1];
    const sizes = list && /^\d[\d,_]*$/.test(list) ? list.split(',').map((n) => Number(n.replace(/_/g, ''))) : DEFAULT_SIZES;
    await scaling(sizes, jobsOption);
    return;
  }
  const path = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '.';
  const runs = option(args, '--runs', 3);
  const jobs = jobsOption;
  const results: Record<string, Sample[]> = { parse: [], audit: [] };
  for (let r = 0; r < runs; r++) {
    for (const mode of ['parse', 'audit'] as const) {
      results[mode]?.push(runChild(mode, path, jobs));
    }
  }
  const audits = results['audit'] ?? [];
  const parses = results['parse'] ?? [];
  const lines = audits[0]?.lines ?? 0;
  const row = (name: string, samples: Sample[]): string => {
    const wall = median(samples.map((s) => s.wallMs));
    return `| ${name} | ${samples[0]?.files ?? 0} | ${lines} | ${(wall / 1000).toFixed(2)} s | ${Math.round(lines / (wall / 1000))} | ${(median(samples.map((s) => s.cpuMs)) / 1000).toFixed(2)} s | ${Math.round(Math.max(...samples.map((s) => s.maxRssMb)))} MB |`;
  };
  const ratio = median(audits.map((s) => s.wallMs)) / median(parses.map((s) => s.wallMs));
  process.stdout.write(
    [
      `target: ${path} · jobs: ${jobs} · runs: ${runs} (medians; peak RSS is the maximum) · findings: ${audits[0]?.findings ?? 0}`,
      '',
      '| run | files | lines | wall | lines/s | CPU | peak RSS |',
      '|---|---|---|---|---|---|---|',
      row('parse only', parses),
      row('full audit', audits),
      '',
      `full audit / parse only: ${ratio.toFixed(2)}×`,
      '',
    ].join('\n'),
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
