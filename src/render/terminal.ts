/** The terminal summary: one screen for a typical repository; `verbose` lists every finding. */
import { SEVERITIES, type Finding, type Report, type Severity } from '../model/report.js';
import { plural } from '../util/text.js';
import { plainStyle, type Style } from './style.js';

export interface TerminalOptions {
  style?: Style;
  verbose?: boolean;
  /** Findings listed without --verbose. */
  limit?: number;
}

function where(f: Finding): string {
  const l = f.locations[0];
  return l ? `${l.path}:${l.line}` : '';
}

export default function renderTerminal(report: Report, options: TerminalOptions = {}): string {
  const s = options.style ?? plainStyle;
  const out: string[] = [];
  const commit = report.target.commit ? ` @ ${report.target.commit.slice(0, 12)}` : '';
  out.push(s.bold(`seaworthy ${report.tool.version} — ${report.target.path}${commit}`));
  for (const c of report.profile.components) {
    const evidence = c.evidence[0] ? `: ${c.evidence[0].detail}${c.evidence[0].path ? ` (${c.evidence[0].path}${c.evidence[0].line ? `:${c.evidence[0].line}` : ''})` : ''}` : '';
    out.push(`  ${c.path === '.' ? '(root)' : c.path}  ${c.archetype}${c.exposure === 'public' ? ', public' : ''} [${c.confidence}]${evidence}`);
  }
  out.push('');
  out.push(s.bold(`Score ${report.score.overall}/100 (${report.score.grade})`));
  const counts = SEVERITIES.map((sev) => [sev, report.findings.filter((f) => f.severity === sev).length] as const).filter(([, n]) => n > 0);
  out.push(counts.length === 0 ? s.good('No findings.') : counts.map(([sev, n]) => s.severity(sev, `${n} ${sev}`)).join(', '));
  const b = report.baseline;
  if (b) out.push(`Baseline ${b.name}${b.commit ? ` @ ${b.commit.slice(0, 12)}` : ''}: ${b.new} new, ${b.unchanged} unchanged, ${b.fixed} fixed`);
  const suppressed = report.suppressed?.length ?? 0;
  if (suppressed > 0) out.push(s.dim(`${plural(suppressed, 'finding')} suppressed inline (reasons in suppressed[] of --format json)`));
  out.push('');
  const limit = options.verbose ? Infinity : (options.limit ?? 15);
  const shown = report.findings.filter((f) => options.verbose || f.severity !== 'info').slice(0, limit);
  for (const f of shown) {
    out.push(`${s.severity(f.severity, f.severity.toUpperCase().padEnd(7))} ${f.code.padEnd(8)} ${where(f)}${f.baselineState === 'new' ? ' (new)' : ''}`);
    out.push(`        ${f.message}`);
  }
  const hidden = report.findings.length - shown.length;
  if (hidden > 0) out.push(s.dim(`… ${plural(hidden, 'more finding')} (use --verbose, or -o report.md for the full review)`));
  if (report.strengths.length > 0) {
    out.push('');
    out.push(s.bold('Done right'));
    for (const st of report.strengths.slice(0, options.verbose ? undefined : 5)) out.push(`  ${s.good('✓')} ${st.title} (${st.locations[0]?.path}:${st.locations[0]?.line})`);
  }
  if (report.errors.length > 0) {
    out.push('');
    out.push(s.dim(`${plural(report.errors.length, 'file problem')} (not analysed or partly analysed): see errors[] in --format json`));
    if (options.verbose) for (const e of report.errors) out.push(s.dim(`  ${e.path}${e.line ? `:${e.line}` : ''} ${e.kind}: ${e.message}`));
  }
  return `${out.join('\n')}\n`;
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
