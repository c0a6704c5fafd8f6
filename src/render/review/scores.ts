/** The category scores of a report as renderers show them: applicable ones worst first, the rest named. */
import { CATEGORIES, type Category, type Report, type Score } from '../../model/report.js';
import { CATEGORY_MAX, CATEGORY_WEIGHTS } from '../../score/model.js';
import { byCodePoint } from '../../util/order.js';

export interface CategoryRow {
  category: Category;
  score: number;
  weight: number;
  findings: number;
  /** CATEGORY_MAX − score: what the category's findings cost. */
  lost: number;
}

export function categoryScores(report: Report): CategoryRow[] {
  return CATEGORIES.flatMap((category): CategoryRow[] => {
    const c = report.score.categories[category];
    if (c?.score === null || c?.score === undefined) return [];
    return [{ category, score: c.score, weight: CATEGORY_WEIGHTS[category], findings: c.findings, lost: Math.round((CATEGORY_MAX - c.score) * 100) / 100 }];
  }).sort((a, b) => a.score - b.score || b.weight - a.weight || byCodePoint(a.category, b.category));
}

export function notApplicable(report: Report): Category[] {
  return CATEGORIES.filter((c) => report.score.categories[c]?.score === null);
}

/** "66/100 (D)", or "no score" when the audit judged nothing (`score.nothingToJudge` says why). */
export function scoreHeadline(score: Score): string {
  return score.overall === null ? 'no score' : `${score.overall}/100 (${score.grade ?? '?'})`;
}

/** The line renderers show instead of a score when nothing was judged, or undefined when there is a score. */
export function nothingJudgedLine(score: Score): string | undefined {
  return score.nothingToJudge === undefined ? undefined : `No score: nothing to judge — ${score.nothingToJudge}.`;
}

/** 9.4 → "9.4", 10 → "10", 9.55 → "9.55". */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}
