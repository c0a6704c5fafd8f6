/** `seaworthy audit [PATH]`: run the audit, print the summary or a format, write reports, apply the gate. */
import { writeFileSync } from 'node:fs';
import { audit, type AuditOptions } from '../../audit.js';
import { applyBaseline, type Baseline } from '../../baseline/apply.js';
import { auditRef, resolveRef } from '../../baseline/audit-ref.js';
import { loadBaselineFile } from '../../baseline/load-file.js';
import { describeRules } from '../../engine/rule-docs.js';
import { EXIT, InputError, UsageError } from '../../errors.js';
import { SEVERITIES, type Report, type Severity } from '../../model/report.js';
import { formatForFile, isFormat, render, FORMATS, type RenderOptions } from '../../render/index.js';
import { colourStyle, plainStyle, wantsColour } from '../../render/style.js';
import { severityAtLeast } from '../../render/terminal.js';
import { RULES } from '../../rules/index.js';
import { repoRelativePath } from '../../util/git.js';
import { didYouMean, plural } from '../../util/text.js';
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
  baseline?: string;
  baselineRef?: string;
  sarifIncludeSuppressed?: boolean;
  preview?: boolean;
  /** `--color` (true) or `--no-color` (false); undefined lets the environment decide. */
  color?: boolean;
}

function parseSeverity(value: string, flag: string): Severity | 'none' {
  if (value === 'none' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'none';
  const allowed = [...SEVERITIES, 'none'];
  const close = didYouMean(value, allowed);
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'`, close ? `did you mean ${close}? (e.g. ${flag} ${close})` : `e.g. ${flag} high`);
}

function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs must be a whole number of 1 or more, not '${value}'`, 'e.g. --jobs 2');
  return n;
}

function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${file} (${code ?? (error as Error).message})`, 'check that its folder exists and is writable');
  }
}

function baselineLine(report: Report): string {
  const b = report.baseline;
  return b ? `baseline ${b.name}: ${b.new} new, ${b.unchanged} unchanged, ${b.fixed} fixed` : '';
}

/** Returns the exit code. Progress goes to `stderr` when it is a terminal and the run takes over a second. */
export async function auditCommand(options: AuditCommandOptions, stdout: NodeJS.WriteStream, stderr: ProgressStream = process.stderr): Promise<number> {
  if (!isFormat(options.format)) throw new UsageError(`unknown format '${options.format}'`, `use one of ${FORMATS.join(', ')}`);
  const format = options.format;
  const outputs = options.output.map((file) => ({ file, format: formatForFile(file) }));
  const cliFailOn = options.failOn === undefined ? undefined : parseSeverity(options.failOn, '--fail-on');
  const jobs = parseJobs(options.jobs);
  if (options.baseline !== undefined && options.baselineRef !== undefined) {
    throw new UsageError('--baseline and --baseline-ref cannot be used together', 'compare with a saved JSON report (--baseline FILE) or with a git ref (--baseline-ref REF)');
  }
  // Check the baseline before the audit, so that a typo fails in a second rather than after a long audit.
  const fileBaseline = options.baseline === undefined ? undefined : loadBaselineFile(options.baseline);
  const ref = options.baselineRef === undefined ? undefined : await resolveRef(options.path, options.baselineRef);

  const shared: Omit<AuditOptions, 'path'> = { only: options.only, skip: options.skip, preview: options.preview === true, ...(jobs ? { jobs } : {}) };
  const progress = createProgress(stderr);
  let result;
  try {
    result = await audit({ path: options.path, ...shared, ...(options.config ? { configFile: options.config } : {}), onProgress: progress.onProgress });
  } finally {
    progress.done();
  }
  const { report: current, config, project } = result;
  const baseline: Baseline | undefined = fileBaseline ?? (ref ? await auditRef(ref, { ...shared, config, previous: project.files }) : undefined);
  const report = baseline ? applyBaseline(current, baseline) : current;

  const wantsSarif = format === 'sarif' || outputs.some((o) => o.format === 'sarif');
  const sarif: RenderOptions = wantsSarif
    ? { sarif: { rules: describeRules(RULES), includeSuppressed: options.sarifIncludeSuppressed === true, uriPrefix: ref ? ref.prefix : repoRelativePath(options.path) } }
    : {};
  const style = format === 'text' && wantsColour(stdout, process.env, options.color) ? colourStyle : plainStyle;
  stdout.write(render(format, report, { ...sarif, style, verbose: options.verbose, ...(stdout.columns ? { width: stdout.columns } : {}) }));
  for (const { file, format: fileFormat } of outputs) writeReport(file, render(fileFormat, report, { ...sarif, style: plainStyle, verbose: true }));
  if (report.baseline && format !== 'text') stderr.write(`seaworthy: ${baselineLine(report)}\n`);

  const failOn = cliFailOn ?? config.failOn ?? 'none';
  if (failOn === 'none') return EXIT.ok;
  // With a baseline only new findings count.
  const failing = report.findings.filter((f) => f.baselineState !== 'unchanged' && severityAtLeast(f.severity, failOn));
  if (failing.length === 0) return EXIT.ok;
  stderr.write(`seaworthy: gate failed: ${plural(failing.length, report.baseline ? 'new finding' : 'finding')} at or above ${failOn}\n`);
  return EXIT.gateFailed;
}
