/**
 * The metrics appendix: `report.metrics` flattened into rows (key, value, definition). Generic on purpose: new
 * metrics appear without renderer changes. A record's `definition` (and `scope`) describes its first row; a
 * record of numbers (counts by language, by level, by tier) becomes one row.
 */
import { asRecord, num, str } from './data.js';

export interface MetricRow {
  group: string;
  key: string;
  /** A number, a text, or `k n, k n` for a record of numbers; empty when the row is a list. */
  value: string;
  /** List items (locations, top functions), at most LIST_MAX. */
  items?: string[];
  /** Items left out of `items`. */
  more?: number;
  definition?: string;
}

const LIST_MAX = 10;

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function describeItem(value: unknown): string {
  const r = asRecord(value);
  if (!r) return String(value);
  const name = str(r['name']);
  const location = str(r['location']);
  const pairs = (entries: Array<[string, unknown]>): string[] => entries.map(([k, v]) => `${k} ${scalar(v)}`);
  if (name !== undefined && location !== undefined) return `${name} (${[location, ...pairs(Object.entries(r).filter(([k]) => k !== 'name' && k !== 'location'))].join(', ')})`;
  return pairs(Object.entries(r)).join(', ');
}

function isCounts(record: Record<string, unknown>): boolean {
  const values = Object.values(record);
  return values.length > 0 && values.every((v) => num(v) !== undefined);
}

function flatten(group: string, key: string, value: unknown, rows: MetricRow[]): void {
  if (Array.isArray(value)) {
    rows.push({ group, key, value: value.length === 0 ? 'none' : '', items: value.slice(0, LIST_MAX).map(describeItem), more: Math.max(0, value.length - LIST_MAX) });
    return;
  }
  const record = asRecord(value);
  if (!record) {
    rows.push({ group, key, value: scalar(value) });
    return;
  }
  if (key !== '' && isCounts(record)) {
    rows.push({ group, key, value: Object.entries(record).map(([k, v]) => `${k} ${scalar(v)}`).join(', ') });
    return;
  }
  const start = rows.length;
  const definition = [str(record['definition']), str(record['scope'])].filter((d): d is string => d !== undefined).join('; ');
  for (const [k, v] of Object.entries(record)) {
    if (k === 'definition' || k === 'scope') continue;
    flatten(group, k === 'count' && key !== '' ? key : key === '' ? k : `${key}.${k}`, v, rows);
  }
  const first = rows[start];
  if (definition !== '' && first && first.definition === undefined) first.definition = definition;
  if (definition !== '' && !first) rows.push({ group, key: key || group, value: '', definition });
}

export function metricRows(metrics: Record<string, unknown>): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const [group, value] of Object.entries(metrics)) flatten(group, '', value, rows);
  return rows;
}
