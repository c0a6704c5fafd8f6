/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers (`-o results.sarif`). Pure: the report and the
 * rule documentation in, a string out, no timestamps.
 *
 * - Paths are relative, under `uriBaseId: %SRCROOT%` (the repository root; `uriPrefix` places an audited
 *   sub-folder), percent-encoded.
 * - `ruleId` is the rule code; `partialFingerprints.primaryLocationLineHash` is seaworthy's fingerprint, which
 *   does not move with lines, so code scanning never re-opens an alert because a line moved.
 * - Inline-suppressed findings are left out; `includeSuppressed` adds them with `suppressions`. Findings a
 *   baseline already has stay, marked `baselineState: unchanged`: the baseline decides the gate, not what exists,
 *   and code scanning would close the alert of every finding left out of an upload.
 * - Descriptions stay within GitHub's 1,024 characters (the full docs are in `help`); related locations are linked
 *   from the message (`[path:line](id)`), since GitHub shows only linked ones; security-relevant rules are tagged
 *   `security` and carry a `security-severity` from the rule's default severity, the same in every run.
 * - GitHub accepts at most 25,000 results per run and 10 MB per (gzip-compressed) upload: past either limit the
 *   least severe results are dropped (the report's order: severity, path, line) and the run's properties say
 *   so. The size is measured uncompressed, which is stricter and needs no compressor.
 */
import type { Finding, Location, Report, Severity, SuppressedFinding } from '../model/report.js';
import { REPOSITORY_URL, type RuleDoc } from '../model/rule-doc.js';
import { byCodePoint } from '../util/order.js';
import { jsonText } from './boundary.js';
import { markdownSection } from '../util/markdown-section.js';

export interface SarifOptions {
  /** Documentation of the rules (help text, links); findings of rules not listed get a minimal descriptor. */
  rules?: readonly RuleDoc[];
  /** Also emit inline-suppressed findings, with `suppressions`. */
  includeSuppressed?: boolean;
  /** The audited folder relative to the repository root ('' or absent at the root). */
  uriPrefix?: string;
  /** Override GitHub's limits (tests). */
  limits?: { results?: number; bytes?: number };
}

export const GITHUB_LIMITS = { results: 25_000, bytes: 10 * 1024 * 1024 };
const MAX_RELATED_LOCATIONS = 100;
const MAX_NOTIFICATIONS = 1_000;
/** GitHub's limit for a rule's shortDescription and fullDescription text. */
const MAX_DESCRIPTION = 1_024;
const SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'high', 'medium', 'low', 'info'];

type Level = 'error' | 'warning' | 'note';
type Json = Record<string, unknown>;

const LEVEL: Record<Severity, Level> = { blocker: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub's scale: 9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { blocker: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

type Entry = { finding: Finding; suppression?: SuppressedFinding['suppression'] };

function compareEntries(a: Entry, b: Entry): number {
  const la = a.finding.locations[0];
  const lb = b.finding.locations[0];
  return (
    SEVERITY_ORDER.indexOf(a.finding.severity) - SEVERITY_ORDER.indexOf(b.finding.severity) ||
    (la && lb ? byCodePoint(la.path, lb.path) || la.line - lb.line : 0) ||
    byCodePoint(a.finding.code, b.finding.code) ||
    byCodePoint(a.finding.fingerprint, b.finding.fingerprint)
  );
}

function uri(prefix: string, path: string): string {
  const full = prefix ? `${prefix}/${path}` : path;
  return full.split('/').map(encodeURIComponent).join('/');
}

function physical(prefix: string, location: Pick<Location, 'path' | 'line' | 'endLine'> & { snippet?: string }): Json {
  const region: Json = { startLine: location.line, endLine: Math.max(location.line, location.endLine) };
  if (location.snippet) region['snippet'] = { text: location.snippet };
  return { artifactLocation: { uri: uri(prefix, location.path), uriBaseId: '%SRCROOT%' }, region };
}

/** The text, or its start cut after the last whole sentence (else word) that fits, with '…', within `max` characters. */
export function fitText(text: string, max = MAX_DESCRIPTION): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('.\n'));
  const word = room.search(/\s\S*$/);
  const end = sentence > max / 2 ? sentence + 1 : word > 0 ? word : max - 1;
  return `${room.slice(0, end).trimEnd()}…`;
}

/** A literal [ or ] in a plain-text message is escaped, so that only seaworthy's own links are links (SARIF 3.11.6). */
function escapeBrackets(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}

function descriptor(code: string, entries: readonly Entry[], doc: RuleDoc | undefined): Json {
  const sample = entries[0]?.finding;
  const category = doc?.category ?? sample?.category ?? 'bug';
  const description = doc?.description ?? sample?.title ?? code;
  const fallbackHelp = [description, sample?.fix ?? ''].filter(Boolean).join('\n\n');
  const security = doc ? doc.security : category === 'security';
  const tags = security && category !== 'security' ? ['seaworthy', category, 'security'] : ['seaworthy', category];
  const properties: Json = { tags, precision: doc?.confidence ?? sample?.confidence ?? 'medium' };
  // The rule's default severity, not this run's findings: code scanning would otherwise re-rate the rule every run.
  if (security) properties['security-severity'] = SECURITY_SEVERITY[doc?.severity ?? sample?.severity ?? 'medium'];
  const out: Json = {
    id: code,
    name: doc?.name ?? sample?.id ?? code,
    shortDescription: { text: fitText(description) },
    fullDescription: { text: fitText((doc && markdownSection(doc.docs, 'What it does')) || description) },
    help: doc?.docs ? { text: doc.docs, markdown: doc.docs } : { text: fallbackHelp, markdown: fallbackHelp },
    defaultConfiguration: { level: LEVEL[doc?.severity ?? sample?.severity ?? 'medium'] },
    properties,
  };
  if (doc?.helpUri) out['helpUri'] = doc.helpUri;
  return out;
}

/** The message, with a link to each related location (`[path:line](id)`): GitHub shows only the linked ones. */
function linkedMessage(message: string, related: readonly Location[]): string {
  if (related.length === 0) return escapeBrackets(message);
  const links = related.map((l, i) => `[${escapeBrackets(`${l.path}:${l.line}`)}](${i + 1})`);
  return `${escapeBrackets(message)} (see also ${links.join(', ')})`;
}

function result(entry: Entry, ruleIndex: number, prefix: string, security: boolean): Json {
  const f = entry.finding;
  const [primary, ...allRelated] = f.locations;
  const related = allRelated.slice(0, MAX_RELATED_LOCATIONS);
  const properties: Json = { severity: f.severity, confidence: f.confidence, precision: f.confidence, category: f.category, component: f.component };
  if (security) properties['security-severity'] = SECURITY_SEVERITY[f.severity];
  if (f.preview) properties['preview'] = true;
  const out: Json = {
    ruleId: f.code,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: linkedMessage(f.message, related) },
    locations: primary ? [{ physicalLocation: physical(prefix, primary) }] : [],
    partialFingerprints: { primaryLocationLineHash: f.fingerprint },
    properties,
  };
  if (related.length > 0) {
    out['relatedLocations'] = related.map((l, i) => ({ id: i + 1, physicalLocation: physical(prefix, l), message: { text: `${l.path}:${l.line}` } }));
  }
  if (f.baselineState) out['baselineState'] = f.baselineState;
  const suppressions: Json[] = [];
  if (entry.suppression) {
    suppressions.push({
      kind: 'inSource',
      status: 'accepted',
      justification: entry.suppression.reason,
      location: { physicalLocation: physical(prefix, { path: entry.suppression.path, line: entry.suppression.line, endLine: entry.suppression.line }) },
    });
  }
  if (suppressions.length > 0) out['suppressions'] = suppressions;
  return out;
}

function notifications(report: Report, prefix: string): Json[] {
  return report.errors.slice(0, MAX_NOTIFICATIONS).map((e) => {
    const out: Json = { descriptor: { id: e.kind }, level: 'warning', message: { text: `${e.path}${e.line ? `:${e.line}` : ''}: ${e.message}` } };
    if (e.path && e.path !== '.') out['locations'] = [{ physicalLocation: physical(prefix, { path: e.path, line: e.line ?? 1, endLine: e.line ?? 1 }) }];
    return out;
  });
}

interface Omitted {
  suppressed: number;
  /** Dropped to stay within GitHub's limits. */
  overLimit: number;
}

function buildLog(report: Report, entries: readonly Entry[], options: SarifOptions, omitted: Omitted): Json {
  const prefix = (options.uriPrefix ?? '').replace(/^\/+|\/+$/g, '');
  const docs = new Map((options.rules ?? []).map((r) => [r.code, r]));
  const codes = [...new Set(entries.map((e) => e.finding.code))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const { overall, grade, model, nothingToJudge } = report.score;
  const properties: Json = { score: { overall, grade, model, ...(nothingToJudge === undefined ? {} : { nothingToJudge }) }, omitted };
  if (report.baseline) properties['baseline'] = { name: report.baseline.name, new: report.baseline.new, unchanged: report.baseline.unchanged, fixed: report.baseline.fixed };
  if (omitted.overLimit > 0) {
    const total = entries.length + omitted.overLimit;
    properties['truncated'] =
      `kept the ${entries.length} most severe of ${total} results: GitHub code scanning accepts at most ${GITHUB_LIMITS.results} results per run and ${GITHUB_LIMITS.bytes} bytes per upload (limits applied here: ${options.limits?.results ?? GITHUB_LIMITS.results} results, ${options.limits?.bytes ?? GITHUB_LIMITS.bytes} bytes); the JSON report has them all`;
  }
  const run: Json = {
    tool: {
      driver: {
        name: 'seaworthy',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: REPOSITORY_URL,
        rules: codes.map((code) => descriptor(code, entries.filter((e) => e.finding.code === code), docs.get(code))),
      },
    },
    automationDetails: { id: `seaworthy/${prefix || '.'}/` },
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications(report, prefix) }],
    results: entries.map((e) => {
      const doc = docs.get(e.finding.code);
      const security = doc ? doc.security : e.finding.category === 'security';
      return result(e, ruleIndex.get(e.finding.code) ?? 0, prefix, security);
    }),
    properties,
  };
  return { $schema: SCHEMA_URI, version: '2.1.0', runs: [run] };
}

export default function renderSarif(report: Report, options: SarifOptions = {}): string {
  const include = options.includeSuppressed === true;
  const suppressed = include ? (report.suppressed ?? []).map(({ suppression, ...finding }) => ({ finding, suppression })) : [];
  const entries: Entry[] = [...report.findings.map((finding) => ({ finding })), ...suppressed].sort(compareEntries);
  const renderKept = (kept: number): string =>
    jsonText(
      buildLog(report, entries.slice(0, kept), options, {
        suppressed: include ? 0 : (report.suppressed ?? []).length,
        overLimit: entries.length - kept,
      }),
    );
  const maxBytes = options.limits?.bytes ?? GITHUB_LIMITS.bytes;
  const fits = (text: string): boolean => Buffer.byteLength(text, 'utf8') <= maxBytes;
  const most = Math.min(entries.length, options.limits?.results ?? GITHUB_LIMITS.results);
  const text = renderKept(most);
  if (fits(text)) return text;
  // The largest number of results, most severe first, that fits.
  let low = 0;
  let high = most - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(renderKept(mid))) low = mid;
    else high = mid - 1;
  }
  return renderKept(low);
}
