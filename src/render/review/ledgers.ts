/** The review's ledgers: dependency problems and debt (TODO markers, stubs), each row with its location. */
import type { Finding, Report } from '../../model/report.js';
import { asArray, asRecord, str } from './data.js';
import { where } from './findings.js';
import { byCodePoint } from '../../util/order.js';

export interface DependencyRow {
  /** The package the finding is about: the first `code` span of its message. */
  name: string;
  /** `undeclared`, `unused`, or the rule's title for other dependency problems. */
  problem: string;
  component: string;
  evidence: string;
  places: number;
  code: string;
}

function packageName(f: Finding): string {
  return /`([^`]+)`/.exec(f.message)?.[1] ?? '—';
}

function dependencyProblem(f: Finding): string {
  if (f.id === 'undeclared-dependency') return 'undeclared';
  if (f.id === 'unused-dependency') return 'unused';
  return f.title;
}

export function dependencyRows(report: Report): DependencyRow[] {
  return report.findings
    .filter((f) => f.category === 'dependencies')
    .map((f) => ({ name: packageName(f), problem: dependencyProblem(f), component: f.component, evidence: where(f), places: f.locations.length, code: f.code }))
    .sort((a, b) => byCodePoint(a.problem, b.problem) || byCodePoint(a.name, b.name) || byCodePoint(a.component, b.component));
}

export interface DebtRow {
  kind: string;
  location: string;
  /** A marker's source line, or a finding's message. */
  text: string;
  /** Whether `text` is source code (a marker line) rather than prose. */
  isSource: boolean;
}

/**
 * TODO/FIXME/XXX/HACK markers (metrics.debt.markers, with their text from debt-marker findings where there is
 * one), then every other debt finding (stubs, placeholders), by location.
 */
export function debtRows(report: Report): DebtRow[] {
  const markerText = new Map<string, string>();
  for (const f of report.findings.filter((x) => x.id === 'debt-marker')) {
    const l = f.locations[0];
    if (l) markerText.set(`${l.path}:${l.line}`, l.snippet);
  }
  const markers = asRecord(asRecord(asRecord(report.metrics['debt'])?.['markers']));
  const rows: DebtRow[] = asArray(markers?.['locations']).flatMap((value) => {
    const location = str(value);
    return location ? [{ kind: 'marker', location, text: markerText.get(location) ?? '', isSource: true }] : [];
  });
  const listed = new Set(rows.map((r) => r.location));
  for (const [location, text] of markerText) if (!listed.has(location)) rows.push({ kind: 'marker', location, text, isSource: true });
  for (const f of report.findings) {
    if (f.category !== 'debt' || f.id === 'debt-marker') continue;
    rows.push({ kind: f.title, location: where(f), text: f.message, isSource: false });
  }
  return rows;
}
