/** The parts of `report.profile` a review shows: environment variables, test and CI inventory, manifests. */
import type { Report } from '../../model/report.js';
import { asArray, asRecord, at, num, str } from './data.js';
import { byCodePoint } from '../../util/order.js';

export interface EnvRow {
  name: string;
  required: boolean;
  /** The default where it is read (masked by the audit when it is a secret). */
  default?: string;
  /** Where it is documented (docs, .env files, compose, Kubernetes, Dockerfile), as path:line. */
  documented: string[];
  providedInCi: boolean;
  /** First place it is read, path:line. */
  readAt: string;
  reads: number;
  /** Read by code that ships (not only tests, scripts or tool configuration). */
  production: boolean;
}

/** Every variable read, production ones first, by name. */
export function envRows(report: Report): EnvRow[] {
  const env = asRecord(report.profile['env']);
  const rows = asArray(env?.['read']).flatMap((value): EnvRow[] => {
    const r = asRecord(value);
    const name = str(r?.['name']);
    if (!r || !name) return [];
    const locations = asArray(r['locations']).map(asRecord);
    const first = locations[0];
    const hasDefault = r['hasDefault'] === true || r['required'] === false;
    const row: EnvRow = {
      name,
      required: typeof r['required'] === 'boolean' ? r['required'] : !hasDefault,
      documented: asArray(r['documented']).flatMap((d) => {
        const w = asRecord(d);
        const path = str(w?.['path']);
        return path ? [at(path, num(w?.['line']))] : [];
      }),
      providedInCi: r['providedInCi'] === true,
      readAt: first ? at(str(first['path']) ?? '?', num(first['line'])) : '—',
      reads: locations.length,
      production: r['production'] !== false,
    };
    const fallback = str(r['default']);
    if (fallback !== undefined) row.default = fallback;
    return [row];
  });
  return rows.sort((a, b) => Number(b.production) - Number(a.production) || byCodePoint(a.name, b.name));
}

export interface TestView {
  files: number;
  tests: number;
  byTier: Record<'unit' | 'integration' | 'e2e', { files: number; tests: number }>;
  frameworks: string[];
  /** CI steps that run tests, as workflow path:line and the runner. */
  ciTestSteps: string[];
  /** Whether any CI workflow was found. */
  hasCi: boolean;
}

export function testView(report: Report): TestView | undefined {
  const tests = asRecord(report.profile['tests']);
  if (!tests) return undefined;
  const files = asArray(tests['files']).map(asRecord);
  const tier = (name: string): { files: number; tests: number } => {
    const t = asRecord(asRecord(tests['byTier'])?.[name]);
    return { files: num(t?.['files']) ?? 0, tests: num(t?.['tests']) ?? 0 };
  };
  const workflows = asArray(asRecord(report.profile['ci'])?.['workflows']).map(asRecord);
  const ciTestSteps: string[] = [];
  for (const w of workflows) {
    for (const j of asArray(w?.['jobs']).map(asRecord)) {
      for (const s of asArray(j?.['steps']).map(asRecord)) {
        for (const t of asArray(s?.['tests']).map(asRecord)) ciTestSteps.push(`${at(str(w?.['path']) ?? '?', num(s?.['line']))} (${str(t?.['runner']) ?? 'tests'})`);
      }
    }
  }
  return {
    files: files.length,
    tests: files.reduce((n, f) => n + (num(f?.['tests']) ?? 0), 0),
    byTier: { unit: tier('unit'), integration: tier('integration'), e2e: tier('e2e') },
    frameworks: asArray(tests['frameworks']).flatMap((f) => (typeof f === 'string' ? [f] : [])),
    ciTestSteps,
    hasCi: workflows.length > 0,
  };
}

export interface HealthEndpoint {
  route: string;
  at: string;
}

export function healthEndpoints(report: Report): HealthEndpoint[] {
  return asArray(asRecord(report.profile['runtime'])?.['health']).flatMap((value) => {
    const h = asRecord(value);
    const route = str(h?.['route']);
    return route ? [{ route: `${str(h?.['method']) ?? ''} ${route}`.trim(), at: at(str(h?.['path']) ?? '?', num(h?.['line'])) }] : [];
  });
}

export interface ManifestRow {
  path: string;
  ecosystem: string;
  runtime: number;
  dev: number;
  other: number;
}

export function manifestRows(report: Report): ManifestRow[] {
  return asArray(report.profile['manifests']).flatMap((value) => {
    const m = asRecord(value);
    const path = str(m?.['path']);
    if (!m || !path) return [];
    const kinds = asArray(m['dependencies']).map((d) => str(asRecord(d)?.['kind']) ?? 'runtime');
    const runtime = kinds.filter((k) => k === 'runtime').length;
    const dev = kinds.filter((k) => k === 'dev').length;
    return [{ path, ecosystem: str(m['ecosystem']) ?? '?', runtime, dev, other: kinds.length - runtime - dev }];
  });
}

export function lockfiles(report: Report): string[] {
  return asArray(report.profile['lockfiles']).flatMap((l) => (typeof l === 'string' ? [l] : []));
}
