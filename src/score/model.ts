/**
 * The scoring model (docs/scoring.md). Pure: findings + applicable categories in, scores out, and for every
 * finding the points it cost, so that `seaworthy explain --score` can show where each point went.
 *
 * - A finding's nominal cost is SEVERITY_POINTS × CONFIDENCE_FACTOR; low-confidence and info findings cost nothing.
 * - Within one rule, findings are taken from the most to the least costly and each further one costs
 *   REPEAT_FACTOR times the one before, so one rule takes at most twice the cost of its worst finding.
 * - A category starts at 10 and loses what its findings cost, never below 0: findings are charged from the most
 *   to the least costly, and whatever would go below 0 is not charged. So the points charged in a category add
 *   up exactly to 10 minus its score. A category no rule applies to (and without findings) is not applicable
 *   (null) and does not enter the overall score.
 * - Every point a category loses is RISK_PER_POINT × the category's weight risk points; the overall score is
 *   100 × e^(−risk / 100), rounded. It is not a mean over categories, so a repository is not rewarded for having
 *   many clean categories, and it never reaches 0, so large repositories with many problems still differ. A blocker
 *   caps it at 59 (F) — strengths add nothing, so nothing can hide a blocker.
 *
 * - An incomplete analysis scores 0: when a file could not be analysed (or a folder listed, or a rule run), what
 *   it holds is unknown, and any score above 0 could be higher than the one the complete analysis would give.
 *
 * All arithmetic is in hundredths of a point (integers), so sums are exact and the output is the same on every machine.
 */
import { CATEGORIES, type AnalysisError, type Category, type CategoryScore, type Confidence, type ErrorKind, type Finding, type Score, type Severity } from '../model/report.js';
import { byCodePoint } from '../util/order.js';

/** Bump when the formula or a constant changes: scores of different models are not comparable. */
export const SCORE_MODEL = 'seaworthy-score/3';

/** Errors that leave part of the repository unanalysed: the content behind them is unknown. */
export const UNANALYSED_KINDS: readonly ErrorKind[] = ['analysis-failed', 'unreadable'];

/** The paths of errors that leave something unanalysed, sorted, each once. */
export function unanalysedPaths(errors: readonly AnalysisError[]): string[] {
  return [...new Set(errors.filter((e) => UNANALYSED_KINDS.includes(e.kind)).map((e) => e.path))].sort(byCodePoint);
}

export const SEVERITY_POINTS: Record<Severity, number> = { blocker: 6, high: 3, medium: 1.5, low: 0.5, info: 0 };
export const CONFIDENCE_FACTOR: Record<Confidence, number> = { high: 1, medium: 0.6, low: 0 };
export const REPEAT_FACTOR = 0.5;
export const CATEGORY_MAX = 10;
/** Risk points per category point lost, before the category weight: a high finding in security (3 × 3 × 2 = 18) gives 84. */
export const RISK_PER_POINT = 2;

export const CATEGORY_WEIGHTS: Record<Category, number> = {
  security: 3,
  'error-handling': 2,
  timeouts: 2,
  resilience: 1.5,
  database: 1.5,
  testing: 1.5,
  retries: 1,
  concurrency: 1,
  validation: 1,
  observability: 1,
  infrastructure: 1,
  ci: 1,
  dependencies: 1,
  config: 1,
  bug: 1,
  'api-design': 0.5,
  docs: 0.5,
  debt: 0.5,
};

/** A cap applies when a finding of that severity has high or medium confidence. */
export const CAPS: ReadonlyArray<{ severity: Severity; max: number }> = [{ severity: 'blocker', max: 59 }];

/** Why a finding costs what it costs. */
export interface PointsLost {
  fingerprint: string;
  category: Category;
  /** Rule name. */
  rule: string;
  code: string;
  severity: Severity;
  confidence: Confidence;
  /** 0 for the costliest finding of its rule, 1 for the next (× REPEAT_FACTOR), … */
  repeat: number;
  /** SEVERITY_POINTS × CONFIDENCE_FACTOR × REPEAT_FACTOR^repeat, in points (two decimals). */
  nominal: number;
  /** What was charged to the category: the nominal cost, less any part that would take the category below 0. */
  points: number;
}

export interface CategoryBreakdown {
  category: Category;
  weight: number;
  /** null when not applicable. */
  score: number | null;
  findings: number;
  /** Points charged to the category: exactly CATEGORY_MAX − score. */
  lost: number;
  /** Risk points from this category: lost × weight × RISK_PER_POINT. */
  risk: number;
}

export interface CapApplied {
  severity: Severity;
  max: number;
  /** The findings that trigger the cap. */
  fingerprints: string[];
}

export interface ScoreResult {
  score: Score;
  /** Every finding that cost points, by category then from the costliest; nothing else costs points. */
  lost: PointsLost[];
  categories: CategoryBreakdown[];
  /** Risk points in all: the sum of the categories' risk; overall (before caps) = round(100 × e^(−risk / 100)). */
  risk: number;
  /** The overall score before caps. */
  uncapped: number;
  /** The caps that lowered the overall score. */
  caps: CapApplied[];
  /** What could not be analysed, when something could not: the overall score is then 0. */
  unanalysed: string[];
}

const CENTS = 100;

function cents(points: number): number {
  return Math.round(points * CENTS);
}

export function grade(overall: number): string {
  if (overall >= 90) return 'A';
  if (overall >= 80) return 'B';
  if (overall >= 70) return 'C';
  if (overall >= 60) return 'D';
  return 'F';
}

/**
 * A finding moves the score only when it is at least medium confidence (low confidence means "unverified") and
 * its rule is not in preview (preview findings have not earned their place by measured precision).
 */
export function countsForScore(finding: Pick<Finding, 'confidence' | 'preview'>): boolean {
  return CONFIDENCE_FACTOR[finding.confidence] > 0 && finding.preview !== true;
}

/** The mark renderers put on a finding that costs no points whatever its severity, or '' when it counts. */
export function noPointsMark(finding: Pick<Finding, 'confidence' | 'preview'>): '' | 'preview' | 'unconfirmed' {
  if (finding.preview === true) return 'preview';
  return CONFIDENCE_FACTOR[finding.confidence] > 0 ? '' : 'unconfirmed';
}

interface Costed {
  finding: Finding;
  repeat: number;
  nominal: number;
}

/** Nominal costs in cents, with the repeat discount applied within each rule. */
function nominalCosts(findings: readonly Finding[]): Costed[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.id);
    if (list) list.push(f);
    else byRule.set(f.id, [f]);
  }
  const out: Costed[] = [];
  for (const list of byRule.values()) {
    list
      .map((finding) => ({ finding, base: cents(SEVERITY_POINTS[finding.severity] * CONFIDENCE_FACTOR[finding.confidence]) }))
      .sort((a, b) => b.base - a.base || byCodePoint(a.finding.fingerprint, b.finding.fingerprint))
      .forEach(({ finding, base }, repeat) => out.push({ finding, repeat, nominal: Math.round(base * REPEAT_FACTOR ** repeat) }));
  }
  return out;
}

function byCost(a: Costed, b: Costed): number {
  return b.nominal - a.nominal || byCodePoint(a.finding.code, b.finding.code) || a.repeat - b.repeat || byCodePoint(a.finding.fingerprint, b.finding.fingerprint);
}

/** `unanalysed`: unanalysedPaths(errors) of the run; when not empty the overall score is 0. */
export function scoreFindings(listed: readonly Finding[], applicable: ReadonlySet<Category>, unanalysed: readonly string[] = []): ScoreResult {
  const findings = listed.filter((f) => f.preview !== true);
  const costed = nominalCosts(findings);
  const lost: PointsLost[] = [];
  const breakdown: CategoryBreakdown[] = [];
  const categories = {} as Record<Category, CategoryScore>;
  let riskCents = 0;
  for (const category of CATEGORIES) {
    const count = findings.filter((f) => f.category === category).length;
    const weight = CATEGORY_WEIGHTS[category];
    if (!applicable.has(category) && count === 0) {
      categories[category] = { score: null, findings: count };
      breakdown.push({ category, weight, score: null, findings: count, lost: 0, risk: 0 });
      continue;
    }
    let left = cents(CATEGORY_MAX);
    for (const c of costed.filter((x) => x.finding.category === category && x.nominal > 0).sort(byCost)) {
      const charged = Math.min(c.nominal, left);
      left -= charged;
      const f = c.finding;
      lost.push({ fingerprint: f.fingerprint, category, rule: f.id, code: f.code, severity: f.severity, confidence: f.confidence, repeat: c.repeat, nominal: c.nominal / CENTS, points: charged / CENTS });
    }
    const lostCents = cents(CATEGORY_MAX) - left;
    const categoryRisk = Math.round(weight * lostCents * RISK_PER_POINT);
    riskCents += categoryRisk;
    categories[category] = { score: left / CENTS, findings: count };
    breakdown.push({ category, weight, score: left / CENTS, findings: count, lost: lostCents / CENTS, risk: categoryRisk / CENTS });
  }
  const uncapped = Math.round(100 * Math.exp(-riskCents / CENTS / 100));
  let overall = uncapped;
  const caps: CapApplied[] = [];
  for (const cap of CAPS) {
    const triggers = findings.filter((f) => f.severity === cap.severity && countsForScore(f));
    if (triggers.length === 0 || cap.max >= overall) continue;
    overall = cap.max;
    caps.push({ severity: cap.severity, max: cap.max, fingerprints: triggers.map((f) => f.fingerprint).sort() });
  }
  if (unanalysed.length > 0) overall = 0;
  const score: Score = { model: SCORE_MODEL, overall, grade: grade(overall), categories };
  if (unanalysed.length > 0) score.unanalysed = [...unanalysed];
  return { score, lost, categories: breakdown, risk: riskCents / CENTS, uncapped, caps, unanalysed: [...unanalysed] };
}
