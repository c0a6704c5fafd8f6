/**
 * Where the points of a report went: the scoring model re-run on the report's own findings. Pure, so renderers and
 * `seaworthy explain --score` can show it for any report written by the same model version.
 */
import { CATEGORIES, type Report } from '../model/report.js';
import { SCORE_MODEL, scoreFindings, type ScoreResult } from './model.js';

/** The breakdown of `report.score`, or undefined when the report was scored by another model version or not scored. */
export function traceScore(report: Report): ScoreResult | undefined {
  if (report.score.model !== SCORE_MODEL || report.score.overall === null) return undefined;
  const applicable = new Set(CATEGORIES.filter((c) => report.score.categories[c]?.score !== null && report.score.categories[c] !== undefined));
  return scoreFindings(report.findings, applicable);
}

/** Points each finding cost its category, by fingerprint (findings that cost nothing are absent). */
export function pointsByFingerprint(trace: ScoreResult | undefined): Map<string, number> {
  return new Map((trace?.lost ?? []).map((l) => [l.fingerprint, l.points]));
}
