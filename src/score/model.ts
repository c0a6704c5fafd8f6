/**
 * The scoring model (docs/scoring.md). Pure: findings + applicable categories in, scores out, and for every
 * finding the points it cost, so that `seaworthy explain --score` can show where each point went.
 *
 * - A finding costs SEVERITY_POINTS × CONFIDENCE_FACTOR; low-confidence findings cost nothing.
 * - Within one rule, findings are taken from the most to the least costly and each further one counts half as
 *   much as the one before, so a rule can take at most twice the cost of its worst finding from a category.
 * - A category scores 10 minus what its findings cost, never below 0; a category no rule applies to is not
 *   applicable (null) and does not enter the overall score.
 * - The overall score is the weighted mean of the applicable categories, times 10. A blocker caps it at 59 (F),
 *   a high finding at 79 (C).
 */
import { CATEGORIES, type Category, type CategoryScore, type Confidence, type Finding, type Score, type Severity } from '../model/report.js';

export const SCORE_MODEL = 'seaworthy-score/1';

export const SEVERITY_POINTS: Record<Severity, number> = { blocker: 6, high: 3, medium: 1.5, low: 0.5, info: 0 };
export const CONFIDENCE_FACTOR: Record<Confidence, number> = { high: 1, medium: 0.6, low: 0 };

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

export const CAPS: Array<{ severity: Severity; max: number }> = [
  { severity: 'blocker', max: 59 },
  { severity: 'high', max: 79 },
];

export interface PointsLost {
  fingerprint: string;
  category: Category;
  rule: string;
  points: number;
}

export interface ScoreResult {
  score: Score;
  lost: PointsLost[];
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function grade(overall: number): string {
  if (overall >= 90) return 'A';
  if (overall >= 80) return 'B';
  if (overall >= 70) return 'C';
  if (overall >= 60) return 'D';
  return 'F';
}

export function scoreFindings(findings: readonly Finding[], applicable: ReadonlySet<Category>): ScoreResult {
  const lost: PointsLost[] = [];
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byRule.get(f.id) ?? [];
    list.push(f);
    byRule.set(f.id, list);
  }
  for (const [rule, list] of [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const costed = list
      .map((f) => ({ f, base: SEVERITY_POINTS[f.severity] * CONFIDENCE_FACTOR[f.confidence] }))
      .sort((a, b) => b.base - a.base || a.f.fingerprint.localeCompare(b.f.fingerprint));
    costed.forEach(({ f, base }, i) => {
      const points = round(base * 0.5 ** i, 4);
      if (points > 0) lost.push({ fingerprint: f.fingerprint, category: f.category, rule, points });
    });
  }
  const categories = {} as Record<Category, CategoryScore>;
  let weighted = 0;
  let weights = 0;
  for (const category of CATEGORIES) {
    const count = findings.filter((f) => f.category === category).length;
    if (!applicable.has(category)) {
      categories[category] = { score: null, findings: count };
      continue;
    }
    const cost = lost.filter((l) => l.category === category).reduce((n, l) => n + l.points, 0);
    const score = round(Math.max(0, 10 - cost), 1);
    categories[category] = { score, findings: count };
    weighted += score * CATEGORY_WEIGHTS[category];
    weights += CATEGORY_WEIGHTS[category];
  }
  let overall = weights === 0 ? 100 : Math.round((weighted / weights) * 10);
  for (const cap of CAPS) {
    if (findings.some((f) => f.severity === cap.severity && f.confidence !== 'low')) overall = Math.min(overall, cap.max);
  }
  return { score: { model: SCORE_MODEL, overall, grade: grade(overall), categories }, lost };
}
