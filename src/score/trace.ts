/**
 * Where the points of a report went: the scoring model re-run on the report's own findings. Pure, so renderers and
 * `seaworthy explain --score` can show it for any report written by the same model version.
 */
import { CATEGORIES, type Report } from '../model/report.js';
import { SCORE_MODEL, scoreFindings, unanalysedPaths, type ScoreResult } from './model.js';

/** The breakdown of `report.score`, or undefined when the report was scored by another model version. */
export function traceScore(report: Report): ScoreResult | undefined {
  if (report.score.model !== SCORE_MODEL) return undefined;
  const applicable = new Set(CATEGORIES.filter((c) => report.score.categories[c]?.score !== null && report.score.categories[c] !== undefined));
  return scoreFindings(report.findings, applicable, unanalysedPaths(report.errors));
}

/** Why an incomplete analysis scores 0, naming what was not analysed (docs/scoring.md, "Incomplete analysis"). */
export function unanalysedNote(paths: readonly string[]): string {
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
  return `Set to 0: ${paths.length === 1 ? '1 path' : `${paths.length} paths`} could not be analysed (${shown}; errors[] says why), and a score cannot vouch for code it did not read. Fix or exclude ${paths.length === 1 ? 'it' : 'them'} and audit again.`;
}

/** Points each finding cost its category, by fingerprint (findings that cost nothing are absent). */
export function pointsByFingerprint(trace: ScoreResult | undefined): Map<string, number> {
  return new Map((trace?.lost ?? []).map((l) => [l.fingerprint, l.points]));
}
