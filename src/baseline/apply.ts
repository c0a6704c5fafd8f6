/**
 * Compare a report with a baseline, one-to-one by fingerprint (pure). Fingerprints already carry an occurrence
 * index; the matching is a multiset as well, so one baseline entry accepts exactly one current finding and a
 * second occurrence of an accepted pattern is new.
 */
import type { BaselineEntry, BaselineSummary, Finding, Report } from '../model/report.js';

export interface Baseline {
  source: BaselineSummary['source'];
  name: string;
  commit?: string;
  /** What the baseline saw: its findings and its inline-suppressed findings. */
  entries: BaselineEntry[];
}

/** The entries of a report used as a baseline: findings and suppressed findings alike. */
export function baselineEntries(report: Pick<Report, 'findings' | 'suppressed'>): BaselineEntry[] {
  return [...report.findings, ...(report.suppressed ?? [])].map((f) => ({
    id: f.id,
    code: f.code,
    severity: f.severity,
    title: f.title,
    fingerprint: f.fingerprint,
    path: f.locations[0]?.path ?? '',
    line: f.locations[0]?.line ?? 1,
  }));
}

export function applyBaseline(report: Report, baseline: Baseline): Report {
  const remaining = new Map<string, number>();
  for (const entry of baseline.entries) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const take = (fingerprint: string): boolean => {
    const left = remaining.get(fingerprint) ?? 0;
    if (left === 0) return false;
    remaining.set(fingerprint, left - 1);
    return true;
  };
  const findings: Finding[] = report.findings.map((f) => ({ ...f, baselineState: take(f.fingerprint) ? 'unchanged' : 'new' }));
  // A finding now suppressed inline is still present: it is not fixed.
  for (const s of report.suppressed ?? []) take(s.fingerprint);
  const fixedFindings = baseline.entries.filter((entry) => {
    const left = remaining.get(entry.fingerprint) ?? 0;
    if (left === 0) return false;
    remaining.set(entry.fingerprint, left - 1);
    return true;
  });
  const summary: BaselineSummary = {
    source: baseline.source,
    name: baseline.name,
    ...(baseline.commit ? { commit: baseline.commit } : {}),
    new: findings.filter((f) => f.baselineState === 'new').length,
    unchanged: findings.filter((f) => f.baselineState === 'unchanged').length,
    fixed: fixedFindings.length,
    fixedFindings,
  };
  return { ...report, findings, baseline: summary };
}
