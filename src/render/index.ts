/**
 * Everything seaworthy writes comes from a function of this module, and each passes its whole input through the
 * output boundary (boundary.ts: secrets masked, control characters made visible) before a renderer lays it out.
 * Renderers are pure functions of what they are given.
 */
import { UsageError } from '../errors.js';
import type { Finding, Report } from '../model/report.js';
import { forOutput, jsonText, type OutputKind } from './boundary.js';
import { explainFinding, explainScore } from './explain.js';
import renderHtml from './html.js';
import renderJson from './json.js';
import renderMarkdown from './markdown.js';
import renderProfile, { type ProfileView } from './profile.js';
import renderSarif, { type SarifOptions } from './sarif.js';
import renderTerminal, { type TerminalOptions } from './terminal.js';

export const FORMATS = ['text', 'markdown', 'json', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions extends TerminalOptions {
  sarif?: SarifOptions;
}

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

/** A report is often written several times (stdout and each `-o` file): it crosses the boundary once per kind. */
const safeReports = new WeakMap<Report, Map<OutputKind, Report>>();

function safeReport(report: Report, kind: OutputKind): Report {
  const byKind = safeReports.get(report) ?? new Map<OutputKind, Report>();
  safeReports.set(report, byKind);
  let safe = byKind.get(kind);
  if (!safe) {
    safe = forOutput(report, kind);
    byKind.set(kind, safe);
  }
  return safe;
}

export function render(format: Format, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(safeReport(report, 'json'));
    case 'markdown':
      return renderMarkdown(safeReport(report, 'text'));
    case 'sarif':
      return renderSarif(safeReport(report, 'json'), options.sarif);
    case 'text':
      return renderTerminal(safeReport(report, 'text'), options);
    case 'html':
      return renderHtml(safeReport(report, 'text'));
  }
}

/** `seaworthy profile` as text. */
export function renderProfileText(view: ProfileView): string {
  return renderProfile(forOutput(view, 'text'));
}

/** `seaworthy profile --format json`, and any other JSON document made of report parts. */
export function renderJsonDocument(document: Record<string, unknown>): string {
  return jsonText(forOutput(document, 'json'));
}

/** `seaworthy explain FINGERPRINT`: `ruleDocs` is seaworthy's own documentation of the rule, written as it is. */
export function renderFindingExplanation(report: Report, finding: Finding, ruleDocs?: string): string {
  const [safe, safeFinding] = forOutput([report, finding] as const, 'text');
  return explainFinding(safe, safeFinding, ruleDocs);
}

/** `seaworthy explain --score`. */
export function renderScoreExplanation(report: Report): string {
  return explainScore(safeReport(report, 'text'));
}

/** Longest first, so that `.sarif.json` wins over `.json`. */
const EXTENSIONS: ReadonlyArray<readonly [string, Format]> = [
  ['.sarif.json', 'sarif'],
  ['.markdown', 'markdown'],
  ['.sarif', 'sarif'],
  ['.html', 'html'],
  ['.json', 'json'],
  ['.htm', 'html'],
  ['.txt', 'text'],
  ['.md', 'markdown'],
];

/** The format of an output file, from its extension. */
export function formatForFile(file: string): Format {
  const name = file.toLowerCase();
  const format = EXTENSIONS.find(([extension]) => name.endsWith(extension))?.[1];
  if (!format) throw new UsageError(`cannot tell the format of ${file} from its extension`, `use one of ${EXTENSIONS.map(([e]) => e).join(', ')}`);
  return format;
}
