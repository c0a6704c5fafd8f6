/** `seaworthy audit [PATH]`: run the audit, print the summary or a format, write reports, apply the gate. */
import { writeFileSync } from 'node:fs';
import { audit } from '../../audit.js';
import { EXIT, UsageError } from '../../errors.js';
import { SEVERITIES, type Severity } from '../../model/report.js';
import { formatForFile, isFormat, render, FORMATS } from '../../render/index.js';
import { colourStyle, plainStyle, wantsColour } from '../../render/style.js';
import { severityAtLeast } from '../../render/terminal.js';
import { createProgress, type ProgressStream } from '../progress.js';

export interface AuditCommandOptions {
  path: string;
  format: string;
  output: string[];
  failOn?: string;
  config?: string;
  only: string[];
  skip: string[];
  jobs?: string;
  verbose: boolean;
}

function parseSeverity(value: string, flag: string): Severity | 'none' {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  throw new UsageError(`${flag} must be one of ${[...SEVERITIES, 'none'].join(', ')}, not '${value}'`, `e.g. ${flag} high`);
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a whole number of 1 or more, not '${value}'`, 'e.g. --jobs 2');
  return n;
}

/** Returns the exit code. Progress goes to `stderr` when it is a terminal and the run takes over a second. */
export async function auditCommand(options: AuditCommandOptions, stdout: NodeJS.WriteStream, stderr: ProgressStream = process.stderr): Promise<number> {
  if (!isFormat(options.format)) throw new UsageError(`unknown format '${options.format}'`, `use one of ${FORMATS.join(', ')}`);
  const format = options.format;
  const outputs = options.output.map((file) => ({ file, format: formatForFile(file) }));
  const cliFailOn = options.failOn === undefined ? undefined : parseSeverity(options.failOn, '--fail-on');
  const jobs = parseJobs(options.jobs);
  const progress = createProgress(stderr);
  let result;
  try {
    result = await audit({
      path: options.path,
      ...(options.config ? { configFile: options.config } : {}),
      only: options.only,
      skip: options.skip,
      ...(jobs ? { jobs } : {}),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.done();
  }
  const { report, config } = result;
  const style = format === 'text' && wantsColour(stdout) ? colourStyle : plainStyle;
  stdout.write(render(format, report, { style, verbose: options.verbose, ...(stdout.columns ? { width: stdout.columns } : {}) }));
  for (const { file, format: fileFormat } of outputs) writeFileSync(file, render(fileFormat, report, { style: plainStyle, verbose: true }));
  const failOn = cliFailOn ?? config.failOn ?? 'none';
  if (failOn === 'none') return EXIT.ok;
  return report.findings.some((f) => severityAtLeast(f.severity, failOn)) ? EXIT.gateFailed : EXIT.ok;
}
