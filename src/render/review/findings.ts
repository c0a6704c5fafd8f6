/** Findings as a review presents them: counted, grouped by rule, ranked into top risks and a checklist. */
import { SEVERITIES, type Category, type Finding, type Report, type Severity } from '../../model/report.js';
import { countsForScore } from '../../score/model.js';
import { at } from './data.js';
import { byCodePoint } from '../../util/order.js';

export const SEVERITY_RANK: Record<Severity, number> = { blocker: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Findings per severity; preview findings (listed only with --preview, never scored) are counted apart. */
export function severityCounts(findings: readonly Finding[]): Array<[Severity, number]> {
  return SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s && f.preview !== true).length]);
}

export function previewCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.preview === true).length;
}

export function where(f: Finding): string {
  const l = f.locations[0];
  return l ? at(l.path, l.line) : f.component;
}

/** The findings of one rule (at one severity), worst first as the report orders them. */
export interface RuleGroup {
  id: string;
  code: string;
  title: string;
  category: Category;
  severity: Severity;
  findings: Finding[];
  /** Points the group cost its category (0 when unknown or free). */
  points: number;
}

/** One group per rule and severity, in report order of their first finding. */
export function groupByRule(findings: readonly Finding[], points: ReadonlyMap<string, number> = new Map()): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of findings) {
    const key = `${f.id}\u0000${f.severity}`;
    let g = groups.get(key);
    if (!g) {
      g = { id: f.id, code: f.code, title: f.title, category: f.category, severity: f.severity, findings: [], points: 0 };
      groups.set(key, g);
    }
    g.findings.push(f);
    g.points += points.get(f.fingerprint) ?? 0;
  }
  return [...groups.values()];
}

/** Worst first: severity, then points lost, then how many, then code. */
export function compareGroups(a: RuleGroup, b: RuleGroup): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.points - a.points || b.findings.length - a.findings.length || byCodePoint(a.code, b.code);
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?:)]$/.test(t) ? t : `${t}.`;
}

export interface Risk {
  group: RuleGroup;
  /** One sentence: the worst finding's message and where. */
  text: string;
}

/** The few rules that matter most (blocker to medium, confirmed), one sentence each. */
export function topRisks(report: Report, points: ReadonlyMap<string, number>, limit = 5): Risk[] {
  const serious = report.findings.filter((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK.medium && countsForScore(f));
  return groupByRule(serious, points)
    .sort(compareGroups)
    .slice(0, limit)
    .map((group) => {
      const first = group.findings[0] as Finding;
      const more = group.findings.length > 1 ? ` (${group.findings.length} findings of this rule)` : '';
      return { group, text: `${sentence(first.message)}${more}` };
    });
}

export type ChecklistTier = 'must' | 'should' | 'nice';

export const CHECKLIST_TIERS: ReadonlyArray<{ tier: ChecklistTier; title: string; rule: string }> = [
  { tier: 'must', title: 'Must fix before production', rule: 'blocker and high findings' },
  { tier: 'should', title: 'Should fix before daily use', rule: 'medium findings, and unconfirmed blocker/high findings to check' },
  { tier: 'nice', title: 'Nice to have', rule: 'low findings' },
];

/** Which list a finding belongs on; info findings are on none (they are inventory, not work). */
function checklistTier(f: Finding): ChecklistTier | undefined {
  if (f.severity === 'info') return undefined;
  if (f.severity === 'blocker' || f.severity === 'high') return countsForScore(f) ? 'must' : 'should';
  if (f.severity === 'medium') return countsForScore(f) ? 'should' : 'nice';
  return 'nice';
}

export interface ChecklistItem {
  tier: ChecklistTier;
  code: string;
  title: string;
  component: string;
  severity: Severity;
  unconfirmed: boolean;
  places: string[];
  acceptance?: string;
}

/** One item per rule and component in each tier, worst first. */
export function checklist(findings: readonly Finding[]): ChecklistItem[] {
  const items = new Map<string, ChecklistItem>();
  for (const f of findings) {
    const tier = checklistTier(f);
    if (!tier) continue;
    const key = `${tier}\u0000${f.code}\u0000${f.component}\u0000${countsForScore(f) ? '' : 'unconfirmed'}`;
    let item = items.get(key);
    if (!item) {
      item = { tier, code: f.code, title: f.title, component: f.component, severity: f.severity, unconfirmed: !countsForScore(f), places: [], ...(f.acceptance ? { acceptance: f.acceptance } : {}) };
      items.set(key, item);
    }
    if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[item.severity]) item.severity = f.severity;
    item.places.push(where(f));
  }
  const order: Record<ChecklistTier, number> = { must: 0, should: 1, nice: 2 };
  return [...items.values()].sort(
    (a, b) => order[a.tier] - order[b.tier] || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byCodePoint(a.code, b.code) || byCodePoint(a.component, b.component),
  );
}

/** `a`, `b`, `c` and N more. */
export function listPlaces(places: readonly string[], max = 5, quote: (s: string) => string = (s) => s): string {
  const shown = places.slice(0, max).map(quote).join(', ');
  return places.length > max ? `${shown} and ${places.length - max} more` : shown;
}
