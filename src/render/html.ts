/**
 * The HTML review (`-o review.html`): one self-contained file that works offline. Inline CSS and JS, no fonts or
 * images, and a Content-Security-Policy that forbids every network request. All report text is escaped.
 */
import type { Report } from '../model/report.js';
import { pointsByFingerprint, traceScore } from '../score/trace.js';
import { CSS } from './html/css.js';
import { esc } from './html/escape.js';
import { SCRIPT } from './html/script.js';
import { scoreHeadline } from './review/scores.js';
import { categories, checklistSection, components, errors, findings, header, nonGoals, strengths, summary } from './html/sections.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export default function renderHtml(report: Report): string {
  const trace = traceScore(report);
  const points = pointsByFingerprint(trace);
  const body = [
    header(report),
    summary(report, trace, points),
    categories(report),
    components(report),
    findings(report, points),
    strengths(report),
    nonGoals(report),
    checklistSection(report),
    errors(report),
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${esc(CSP)}">
<meta name="generator" content="seaworthy ${esc(report.tool.version)}">
<link rel="icon" href="data:,">
<title>Review: ${esc(report.target.path)} — ${esc(scoreHeadline(report.score))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
