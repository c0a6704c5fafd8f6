/**
 * SARIF 2.1.0: valid against the official schema (test/fixtures/sarif, draft-04), shaped for GitHub code scanning
 * (relative %SRCROOT% paths, rule metadata, stable fingerprints, limits), deterministic and without secrets.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { applyBaseline, baselineEntries } from '../src/baseline/apply.js';
import { describeRules } from '../src/engine/rule-docs.js';
import type { Finding, Location, Report } from '../src/model/report.js';
import { formatForFile } from '../src/render/index.js';
import renderSarif, { type SarifOptions } from '../src/render/sarif.js';
import { RULES } from '../src/rules/index.js';
import { markdownSection } from '../src/util/markdown-section.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  suppressions?: Array<{ kind: string; justification: string }>;
  properties: Record<string, unknown>;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  properties: Record<string, unknown>;
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    results: SarifResult[];
    properties: { omitted: { suppressed: number; overLimit: number }; truncated?: string };
  }>;
}

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as { $schema: string };
// Both are CommonJS modules whose ES default export is the whole module object.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);
const mixed = join(import.meta.dirname, 'fixtures', 'projects', 'mixed');
const docs = describeRules(RULES);

let scratch: string;
let report: Report;
let suppressedReport: Report;

function parse(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

function expectValid(text: string): SarifLog {
  const data = JSON.parse(text) as unknown;
  const valid = validate(data);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return data as SarifLog;
}

function loc(path: string, line: number): Location {
  return { path, line, endLine: line, snippet: '' };
}

/** A report with one finding of every rule of the catalogue, at its default severity. */
function everyRule(): Report {
  const sample = report.findings[0] as Finding;
  return { ...report, findings: RULES.map((r) => ({ ...sample, code: r.meta.code, id: r.meta.name, category: r.meta.category, severity: r.meta.severity, fingerprint: `${r.meta.code}-fp` })) };
}

function run(log: SarifLog): SarifLog['runs'][number] {
  const first = log.runs[0];
  if (!first) throw new Error('no run');
  return first;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-sarif-'));
  report = (await audit({ path: mixed, jobs: 1 })).report;
  const project = join(scratch, 'with suppressions');
  mkdirSync(join(project, 'src #1'), { recursive: true });
  writeFileSync(join(project, 'requirements.txt'), 'requests\n');
  writeFileSync(
    join(project, 'src #1', 'jobs.py'),
    [
      'import requests',
      '',
      '',
      'def sync():',
      '    # seaworthy: ignore[TMO001] the scheduler kills the job after 60 s',
      '    requests.get("https://example.com/a")',
      '    requests.get("https://example.com/b")',
      '',
    ].join('\n'),
  );
  // Only the rule under test: other rules (e.g. documentation checks) would add findings of their own.
  suppressedReport = (await audit({ path: project, jobs: 1, only: ['TMO001'] })).report;
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('SARIF output', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const log = expectValid(renderSarif(report, { rules: docs }));
    expect(log.version).toBe('2.1.0');
    expect(run(log).results.length).toBe(report.findings.length);
  });

  it('the schema check itself rejects what GitHub would reject', () => {
    const log = parse(renderSarif(report, { rules: docs }));
    const location = run(log).results[0]?.locations[0];
    if (!location) throw new Error('no location');
    location.physicalLocation.artifactLocation.uri = 'a path with spaces.py';
    expect(validate(log)).toBe(false);
  });

  it('uses relative, percent-encoded paths under %SRCROOT%, with an optional folder prefix', () => {
    const plain = expectValid(renderSarif(suppressedReport, { rules: docs }));
    const uris = run(plain).results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation));
    expect(uris.length).toBeGreaterThan(0);
    for (const location of uris) {
      expect(location.uriBaseId).toBe('%SRCROOT%');
      expect(location.uri).not.toMatch(/^\/|^[a-z]+:/i);
    }
    expect(uris.map((u) => u.uri)).toContain('src%20%231/jobs.py');
    const nested = expectValid(renderSarif(suppressedReport, { rules: docs, uriPrefix: 'services/api' }));
    expect(run(nested).results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('services/api/src%20%231/jobs.py');
    expect(run(nested).automationDetails.id).toBe('seaworthy/services/api/');
    expect(run(plain).automationDetails.id).toBe('seaworthy/./');
  });

  it('describes each rule once, and results point at it by code and index', () => {
    const r = run(expectValid(renderSarif(report, { rules: docs })));
    const rules = r.tool.driver.rules;
    expect(new Set(rules.map((x) => x.id)).size).toBe(rules.length);
    for (const result of r.results) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.ruleId).toMatch(/^[A-Z]+\d{3}$/);
    }
    const timeout = rules.find((x) => x.id === 'TMO001');
    expect(timeout?.name).toBe('http-call-without-timeout');
    expect(timeout?.shortDescription.text).toBe(RULES.find((x) => x.meta.code === 'TMO001')?.meta.description);
    expect(timeout?.fullDescription.text.length).toBeGreaterThan(20);
    expect(timeout?.help.markdown).toContain('## Why is this bad?');
    expect(timeout?.helpUri).toMatch(/^https:\/\/.+\/src\/rules\/timeouts\/http-call-without-timeout\/docs\.md$/);
  });

  it('derives partialFingerprints from the fingerprint and precision from the confidence', () => {
    const r = run(expectValid(renderSarif(report, { rules: docs })));
    report.findings.forEach((finding, i) => {
      const result = r.results[i];
      expect(result?.partialFingerprints['primaryLocationLineHash']).toBe(finding.fingerprint);
      expect(result?.properties['precision']).toBe(finding.confidence);
    });
    for (const rule of r.tool.driver.rules) expect(rule.properties['precision']).toBe(RULES.find((x) => x.meta.code === rule.id)?.meta.confidence);
  });

  it('sets security-severity only on security-relevant rules and their results', () => {
    const r = run(expectValid(renderSarif(report, { rules: docs })));
    const security = r.tool.driver.rules.filter((x) => x.properties['security-severity'] !== undefined).map((x) => x.id);
    expect(security).toEqual(docs.filter((d) => d.security && security.includes(d.code)).map((d) => d.code).sort());
    expect(security).toContain('SEC001');
    expect(Number(r.tool.driver.rules.find((x) => x.id === 'SEC001')?.properties['security-severity'])).toBeGreaterThanOrEqual(7);
    for (const result of r.results) expect(result.properties['security-severity'] !== undefined).toBe(security.includes(result.ruleId));
  });

  it('keeps rule descriptions within the 1,024 characters GitHub accepts, the full text in help', () => {
    const all = renderSarif(everyRule(), { rules: docs });
    const rules = run(expectValid(all)).tool.driver.rules;
    expect(rules.length).toBe(RULES.length);
    for (const rule of rules) {
      expect(rule.fullDescription.text.length, rule.id).toBeLessThanOrEqual(1024);
      expect(rule.shortDescription.text.length, rule.id).toBeLessThanOrEqual(1024);
      expect(rule.help.markdown).toBe(docs.find((d) => d.code === rule.id)?.docs);
    }
    const long = docs.find((d) => (markdownSection(d.docs, 'What it does') ?? '').length > 1024);
    expect(long, 'a rule whose description is over the limit').toBeDefined();
    const cut = rules.find((x) => x.id === long?.code)?.fullDescription.text ?? '';
    expect(cut).toMatch(/…$/);
    expect((markdownSection(long?.docs ?? '', 'What it does') ?? '').startsWith(cut.slice(0, -1))).toBe(true);
  });

  it('links related locations from the message, so that GitHub shows them', () => {
    const finding: Finding = { ...(report.findings[0] as Finding), message: 'Retries [twice] here', locations: [loc('a.py', 3), loc('b.py', 7), loc('c d.py', 9)] };
    const result = run(expectValid(renderSarif({ ...report, findings: [finding] }, { rules: docs }))).results[0] as SarifResult & {
      relatedLocations: Array<{ id: number; message: { text: string } }>;
    };
    expect(result.message.text).toBe('Retries \\[twice\\] here (see also [b.py:7](1), [c d.py:9](2))');
    expect(result.relatedLocations.map((l) => [l.id, l.message.text])).toEqual([
      [1, 'b.py:7'],
      [2, 'c d.py:9'],
    ]);
  });

  it('tags every security-relevant rule security, with a security-severity fixed by the rule', () => {
    const rules = run(expectValid(renderSarif(everyRule(), { rules: docs }))).tool.driver.rules;
    const tagged = rules.filter((x) => (x.properties['tags'] as string[]).includes('security')).map((x) => x.id);
    for (const name of ['container-runs-as-root', 'secret-exposed-in-ci', 'action-pinned-to-moving-ref', 'workflow-default-permissions', 'k8s-no-security-context']) {
      expect(tagged).toContain(RULES.find((r) => r.meta.name === name)?.meta.code);
    }
    for (const rule of rules) expect(rule.properties['security-severity'] !== undefined, rule.id).toBe(tagged.includes(rule.id));
    // The same rule gets the same security-severity whatever its findings' severities in this run.
    const sec = report.findings.find((f) => f.category === 'security') as Finding;
    const severityOf = (severity: Finding['severity']): unknown =>
      run(parse(renderSarif({ ...report, findings: [{ ...sec, severity }] }, { rules: docs }))).tool.driver.rules[0]?.properties['security-severity'];
    expect(severityOf('blocker')).toBe(severityOf('low'));
  });

  it('has no timestamps and gives the same bytes every time', async () => {
    const text = renderSarif(report, { rules: docs });
    expect(text).not.toMatch(/TimeUtc|\d{4}-\d{2}-\d{2}T\d{2}:/);
    const again = renderSarif((await audit({ path: mixed, jobs: 1 })).report, { rules: describeRules(RULES) });
    expect(again).toBe(text);
  });

  it('never prints a secret in full', () => {
    const text = renderSarif(report, { rules: docs, includeSuppressed: true });
    expect(text).not.toContain('tok_live_1234567890');
  });

  it('lists files it could not analyse as tool notifications', async () => {
    const project = join(scratch, 'errors');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'broken.py'), 'def broken(:\n    return 1\n');
    writeFileSync(join(project, 'bad.yaml'), 'key: [unclosed\n');
    const withErrors = (await audit({ path: project, jobs: 1 })).report;
    expect(withErrors.errors.length).toBeGreaterThanOrEqual(2);
    const log = expectValid(renderSarif(withErrors, { rules: docs })) as SarifLog & {
      runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ descriptor: { id: string }; locations?: unknown[] }> }> }>;
    };
    const invocation = log.runs[0]?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.toolExecutionNotifications.map((n) => n.descriptor.id)).toEqual(withErrors.errors.map((e) => e.kind));
  });

  it('still renders without rule documentation', () => {
    const r = run(expectValid(renderSarif(report)));
    expect(r.tool.driver.rules.map((x) => x.id)).toContain('TMO001');
  });
});

describe('suppressed and accepted findings', () => {
  it('leaves inline-suppressed findings out by default and counts them', () => {
    const r = run(expectValid(renderSarif(suppressedReport, { rules: docs })));
    expect(suppressedReport.suppressed?.length).toBe(1);
    expect(r.results.map((x) => x.locations[0]?.physicalLocation.region.startLine)).toEqual([7]);
    expect(r.results.some((x) => x.suppressions)).toBe(false);
    expect(r.properties.omitted.suppressed).toBe(1);
  });

  it('adds them with suppressions and the reason when asked', () => {
    const r = run(expectValid(renderSarif(suppressedReport, { rules: docs, includeSuppressed: true })));
    const suppressed = r.results.find((x) => x.locations[0]?.physicalLocation.region.startLine === 6);
    expect(suppressed?.suppressions).toEqual([
      expect.objectContaining({ kind: 'inSource', justification: 'the scheduler kills the job after 60 s' }),
    ]);
    expect(r.results).toHaveLength(2);
  });

  it('keeps findings a baseline already has as open results, marked unchanged, so that code scanning keeps their alerts', () => {
    const half = { findings: report.findings.slice(0, 3), suppressed: [] };
    const compared = applyBaseline(report, { source: 'file', name: 'old.json', entries: baselineEntries(half) });
    const r = run(expectValid(renderSarif(compared, { rules: docs })));
    expect(r.results).toHaveLength(report.findings.length);
    expect(r.results.filter((x) => x.baselineState === 'unchanged')).toHaveLength(3);
    expect(r.results.filter((x) => x.baselineState === 'new')).toHaveLength(report.findings.length - 3);
    expect(r.results.every((x) => x.suppressions === undefined)).toBe(true);
    expect(r.properties.omitted).toEqual({ suppressed: 0, overLimit: 0 });
  });
});

describe('GitHub limits', () => {
  const limited = (limits: SarifOptions['limits']): ReturnType<typeof run> => run(expectValid(renderSarif(report, { rules: docs, limits })));

  it('keeps the most severe results when there are too many, and says so', () => {
    const r = limited({ results: 2 });
    expect(r.results.map((x) => x.ruleId)).toEqual(report.findings.slice(0, 2).map((f) => f.code));
    expect(r.properties.omitted.overLimit).toBe(report.findings.length - 2);
    expect(r.properties.truncated).toMatch(/kept the 2 most severe of \d+ results/);
    expect(new Set(r.results.map((x) => x.ruleId))).toEqual(new Set(r.tool.driver.rules.map((x) => x.id)));
  });

  it('keeps the upload under the size limit, deterministically', () => {
    const full = Buffer.byteLength(renderSarif(report, { rules: docs }));
    const bytes = Math.floor(full * 0.8);
    const text = renderSarif(report, { rules: docs, limits: { bytes } });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(bytes);
    const r = run(expectValid(text));
    expect(r.results.length).toBeLessThan(report.findings.length);
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.properties.truncated).toBeDefined();
    expect(renderSarif(report, { rules: docs, limits: { bytes } })).toBe(text);
  });

  it('does not mention truncation when everything fits', () => {
    expect(limited({}).properties.truncated).toBeUndefined();
  });
});

describe('output files', () => {
  it('picks SARIF for .sarif and .sarif.json', () => {
    expect(formatForFile('results.sarif')).toBe('sarif');
    expect(formatForFile('out/Results.SARIF.json')).toBe('sarif');
    expect(formatForFile('report.json')).toBe('json');
  });
});
