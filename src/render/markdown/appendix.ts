/** The reference tables at the end of the Markdown review: environment, dependencies, debt, errors, metrics. */
import type { Report } from '../../model/report.js';
import { at, groupBy } from '../review/data.js';
import { debtRows, dependencyRows } from '../review/ledgers.js';
import { metricRows, type MetricRow } from '../review/metrics.js';
import { envRows, lockfiles, manifestRows } from '../review/profile-view.js';
import { code, prose, table } from './escape.js';

const yes = (b: boolean): string => (b ? 'yes' : 'no');

/** Rows of one appendix table in the Markdown review; the JSON and HTML reports hold them all. */
const ROWS_SHOWN = 5;

function capped<T>(rows: readonly T[], what: string): { shown: T[]; note: string[] } {
  if (rows.length <= ROWS_SHOWN) return { shown: [...rows], note: [] };
  return { shown: rows.slice(0, ROWS_SHOWN), note: ['', `…and ${rows.length - ROWS_SHOWN} more ${what} in the JSON report (\`-o report.json\`).`] };
}

export function environment(report: Report): string[] {
  const out = ['## Environment variables', ''];
  const rows = envRows(report);
  if (rows.length === 0) return [...out, 'No environment variable reads were found.', ''];
  const production = rows.filter((r) => r.production);
  const required = production.filter((r) => r.required);
  out.push(`${production.length} read by code that ships (${required.length} required: no default), ${rows.length - production.length} only by tests, scripts or tool configuration. "Documented" means named in docs, an .env example, compose, Kubernetes or a Dockerfile.`, '');
  const { shown, note } = capped(rows, 'variables');
  out.push(
    ...table(
      ['variable', 'required', 'default', 'documented', 'set in CI', 'read by', 'read at'],
      shown.map((r) => [
        code(r.name),
        r.required ? '**required**' : 'optional',
        r.default === undefined ? '—' : code(r.default),
        r.documented.length ? r.documented.map(code).join(', ') : 'no',
        yes(r.providedInCi),
        r.production ? 'code' : 'tooling',
        `${code(r.readAt)}${r.reads > 1 ? ` +${r.reads - 1}` : ''}`,
      ]),
    ),
    ...note,
  );
  return [...out, ''];
}

export function dependencies(report: Report): string[] {
  const out = ['## Dependencies', ''];
  const rows = dependencyRows(report);
  if (rows.length === 0) out.push('No dependency problems found (undeclared or unused packages).', '');
  else {
    const { shown, note } = capped(rows, 'packages');
    out.push(...table(['package', 'problem', 'component', 'evidence', 'rule'], shown.map((r) => [code(r.name), r.problem, code(r.component), `${code(r.evidence)}${r.places > 1 ? ` +${r.places - 1}` : ''}`, r.code])), ...note, '');
  }
  const manifests = manifestRows(report);
  if (manifests.length > 0) {
    out.push('Manifests:', '', ...table(['manifest', 'ecosystem', 'runtime', 'dev', 'other'], manifests.map((m) => [code(m.path), m.ecosystem, String(m.runtime), String(m.dev), String(m.other)])), '');
  }
  const locks = lockfiles(report);
  out.push(locks.length > 0 ? `Lock files: ${locks.map(code).join(', ')}.` : 'No lock files found.', '');
  return out;
}

export function debt(report: Report): string[] {
  const out = ['## Debt', ''];
  const rows = debtRows(report);
  if (rows.length === 0) return [...out, 'No TODO/FIXME/XXX/HACK markers or stubs found.', ''];
  const counts = [...groupBy(rows, (r) => r.kind)].map(([kind, list]) => `${kind === 'marker' ? 'TODO/FIXME/XXX/HACK markers' : prose(kind)}: ${list.length}`);
  out.push(`${counts.join(' · ')}.`, '');
  const { shown, note } = capped(rows, 'items');
  out.push(...table(['kind', 'location', 'text'], shown.map((r) => [r.kind === 'marker' ? 'marker' : prose(r.kind), code(r.location), r.text === '' ? '—' : r.isSource ? code(r.text) : prose(r.text)])), ...note);
  return [...out, ''];
}

export function analysisErrors(report: Report): string[] {
  if (report.errors.length === 0) return [];
  const out = ['## Files not analysed', '', 'These files were skipped or only partly analysed; findings in them may be missing.', ''];
  out.push(...table(['file', 'problem', 'detail'], report.errors.map((e) => [code(at(e.path, e.line)), e.kind, prose(e.message)])));
  return [...out, ''];
}

function metricValue(r: MetricRow): string {
  if (!r.items) return prose(r.value);
  if (r.items.length === 0) return r.value;
  return `${r.items.map(code).join(', ')}${r.more ? ` and ${r.more} more` : ''}`;
}

/**
 * Three or more rows that break one metric down (`byLanguage.python`, `byLanguage.javascript`, …) become one row:
 * the same counts, a third of the lines.
 */
function mergeBreakdowns(rows: readonly MetricRow[]): Array<{ key: string; value: string; definition: string }> {
  const out: Array<{ key: string; value: string; definition: string; prefix?: string; parts: number }> = [];
  for (const r of rows) {
    const key = `${r.group}.${r.key}`;
    const dot = r.key.lastIndexOf('.');
    const prefix = dot > 0 && !r.items ? `${r.group}.${r.key.slice(0, dot)}` : undefined;
    const last = out[out.length - 1];
    const siblings = rows.filter((x) => !x.items && `${x.group}.${x.key}`.startsWith(`${prefix}.`)).length;
    if (prefix && siblings >= 3 && last?.prefix === prefix) {
      last.value = `${last.value}; ${r.key.slice(dot + 1)}: ${prose(r.value)}`;
      if (!last.definition && r.definition) last.definition = prose(r.definition);
      last.parts += 1;
    } else if (prefix && siblings >= 3) {
      out.push({ key: prefix, value: `${r.key.slice(dot + 1)}: ${prose(r.value)}`, definition: r.definition ? prose(r.definition) : '', prefix, parts: 1 });
    } else {
      out.push({ key, value: metricValue(r), definition: r.definition ? prose(r.definition) : '', parts: 1 });
    }
  }
  return out;
}

export function metricsAppendix(report: Report): string[] {
  const out = ['## Appendix: metrics', ''];
  const rows = metricRows(report.metrics);
  if (rows.length === 0) return [...out, 'No metrics in this report.', ''];
  out.push('Exact counts, each with what it counted, so they can be checked with grep or the test runner.', '');
  out.push(...table(['metric', 'value', 'definition'], mergeBreakdowns(rows).map((r) => [code(r.key), r.value, r.definition])), '');
  return out;
}
