/** Findings in the Markdown review: blockers and highs in full, medium and low grouped by category and rule. */
import { CATEGORIES, type Finding, type Report } from '../../model/report.js';
import { noPointsMark } from '../../score/model.js';
import { at, groupBy } from '../review/data.js';
import { severityCounts, where } from '../review/findings.js';
import { verifyCommands } from '../review/verify.js';
import { categoryTitle } from './category-title.js';
import { code, fence, prose } from './escape.js';

function evidence(f: Finding): string {
  const width = Math.min(48, Math.max(...f.locations.map((l) => at(l.path, l.line).length)));
  return f.locations.map((l) => `${at(l.path, l.line).padEnd(width)}  ${l.snippet}`).join('\n');
}

function archetypeOf(report: Report, component: string): string {
  return report.profile.components.find((c) => c.path === component)?.archetype ?? 'component';
}

function detailed(report: Report, f: Finding, index: number, points: ReadonlyMap<string, number>): string[] {
  const cost = points.get(f.fingerprint);
  const out = [
    `### ${index}. ${f.severity.toUpperCase()} · ${f.code} ${prose(f.title)} — ${code(where(f))}${f.baselineState === 'new' ? ' (new)' : ''}`,
    '',
    [
      `**Component:** ${code(f.component)} (${archetypeOf(report, f.component)})`,
      `**Category:** ${f.category}`,
      `**Confidence:** ${f.confidence}${noPointsMark(f) ? ` (${noPointsMark(f)}: costs no points)` : ''}`,
      cost !== undefined ? `**Costs:** ${cost} point${cost === 1 ? '' : 's'} of ${f.category}` : '',
      `**Fingerprint:** ${code(f.fingerprint)}`,
    ]
      .filter(Boolean)
      .join(' · '),
    '',
    `**Location${f.locations.length === 1 ? '' : 's'}:** ${f.locations.map((l) => code(at(l.path, l.line))).join(', ')}`,
    '',
    `**Issue.** ${prose(f.message)}`,
    '',
    fence(evidence(f), 'text'),
    '',
  ];
  if (f.impact) out.push(`**Impact.** ${prose(f.impact)}`, '');
  out.push(`**Fix.** ${prose(f.fix)}`, '');
  if (f.acceptance) out.push(`**Acceptance criteria.** ${prose(f.acceptance)}`, '');
  const verify = verifyCommands(f);
  out.push('**Verify by hand** (from the audited folder):', '', fence(verify.commands.join('\n'), 'sh'));
  if (verify.more > 0) out.push('', `…and ${verify.more} more file${verify.more === 1 ? '' : 's'} listed under Locations.`);
  out.push('');
  return out;
}

export function blockersAndHighs(report: Report, points: ReadonlyMap<string, number>): string[] {
  const list = report.findings.filter((f) => f.severity === 'blocker' || f.severity === 'high');
  const out = ['## Blockers and high findings', ''];
  if (list.length === 0) return [...out, 'None.', ''];
  out.push(`Verification commands print the evidence from the audited folder (${code(report.target.path)}). \`seaworthy explain FINGERPRINT\` says more about any finding.`, '');
  list.forEach((f, i) => out.push(...detailed(report, f, i + 1, points)));
  return out;
}

export function mediumAndLow(report: Report): string[] {
  const list = report.findings.filter((f) => f.severity === 'medium' || f.severity === 'low');
  const out = ['## Medium and low findings', ''];
  if (list.length === 0) return [...out, 'None.', ''];
  return [...out, ...byCategoryAndRule(list)];
}

/** Info findings other than debt markers (those are in the debt table). */
export function informational(report: Report): string[] {
  const list = report.findings.filter((f) => f.severity === 'info' && f.category !== 'debt');
  if (list.length === 0) return [];
  return ['## Informational findings', '', 'These cost no points; they record facts worth knowing.', '', ...byCategoryAndRule(list)];
}

function byCategoryAndRule(list: readonly Finding[]): string[] {
  const out: string[] = [];
  const byCategory = groupBy(list, (f) => f.category);
  for (const category of CATEGORIES) {
    const findings = byCategory.get(category);
    if (!findings) continue;
    out.push(`### ${categoryTitle(category)} (${findings.length})`, '');
    for (const [, group] of groupBy(findings, (f) => f.id)) {
      const first = group[0] as Finding;
      const bySeverity = severityCounts(group)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
      out.push(`**${first.code} ${prose(first.title)}** — ${bySeverity}. Fix: ${prose(first.fix)}`, '');
      for (const f of group) {
        const flags = [f.component === '.' ? '' : code(f.component), noPointsMark(f)].filter(Boolean).join(', ');
        out.push(`- ${f.severity} · ${code(where(f))}${flags ? ` (${flags})` : ''}: ${prose(f.message)} — ${code(f.fingerprint)}`);
      }
      out.push('');
    }
  }
  return out;
}
