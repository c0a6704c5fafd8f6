/** The fixture report is a valid report: it follows the schema and the ordering rules of the contract. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/model/report.js';
import { loadReport } from '../helpers/report.js';

describe('test/data/report.json', () => {
  const report = loadReport();

  it('validates against schema/report.v1.json', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'report.v1.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    validate(report);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('covers every severity, strengths, non-goals, errors, env and metrics', () => {
    expect(new Set(report.findings.map((f) => f.severity))).toEqual(new Set(SEVERITIES));
    expect(new Set(report.findings.map((f) => f.category)).size).toBeGreaterThanOrEqual(5);
    expect(report.findings.some((f) => f.confidence === 'low')).toBe(true);
    expect(report.strengths.length).toBeGreaterThan(0);
    expect(report.nonGoals.length).toBeGreaterThan(0);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(Object.keys(report.metrics)).toEqual(expect.arrayContaining(['files', 'errorHandling', 'logging', 'functions', 'tests', 'debt', 'env']));
  });

  it('orders findings by severity, then path, then line', () => {
    const keys = report.findings.map((f) => `${SEVERITIES.indexOf(f.severity)}\u0000${f.locations[0]?.path ?? ''}\u0000${String(f.locations[0]?.line ?? 0).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });
});
