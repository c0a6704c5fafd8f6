/**
 * Findings in the Markdown review: blockers and highs one entry per rule in full, medium and lower grouped by
 * category and rule with their first places and a count. The full list is in the JSON, SARIF and HTML reports.
 */
import { CATEGORIES, type Finding, type Report } from '../../model/report.js';
import { noPointsMark } from '../../score/model.js';
import { at, groupBy } from '../review/data.js';
import { compareGroups, groupByRule, listPlaces, severityCounts, where, type RuleGroup } from '../review/findings.js';
import { verifyCommands } from '../review/verify.js';
import { categoryTitle } from './category-title.js';
import { code, fence, prose } from './escape.js';

/** Locations of a rule group shown in full (blockers and highs), and in the grouped lists (medium and lower). */
const EVIDENCE_SHOWN = 5;
const LISTED = 2;

function evidence(findings: readonly Finding[]): string {
  const locations = findings.flatMap((f) => f.locations.slice(0, findings.length === 1 ? undefined : 1));
  const width = Math.min(48, Math.max(...locations.map((l) => at(l.path, l.line).length)));
  return locations.map((l) => `${at(l.path, l.line).padEnd(width)}  ${l.snippet}`).join('\n');
}

function archetypeOf(report: Report, component: string): string {
  return report.profile.components.find((c) => c.path === component)?.archetype ?? 'component';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The fix of a group: one text, two when the places need different advice, else the first place's. */
function groupFix(findings: readonly Finding[]): string {
  const fixes = [...new Set(findings.map((f) => f.fix))];
  if (fixes.length <= 2) return fixes.join(' ');
  return `${fixes[0] ?? ''} (The fix differs by place: each finding's own is in the JSON report.)`;
}

function locationsLine(first: Finding, shown: readonly Finding[], rest: readonly Finding[]): string {
  if (shown.length === 1) return `**Locations:** ${first.locations.map((l) => code(at(l.path, l.line))).join(', ')}`;
  return `**Locations:** ${shown.map((f) => code(where(f))).join(', ')}${rest.length > 0 ? ` and ${rest.length} more: ${listPlaces(rest.map(where), 10, code)}` : ''}`;
}

/** One rule at one severity, in full: where, what, the impact, the fix, how to know it is done, how to check it. */
function detailed(report: Report, group: RuleGroup, index: number, points: ReadonlyMap<string, number>): string[] {
  const first = group.findings[0] as Finding;
  const shown = group.findings.slice(0, EVIDENCE_SHOWN);
  const rest = group.findings.slice(EVIDENCE_SHOWN);
  const count = group.findings.length;
  const isNew = group.findings.filter((f) => f.baselineState === 'new').length;
  const components = [...new Set(group.findings.map((f) => f.component))].map((c) => `${code(c)} (${archetypeOf(report, c)})`);
  const unconfirmed = group.findings.filter((f) => noPointsMark(f)).length;
  const cost = Math.round(group.findings.reduce((n, f) => n + (points.get(f.fingerprint) ?? 0), 0) * 100) / 100;
  const heading = count === 1 ? code(where(first)) : `${count} places`;
  const out = [
    `### ${index}. ${group.severity.toUpperCase()} · ${group.code} ${prose(group.title)} — ${heading}${isNew > 0 ? ` (${isNew === count ? 'new' : `${isNew} new`})` : ''}`,
    '',
    [
      `**Component${components.length === 1 ? '' : 's'}:** ${components.join(', ')}`,
      `**Category:** ${group.category}`,
      `**Confidence:** ${first.confidence}${unconfirmed > 0 ? ` (${unconfirmed === count ? '' : `${unconfirmed} of ${count} `}${noPointsMark(first) || 'unconfirmed'}: no points)` : ''}`,
      cost > 0 ? `**Costs:** ${cost} point${cost === 1 ? '' : 's'} of ${group.category}` : '',
      count === 1 ? `**Fingerprint:** ${code(first.fingerprint)}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    '',
    ...(count === 1 && first.locations.length === 1 ? [] : [locationsLine(first, shown, rest), '']),
    `**Issue.** ${prose(first.message)}${count > 1 ? ` (the first of ${count}; each place's own message is in the JSON report)` : ''}`,
    fence(evidence(shown), 'text'),
  ];
  const fix = prose(groupFix(group.findings));
  out.push(...[first.impact ? `- **Impact.** ${prose(first.impact)}` : '', `- **Fix.** ${fix}`, first.acceptance ? `- **Acceptance criteria.** ${prose(first.acceptance)}` : ''].filter(Boolean), '');
  const verify = verifyCommands({ locations: shown.flatMap((f) => f.locations.slice(0, count === 1 ? undefined : 1)) });
  const more = verify.more > 0 ? ` (and ${plural(verify.more, 'more file')} listed under Locations)` : '';
  out.push(`**Verify by hand** (from the audited folder${more}): ${verify.commands.map(code).join(' · ')}`, '');
  return out;
}

export function blockersAndHighs(report: Report, points: ReadonlyMap<string, number>): string[] {
  const list = report.findings.filter((f) => f.severity === 'blocker' || f.severity === 'high');
  const out = ['## Blockers and high findings', ''];
  if (list.length === 0) return [...out, 'None.', ''];
  const groups = groupByRule(list, points).sort(compareGroups);
  out.push(
    `${plural(list.length, 'finding')} of ${plural(groups.length, 'rule')}, one entry per rule. Verification commands print the evidence from the audited folder (${code(report.target.path)}); \`seaworthy explain FINGERPRINT\` says more about any finding (the fingerprint of each is in the JSON report).`,
    '',
  );
  groups.forEach((g, i) => out.push(...detailed(report, g, i + 1, points)));
  return out;
}

export function mediumAndLow(report: Report): string[] {
  const list = report.findings.filter((f) => f.severity === 'medium' || f.severity === 'low');
  const out = ['## Medium and low findings', ''];
  if (list.length === 0) return [...out, 'None.', ''];
  return [...out, `${plural(list.length, 'finding')}, grouped by rule: the first ${LISTED} places of each, and the count. The JSON, SARIF and HTML reports list every one.`, '', ...byCategoryAndRule(list)];
}

/** Info findings other than debt markers and dependency problems (those are in the debt and dependency tables). */
export function informational(report: Report): string[] {
  const list = report.findings.filter((f) => f.severity === 'info' && f.category !== 'debt' && f.category !== 'dependencies');
  if (list.length === 0) return [];
  return ['## Informational findings', '', 'These cost no points; they record facts worth knowing.', '', ...byCategoryAndRule(list)];
}

/** One paragraph per rule, in category order: counts and fix, then the first places and how many more. */
function byCategoryAndRule(list: readonly Finding[]): string[] {
  const out: string[] = [];
  const byCategory = groupBy(list, (f) => f.category);
  for (const category of CATEGORIES) {
    for (const [, group] of groupBy(byCategory.get(category) ?? [], (f) => f.id)) {
      const first = group[0] as Finding;
      const bySeverity = severityCounts(group)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
      out.push(`**${first.code} ${prose(first.title)}** (${categoryTitle(category).toLowerCase()}) — ${bySeverity}. Fix: ${prose(groupFix(group))}`);
      for (const f of group.slice(0, LISTED)) {
        const flags = [f.component === '.' ? '' : code(f.component), noPointsMark(f)].filter(Boolean).join(', ');
        out.push(`- ${f.severity} · ${code(where(f))}${flags ? ` (${flags})` : ''}: ${prose(f.message)} — ${code(f.fingerprint)}`);
      }
      if (group.length > LISTED) out.push(`- …and ${group.length - LISTED} more: ${listPlaces(group.slice(LISTED).map(where), 5, code)}`);
      out.push('');
    }
  }
  return out;
}
