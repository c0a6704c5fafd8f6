/**
 * Inline suppressions: exact parsing (odd spacing never widens a suppression), a required reason, the line or the
 * line before, unused and unknown ones reported, and suppressed findings moved to suppressed[] with their reason.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { applyBaseline, baselineEntries } from '../src/baseline/apply.js';
import { applySuppressions, parseDirective, type SuppressionDirective } from '../src/engine/suppress.js';
import type { Report } from '../src/model/report.js';
import renderJson from '../src/render/json.js';

describe('parsing a directive', () => {
  it.each([
    ['# seaworthy: ignore[TMO001] the CLI waits for the user', ['TMO001'], 'the CLI waits for the user'],
    ['// seaworthy: ignore[http-call-without-timeout] retried by the queue', ['http-call-without-timeout'], 'retried by the queue'],
    ['#   seaworthy:ignore[ TMO001 ]   spaced out  ', ['TMO001'], 'spaced out'],
    ['# seaworthy: ignore [TMO001,ERR001] - both are handled by the supervisor', ['TMO001', 'ERR001'], 'both are handled by the supervisor'],
    ['# seaworthy: ignore[ TMO001 ,  ERR001 ]: owned by the platform team', ['TMO001', 'ERR001'], 'owned by the platform team'],
    ['seaworthy: ignore[SEC001] test fixture credentials', ['SEC001'], 'test fixture credentials'],
  ])('%s', (text, ids, reason) => {
    expect(parseDirective(text)).toEqual({ ids, reason, problem: null });
  });

  it.each(['# seaworthy: ignore[TMO001]', '# seaworthy: ignore[TMO001]   ', '# seaworthy: ignore[TMO001] --', '// seaworthy: ignore[TMO001]: '])('%s has no reason', (text) => {
    expect(parseDirective(text)).toEqual({ ids: ['TMO001'], reason: '', problem: 'no-reason' });
  });

  it.each([
    '# seaworthy: ignore',
    '# seaworthy: ignore because the CLI is interactive',
    '# seaworthy: ignore[] for everything',
    '# seaworthy: ignore[ ] for everything',
    '# seaworthy: ignore[*] for everything',
    '# seaworthy: ignore[all rules] for everything',
    '# seaworthy: ignore[TMO001,] trailing comma',
    '# seaworthy: ignore[TMO001 ERR001] no comma',
    '# seaworthy: ignore-file[TMO001] not a thing',
  ])('%s is malformed and names no rule', (text) => {
    expect(parseDirective(text)).toEqual({ ids: [], reason: '', problem: 'malformed' });
  });

  it.each(['# seaworthy audits this repository', '/* seaworthy: ignore[TMO001] in a block comment */', '# see seaworthy: ignore[TMO001] docs', '# TODO: seaworthy'])(
    'is not a directive: %s',
    (text) => {
      expect(parseDirective(text)).toBeNull();
    },
  );
});

describe('matching findings', () => {
  const timeout = { meta: { name: 'http-call-without-timeout', code: 'TMO001' } };
  const swallowed = { meta: { name: 'broad-exception-swallowed', code: 'ERR001' } };
  const rules = [timeout, swallowed];
  const directive = (line: number, ids: string[], standalone: boolean, problem: SuppressionDirective['problem'] = null): SuppressionDirective => ({
    path: 'a.py',
    line,
    ids,
    reason: problem ? '' : 'reason',
    problem,
    standalone,
  });
  const finding = (rule: typeof timeout, line: number, path = 'a.py'): { rule: typeof timeout; path: string; line: number } => ({ rule, path, line });

  it('suppresses only the named rule on the same line', () => {
    const findings = [finding(timeout, 5), finding(swallowed, 5)];
    const out = applySuppressions({ findings, directives: [directive(5, ['TMO001'], false)], selected: rules, known: rules });
    expect(out.suppressed.map((s) => s.finding)).toEqual([findings[0]]);
    expect(out.kept).toEqual([findings[1]]);
    expect(out.unused).toEqual([]);
  });

  it('covers the next line only from a comment alone on its line', () => {
    const findings = [finding(timeout, 6)];
    expect(applySuppressions({ findings, directives: [directive(5, ['TMO001'], true)], selected: rules, known: rules }).kept).toEqual([]);
    const trailing = applySuppressions({ findings, directives: [directive(5, ['TMO001'], false)], selected: rules, known: rules });
    expect(trailing.kept).toEqual(findings);
    expect(trailing.unused.map((u) => u.id)).toEqual(['TMO001']);
  });

  it('never reaches two lines down, another file, or past a directive without a reason', () => {
    const findings = [finding(timeout, 7), finding(timeout, 5, 'b.py'), finding(timeout, 9)];
    const out = applySuppressions({ findings, directives: [directive(5, ['TMO001'], true), directive(9, ['TMO001'], false, 'no-reason')], selected: rules, known: rules });
    expect(out.kept).toEqual(findings);
  });

  it('matches names and codes case-insensitively', () => {
    const findings = [finding(timeout, 5), finding(swallowed, 5)];
    const out = applySuppressions({ findings, directives: [directive(5, ['tmo001', 'Broad-Exception-Swallowed'], false)], selected: rules, known: rules });
    expect(out.kept).toEqual([]);
  });

  it('reports unused ids of rules that ran, and unknown ids, but not ids of rules that did not run', () => {
    const out = applySuppressions({
      findings: [finding(timeout, 5)],
      directives: [directive(5, ['TMO001', 'ERR001', 'NOPE001'], false), directive(8, ['SEC001'], false)],
      selected: rules,
      known: [...rules, { meta: { name: 'hardcoded-credential', code: 'SEC001' } }],
    });
    expect(out.unused.map((u) => u.id)).toEqual(['ERR001']);
    expect(out.unknown.map((u) => u.id)).toEqual(['NOPE001']);
  });
});

describe('in an audit', () => {
  let root: string;
  let report: Report;

  const where = (f: { locations: Array<{ path: string; line: number }> }): string => `${f.locations[0]?.path}:${f.locations[0]?.line}`;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'seaworthy-suppress-'));
    writeFileSync(join(root, 'requirements.txt'), 'requests\n');
    writeFileSync(
      join(root, 'jobs.py'),
      [
        'import requests', //                                                             1
        '',
        '',
        'def a():', //                                                                    4
        '    # seaworthy: ignore[TMO001] the scheduler kills the job after a minute', //   5
        '    requests.get("https://example.com/a")', //                                    6 suppressed
        '    requests.get("https://example.com/b")  # seaworthy: ignore[TMO001]', //        7 no reason: reported twice
        '    requests.get("https://example.com/c")  # seaworthy: ignore[ ERR001 ] wrong rule', // 8 unused
        '    requests.get("https://example.com/d")  # seaworthy: ignore', //                9 malformed
        '    requests.get("https://example.com/e")  # seaworthy: ignore[TMO01] typo', //     10 unknown
        '    try:', //                                                                     11
        '        requests.post("https://example.com/f")  # seaworthy: ignore[ TMO001 ] odd spacing, one rule', // 12 a write that fails silently
        '    except Exception:  # seaworthy: ignore[broad-exception-swallowed,TMO001] best effort', // 13 TMO001 unused
        '        pass',
        '',
      ].join('\n'),
    );
    report = (await audit({ path: root, jobs: 1 })).report;
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('moves suppressed findings to suppressed[] with the reason and where the comment is', () => {
    expect(report.suppressed?.map((f) => [where(f), f.code, f.suppression.reason, `${f.suppression.path}:${f.suppression.line}`])).toEqual([
      ['jobs.py:13', 'ERR001', 'best effort', 'jobs.py:13'],
      ['jobs.py:6', 'TMO001', 'the scheduler kills the job after a minute', 'jobs.py:5'],
      ['jobs.py:12', 'TMO001', 'odd spacing, one rule', 'jobs.py:12'],
    ]);
    const active = report.findings.map((f) => `${f.code} ${where(f)}`);
    for (const gone of ['TMO001 jobs.py:6', 'TMO001 jobs.py:12', 'ERR001 jobs.py:13']) expect(active).not.toContain(gone);
  });

  it('keeps the finding under a directive without a reason, and reports the directive', () => {
    const at7 = report.findings.filter((f) => where(f) === 'jobs.py:7').map((f) => f.code);
    expect(at7.sort()).toEqual(['DEBT100', 'TMO001']);
    expect(report.findings.find((f) => f.code === 'DEBT100' && where(f) === 'jobs.py:7')?.message).toMatch(/no reason/);
  });

  it('reports a malformed directive, and never treats it as ignore-everything', () => {
    expect(report.findings.filter((f) => where(f) === 'jobs.py:9').map((f) => f.code).sort()).toEqual(['DEBT100', 'TMO001']);
    expect(report.findings.find((f) => f.code === 'DEBT100' && where(f) === 'jobs.py:9')?.message).toMatch(/not a valid suppression/);
  });

  it('reports unused and unknown ids', () => {
    const debt = report.findings.filter((f) => f.code === 'DEBT100').map((f) => `${where(f)} ${f.severity} ${f.message}`);
    expect(debt).toContainEqual(expect.stringMatching(/^jobs\.py:8 info `ignore\[ERR001\]` suppresses nothing/));
    expect(debt).toContainEqual(expect.stringMatching(/^jobs\.py:13 info `ignore\[TMO001\]` suppresses nothing/));
    expect(debt).toContainEqual(expect.stringMatching(/^jobs\.py:10 low `ignore\[TMO01\]` names no seaworthy rule/));
    expect(report.findings.filter((f) => where(f) === 'jobs.py:8').map((f) => f.code).sort()).toEqual(['DEBT100', 'TMO001']);
    expect(debt).toHaveLength(5);
  });

  it('does not score suppressed findings', () => {
    expect(report.score.categories.timeouts.findings).toBe(report.findings.filter((f) => f.category === 'timeouts').length);
    const errorHandling = report.findings.filter((f) => f.category === 'error-handling');
    expect(errorHandling.map((f) => f.code)).not.toContain('ERR001');
    expect(report.score.categories['error-handling'].findings).toBe(errorHandling.length);
  });

  it('keeps the JSON contract: suppressed[], baseline and baselineState validate against schema/report.v1.json', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'schema', 'report.v1.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const compared = applyBaseline(report, { source: 'ref', name: 'HEAD', commit: 'a'.repeat(40), entries: baselineEntries({ findings: report.findings.slice(1), suppressed: [] }) });
    expect(compared.baseline?.new).toBe(1);
    validate(JSON.parse(renderJson(compared)));
    expect(validate.errors ?? []).toEqual([]);
    const broken = JSON.parse(renderJson(compared)) as { suppressed: Array<{ suppression: { reason: string } }> };
    const first = broken.suppressed[0];
    if (first) first.suppression.reason = '';
    expect(validate(broken)).toBe(false);
  });

  it('does not report unused suppressions for rules that did not run', async () => {
    const only = (await audit({ path: root, jobs: 1, only: ['DEBT100', 'TMO001'] })).report;
    expect(only.findings.some((f) => f.code === 'DEBT100' && where(f) === 'jobs.py:8')).toBe(false);
    expect(only.findings.some((f) => f.code === 'DEBT100' && where(f) === 'jobs.py:13')).toBe(true);
  });
});
