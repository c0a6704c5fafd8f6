/**
 * The Markdown review (`-o review.md`): what a senior engineer's production-readiness review contains, in the
 * order a reader acts on it. Pure: the same report gives the same bytes.
 */
import type { Report } from '../model/report.js';
import { pointsByFingerprint, traceScore } from '../score/trace.js';
import { analysisErrors, debt, dependencies, environment, metricsAppendix } from './markdown/appendix.js';
import { blockersAndHighs, informational, mediumAndLow } from './markdown/findings.js';
import { components, header, summary } from './markdown/overview.js';
import { checklistSection, doneRight, nonGoals, testsSection } from './markdown/review.js';

export default function renderMarkdown(report: Report): string {
  const trace = traceScore(report);
  const points = pointsByFingerprint(trace);
  const sections = [
    header(report),
    components(report),
    summary(report, trace, points),
    blockersAndHighs(report, points),
    mediumAndLow(report),
    informational(report),
    doneRight(report),
    nonGoals(report),
    checklistSection(report),
    testsSection(report),
    environment(report),
    dependencies(report),
    debt(report),
    analysisErrors(report),
    metricsAppendix(report),
  ];
  const text = sections
    .filter((s) => s.length > 0)
    .map((s) => s.join('\n').replace(/\n+$/, ''))
    .join('\n\n');
  return `${text}\n`;
}
