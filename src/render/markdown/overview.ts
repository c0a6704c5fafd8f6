/** The head of the Markdown review: target and components, then the summary with the score and top risks. */
import type { Report } from '../../model/report.js';
import { countsForScore, type ScoreResult } from '../../score/model.js';
import { at } from '../review/data.js';
import { categoryScores, formatScore, notApplicable, nothingJudgedLine } from '../review/scores.js';
import { previewCount, severityCounts, topRisks } from '../review/findings.js';
import { code, prose, table } from './escape.js';

export function header(report: Report): string[] {
  const facts = [`**Target:** ${code(report.target.path)}`];
  if (report.target.commit) facts.push(`**Commit:** ${code(report.target.commit)}`);
  facts.push(`**Tool:** seaworthy ${report.tool.version}`, `**Score model:** ${code(report.score.model)}`);
  return [`# Production-readiness review: ${code(report.target.path)}`, '', facts.join(' · ')];
}

export function components(report: Report): string[] {
  const out = ['## Components', ''];
  if (report.profile.components.length === 0) return [...out, 'No components were detected.'];
  out.push('Each component is judged by the rules that fit its archetype; the evidence says why it has that archetype.', '');
  const rows = report.profile.components.map((c) => [
    code(c.path),
    `${c.archetype}${c.configured ? ' (configured)' : ''}`,
    c.exposure,
    c.confidence,
    [...c.languages, ...c.frameworks].join(', ') || '—',
    c.evidence.map((e) => `${prose(e.detail)} (${code(at(e.path, e.line))})`).join('; ') || '—',
  ]);
  return [...out, ...table(['component', 'archetype', 'exposure', 'confidence', 'languages, frameworks', 'evidence'], rows)];
}

function scoreTable(report: Report): string[] {
  const applicable = categoryScores(report);
  const out: string[] = [];
  if (applicable.length > 0) {
    out.push('### Score by category', '');
    const lost = applicable.filter((c) => c.lost > 0);
    const full = applicable.filter((c) => c.lost === 0);
    const rows = lost.map((c) => [c.category, `${formatScore(c.score)}/10`, `×${c.weight}`, String(c.findings), c.lost > 0 ? `−${c.lost.toFixed(2)}` : '0']);
    if (rows.length > 0) out.push(...table(['category', 'score', 'weight', 'findings', 'points lost'], rows), '');
    if (full.length > 0) out.push(`10/10: ${full.map((c) => `${c.category}${c.findings > 0 ? ` (${c.findings} finding${c.findings === 1 ? '' : 's'} that cost nothing)` : ''}`).join(', ')}.`, '');
  }
  const na = notApplicable(report);
  const naText = na.length > 0 ? `Not applicable (no rule that ran judges these for the components found): ${na.join(', ')}. ` : '';
  out.push(naText + 'Each point a category loses adds risk in proportion to the category\'s weight; the overall score is 100 × e^(−risk/100). `seaworthy explain --score` lists the finding behind every point lost (see `docs/scoring.md`).');
  return out;
}

export function summary(report: Report, trace: ScoreResult | undefined, points: ReadonlyMap<string, number>): string[] {
  const previews = previewCount(report.findings);
  const counts = `${severityCounts(report.findings).map(([s, n]) => `${n} ${s}`).join(' · ')}${previews > 0 ? ` · ${previews} preview (not scored)` : ''}`;
  const nothing = nothingJudgedLine(report.score);
  if (nothing !== undefined) return ['## Summary', '', `**${nothing}**`];
  const out = ['## Summary', '', `**Score: ${report.score.overall}/100 (grade ${report.score.grade})** — ${counts}`, ''];
  const b = report.baseline;
  if (b) out.push(`**Baseline \`${b.name}\`:** ${b.new} new · ${b.unchanged} unchanged · ${b.fixed} fixed (only new findings count for \`--fail-on\`).`, '');
  const suppressed = report.suppressed ?? [];
  if (suppressed.length > 0) out.push(`**Suppressed inline:** ${suppressed.map((f) => `\`${f.code}\` at \`${f.suppression.path}:${f.suppression.line}\` (${prose(f.suppression.reason)})`).join('; ')}`, '');
  const judged = categoryScores(report).length;
  const total = Object.keys(report.score.categories).length;
  const unconfirmed = report.findings.filter((f) => !countsForScore(f)).length;
  const unconfirmedText = unconfirmed > 0 ? ` ${unconfirmed} low-confidence finding${unconfirmed === 1 ? ' is' : 's are'} listed as unconfirmed and cost${unconfirmed === 1 ? 's' : ''} no points.` : '';
  out.push(`The score covers ${judged} of ${total} categories: the others have no rule that applies to the components found and are not counted (neither 0 nor 10).${report.errors.length > 0 ? ` ${report.errors.length} file${report.errors.length === 1 ? ' was' : 's were'} not (fully) analysed; see "Files not analysed".` : ''}${unconfirmedText}`, '');
  for (const cap of trace?.caps ?? []) {
    out.push(`The score is capped at ${cap.max} (it would be ${trace?.uncapped ?? '?'}) because of ${cap.fingerprints.length} ${cap.severity} finding${cap.fingerprints.length === 1 ? '' : 's'}: strengths and other categories cannot make up for it.`, '');
  }

  out.push('### Top risks', '');
  const risks = topRisks(report, points);
  if (risks.length === 0) out.push('No confirmed blocker, high or medium findings.');
  risks.forEach((r, i) => out.push(`${i + 1}. **${prose(r.group.title)}** (${r.group.code}, ${r.group.severity}): ${prose(r.text)}`));
  out.push('');
  out.push(...scoreTable(report));
  return out;
}
