/**
 * The terminal summary: one screen for a typical repository (components, score with a bar per category, the
 * worst finding of each rule, strengths, non-goals, what to run next); `verbose` lists every finding in full.
 */
import { SEVERITIES, type Report, type Severity } from '../model/report.js';
import { noPointsMark } from '../score/model.js';
import { pointsByFingerprint, traceScore, unanalysedNote } from '../score/trace.js';
import { clip, plural } from '../util/text.js';
import { at } from './review/data.js';
import { compareGroups, groupByRule, previewCount, severityCounts, where, type RuleGroup } from './review/findings.js';
import { groupNonGoals } from './review/non-goals.js';
import { categoryScores, formatScore, notApplicable, nothingJudgedLine } from './review/scores.js';
import { shellQuote } from './review/verify.js';
import { plainStyle, type Style } from './style.js';

export interface TerminalOptions {
  style?: Style;
  verbose?: boolean;
  /** Rules listed without --verbose (default 10). */
  limit?: number;
  /** Columns available (default 100); long lines are clipped in the summary, never in --verbose. */
  width?: number;
}

const COMPONENTS_SHOWN = 6;
const STRENGTHS_SHOWN = 3;

/** Cut a plain (unstyled) line to the width, keeping its spacing. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function bar(score: number, s: Style): string {
  const full = Math.round(score);
  const text = `${'█'.repeat(full)}${'░'.repeat(10 - full)}`;
  return score >= 9 ? s.good(text) : s.severity(score >= 6 ? 'medium' : 'high', text);
}

function head(report: Report, s: Style, width: number): string[] {
  const commit = report.target.commit ? ` @ ${report.target.commit.slice(0, 12)}` : '';
  const out = [s.bold(`seaworthy ${report.tool.version} — ${report.target.path}${commit}`)];
  const components = report.profile.components;
  const pathWidth = Math.min(24, Math.max(6, ...components.map((c) => c.path.length)));
  for (const c of components.slice(0, COMPONENTS_SHOWN)) {
    const e = c.evidence[0];
    const evidence = e ? `${e.detail} (${at(e.path, e.line)})` : 'no evidence recorded';
    const line = `  ${c.path.padEnd(pathWidth)}  ${`${c.archetype}${c.exposure === 'public' ? ', public' : ''}`.padEnd(16)} ${c.confidence.padEnd(6)} ${evidence}`;
    out.push(fit(line, width));
  }
  if (components.length > COMPONENTS_SHOWN) out.push(s.dim(`  … ${plural(components.length - COMPONENTS_SHOWN, 'more component')} (seaworthy profile lists them)`));
  return out;
}

function scoreBlock(report: Report, s: Style, width: number): string[] {
  const nothing = nothingJudgedLine(report.score);
  if (nothing !== undefined) return [s.bold(nothing)];
  const counts = severityCounts(report.findings)
    .map(([sev, n]) => (n > 0 ? s.severity(sev, `${n} ${sev}`) : s.dim(`0 ${sev}`)))
    .join(' · ');
  const previews = previewCount(report.findings);
  const out = [`${s.bold(`Score ${report.score.overall}/100 (${report.score.grade})`)}   ${counts}${previews > 0 ? s.dim(` · ${previews} preview`) : ''}`];
  const b = report.baseline;
  if (b) out.push(`Baseline ${b.name}${b.commit ? ` @ ${b.commit.slice(0, 12)}` : ''}: ${b.new} new, ${b.unchanged} unchanged, ${b.fixed} fixed`);
  const suppressed = report.suppressed?.length ?? 0;
  if (suppressed > 0) out.push(s.dim(`${plural(suppressed, 'finding')} suppressed inline (reasons in suppressed[] of --format json)`));
  const trace = traceScore(report);
  for (const cap of trace?.caps ?? []) out.push(s.severity(cap.severity, `  capped at ${cap.max} (uncapped ${trace?.uncapped ?? '?'}) by ${plural(cap.fingerprints.length, `${cap.severity} finding`)}`));
  if (report.score.unanalysed) out.push(s.severity('blocker', `  ${unanalysedNote(report.score.unanalysed)}`));
  const cells = categoryScores(report).map((c) => `${c.category.padEnd(15)} ${formatScore(c.score).padStart(5)} ${bar(c.score, s)} ${String(c.findings).padStart(4)}`);
  const cellWidth = 15 + 1 + 5 + 1 + 10 + 1 + 4;
  const perLine = width >= 2 * cellWidth + 6 ? 2 : 1;
  for (let i = 0; i < cells.length; i += perLine) out.push(`  ${cells.slice(i, i + perLine).join('    ')}`);
  const na = notApplicable(report);
  if (na.length > 0) out.push(s.dim(fit(`  not applicable: ${na.join(', ')}`, width)));
  return out;
}

function groupLine(g: RuleGroup, s: Style, width: number): string {
  // With a baseline, the entry shows a new finding of the rule when there is one: that is what the gate is about.
  const first = g.findings[0];
  if (!first) return '';
  const f = g.findings.find((x) => x.baselineState === 'new') ?? first;
  const tail = `${noPointsMark(f) ? ` [${noPointsMark(f)}]` : ''}${g.findings.length > 1 ? ` (+${g.findings.length - 1} more)` : ''}`;
  const head = `  ${s.severity(g.severity, g.severity.toUpperCase().padEnd(7))} ${g.code.padEnd(8)} ${where(f)}${f.baselineState === 'new' ? ' (new)' : ''}`;
  const prefix = 2 + 7 + 1 + 8 + 1 + where(f).length + 2;
  // A long path leaves too little room: the message goes on its own line rather than being cut to nothing.
  if (prefix + 40 > width) return `${head}${s.dim(tail)}\n${' '.repeat(19)}${clip(f.message, width - 19)}`;
  return `${head}  ${clip(f.message, width - prefix - tail.length)}${s.dim(tail)}`;
}

function compactFindings(report: Report, s: Style, width: number, limit: number): string[] {
  const points = pointsByFingerprint(traceScore(report));
  const groups = groupByRule(report.findings.filter((f) => f.severity !== 'info'), points).sort(compareGroups);
  if (groups.length === 0) return [report.findings.length === 0 ? s.good('No findings.') : s.good('No findings above info.')];
  const out = [s.bold('Findings by rule, worst first (one entry per rule and severity)')];
  for (const g of groups.slice(0, limit)) out.push(groupLine(g, s, width));
  if (groups.length > limit) out.push(s.dim(`  … ${plural(groups.length - limit, 'more rule')} with findings (--verbose lists every finding)`));
  return out;
}

function verboseFindings(report: Report, s: Style): string[] {
  if (report.findings.length === 0) return [s.good('No findings.')];
  const out: string[] = [];
  for (const f of report.findings) {
    if (out.length > 0) out.push('');
    out.push(`${s.severity(f.severity, f.severity.toUpperCase().padEnd(7))} ${f.code.padEnd(8)} ${where(f)}${f.component === '.' ? '' : `  (${f.component})`}${f.baselineState === 'new' ? ' (new)' : ''}`);
    out.push(`        ${f.message}`);
    for (const l of f.locations.slice(0, 5)) out.push(s.dim(`        │ ${at(l.path, l.line)}: ${l.snippet}`));
    if (f.locations.length > 5) out.push(s.dim(`        │ … ${plural(f.locations.length - 5, 'more location')}`));
    out.push(s.dim(`        fix: ${f.fix}`));
    out.push(s.dim(`        ${f.title} · ${f.category} · confidence ${f.confidence}${noPointsMark(f) ? ` (${noPointsMark(f)}, no points)` : ''} · ${f.fingerprint}`));
  }
  return out;
}

function strengths(report: Report, s: Style, verbose: boolean, width: number): string[] {
  if (report.strengths.length === 0) return [s.dim('Done right: no strengths recorded by the rules that ran.')];
  const shown = verbose ? report.strengths : report.strengths.slice(0, STRENGTHS_SHOWN);
  const out = [s.bold(`Done right (${report.strengths.length})`)];
  for (const st of shown) out.push(`  ${s.good('✓')} ${fit(`${st.title} (${st.locations[0] ? at(st.locations[0].path, st.locations[0].line) : st.component})`, width - 4)}`);
  if (shown.length < report.strengths.length) out.push(s.dim(`  … ${report.strengths.length - shown.length} more in the review (-o review.md)`));
  return out;
}

function nonGoals(report: Report, s: Style, verbose: boolean, width: number): string[] {
  const groups = groupNonGoals(report);
  const explained = groups.flatMap((g) => g.explained.map((n) => ({ g, n })));
  if (explained.length === 0) return [];
  if (!verbose) {
    const list = explained.map(({ g, n }) => `${n.code} in ${g.component}`);
    return [s.dim(fit(`Non-goals (present, deliberately not recommended): ${list.join(', ')}`, width))];
  }
  const out = [s.bold('Non-goals')];
  for (const { g, n } of explained) {
    const first = n.evidence[0];
    out.push(`  ${g.component} (${g.archetype}): ${n.code} at ${first ? at(first.path, first.line) : '?'}${n.matches > 1 ? ` +${n.matches - 1}` : ''} — ${n.reason}`);
  }
  return out;
}

function errors(report: Report, s: Style, verbose: boolean): string[] {
  if (report.errors.length === 0) return [];
  const out = [s.dim(`${plural(report.errors.length, 'file problem')} (not analysed or partly analysed)${verbose ? ':' : ': --verbose lists them'}`)];
  if (verbose) for (const e of report.errors) out.push(s.dim(`  ${at(e.path, e.line)} ${e.kind}: ${e.message}`));
  return out;
}

export default function renderTerminal(report: Report, options: TerminalOptions = {}): string {
  const s = options.style ?? plainStyle;
  const width = Math.max(60, options.width ?? 100);
  const verbose = options.verbose === true;
  const target = shellQuote(report.target.path);
  const blocks = [
    head(report, s, width),
    scoreBlock(report, s, width),
    verbose ? verboseFindings(report, s) : compactFindings(report, s, width, options.limit ?? 10),
    [...strengths(report, s, verbose, width), ...nonGoals(report, s, verbose, width), ...errors(report, s, verbose)],
    report.score.overall === null ? [] : [s.dim(fit(`Next: seaworthy explain --score ${target}   (where the points went)`, width)), s.dim(fit(`      seaworthy audit ${target} -o review.md -o review.html   (the full review)`, width))],
  ].filter((b) => b.length > 0);
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
