/** The scoring model: not applicable is null, caps, free low-confidence findings, and exact traceability. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CONFIDENCES, SEVERITIES, type Category, type Report } from '../../src/model/report.js';
import { CATEGORY_WEIGHTS, RISK_PER_POINT, SCORE_MODEL, grade, scoreFindings, unanalysedPaths } from '../../src/score/model.js';
import { traceScore } from '../../src/score/trace.js';
import { finding } from '../helpers/findings.js';

const all = new Set<Category>(CATEGORIES);

function cents(n: number): number {
  return Math.round(n * 100);
}

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)] as T;
}

describe('scoring model', () => {
  it('scores a category nothing applies to as null, never 0, and leaves it out of the overall score', () => {
    const { score } = scoreFindings([], new Set<Category>(['security']));
    expect(score.categories.database).toEqual({ score: null, findings: 0 });
    expect(score.categories.security).toEqual({ score: 10, findings: 0 });
    expect(score.overall).toBe(100);

    const withLoss = scoreFindings([finding({ category: 'security', severity: 'high' })], new Set<Category>(['security']));
    expect(withLoss.score.categories.security.score).toBe(7);
    // 3 points × weight 3 × 2 = 18 risk points: 100 × e^(−0.18) = 84.
    expect(withLoss.risk).toBe(18);
    expect(withLoss.score.overall).toBe(84);
    expect(withLoss.score.categories.timeouts.score).toBeNull();
    // The overall score is no mean: more clean categories do not dilute the same finding.
    const everywhere = scoreFindings([finding({ category: 'security', severity: 'high' })], all);
    expect(everywhere.score.overall).toBe(84);
  });

  it('treats a category with findings as applicable even if no selected rule claims it', () => {
    const { score } = scoreFindings([finding({ category: 'bug', severity: 'low' })], new Set<Category>());
    expect(score.categories.bug.score).toBe(9.5);
  });

  it('charges nothing for low-confidence and info findings, and they trigger no cap', () => {
    const free = [
      finding({ category: 'security', severity: 'blocker', confidence: 'low' }),
      finding({ category: 'security', severity: 'high', confidence: 'low' }),
      finding({ category: 'debt', severity: 'info', confidence: 'high' }),
    ];
    const result = scoreFindings(free, all);
    expect(result.score.categories.security).toEqual({ score: 10, findings: 2 });
    expect(result.score.categories.debt).toEqual({ score: 10, findings: 1 });
    expect(result.score.overall).toBe(100);
    expect(result.lost).toEqual([]);
    expect(result.caps).toEqual([]);
  });

  it('weighs severity and confidence', () => {
    const high = scoreFindings([finding({ id: 'a', category: 'timeouts', severity: 'high', confidence: 'high' })], all);
    const medium = scoreFindings([finding({ id: 'a', category: 'timeouts', severity: 'high', confidence: 'medium' })], all);
    const low = scoreFindings([finding({ id: 'a', category: 'timeouts', severity: 'low', confidence: 'high' })], all);
    expect(high.score.categories.timeouts.score).toBe(7);
    expect(medium.score.categories.timeouts.score).toBe(8.2);
    expect(low.score.categories.timeouts.score).toBe(9.5);
  });

  it('halves each further finding of the same rule', () => {
    const list = [1, 2, 3].map(() => finding({ id: 'same', category: 'timeouts', severity: 'high' }));
    const { score, lost } = scoreFindings(list, all);
    expect(lost.map((l) => l.points)).toEqual([3, 1.5, 0.75]);
    expect(lost.map((l) => l.repeat)).toEqual([0, 1, 2]);
    expect(score.categories.timeouts.score).toBe(4.75);
  });

  it('caps the overall score at 59 (F) for any confirmed blocker, whatever the rest; a high is not capped', () => {
    const blocker = finding({ category: 'docs', severity: 'blocker', confidence: 'medium' });
    const capped = scoreFindings([blocker], all);
    expect(capped.uncapped).toBeGreaterThan(90);
    expect(capped.score.overall).toBe(59);
    expect(capped.score.grade).toBe('F');
    expect(capped.caps).toEqual([{ severity: 'blocker', max: 59, fingerprints: [blocker.fingerprint] }]);

    // One high in docs (weight 0.5): 3 risk points, 97; two highs of different rules in security: 36, 70.
    const high = scoreFindings([finding({ category: 'docs', severity: 'high' })], all);
    expect(high.score.overall).toBe(97);
    expect(high.caps).toEqual([]);
    const twoHighs = scoreFindings([finding({ id: 'a', category: 'security', severity: 'high' }), finding({ id: 'b', category: 'security', severity: 'high' })], all);
    expect(twoHighs.score.overall).toBe(70);

    // A cap that does not bind is not reported: four blockers of security already score 55.
    const many = [1, 2, 3, 4].map((i) => finding({ id: `r${i}`, category: 'security', severity: 'blocker' }));
    const low = scoreFindings(many, new Set<Category>(['security']));
    expect(low.risk).toBe(60);
    expect(low.score.overall).toBe(55);
    expect(low.caps).toEqual([]);
  });

  it('stops at 0 and charges only what the category actually lost', () => {
    const list = [1, 2, 3].map((i) => finding({ id: `rule-${i}`, category: 'security', severity: 'blocker' }));
    const { score, lost } = scoreFindings(list, all);
    expect(score.categories.security.score).toBe(0);
    expect(lost.map((l) => [l.nominal, l.points])).toEqual([
      [6, 6],
      [6, 4],
      [6, 0],
    ]);
  });

  it('traces every point: per category the points charged add up exactly to 10 − score (random reports)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = random(seed);
      const findings = Array.from({ length: Math.floor(r() * 60) }, () =>
        finding({ id: pick(r, ['a', 'b', 'c', 'd']), category: pick(r, CATEGORIES), severity: pick(r, SEVERITIES), confidence: pick(r, CONFIDENCES) }),
      );
      const applicable = new Set(CATEGORIES.filter(() => r() < 0.6));
      const { score, lost, categories, uncapped } = scoreFindings(findings, applicable);
      for (const c of CATEGORIES) {
        const s = score.categories[c].score;
        if (s === null) {
          expect(findings.some((f) => f.category === c)).toBe(false);
          continue;
        }
        const charged = lost.filter((l) => l.category === c).reduce((n, l) => n + cents(l.points), 0);
        expect(charged).toBe(1000 - cents(s));
        expect(cents((categories.find((x) => x.category === c)?.lost ?? -1))).toBe(charged);
      }
      // Nothing free is ever charged.
      for (const l of lost) {
        const f = findings.find((x) => x.fingerprint === l.fingerprint);
        expect(f?.confidence).not.toBe('low');
        expect(f?.severity).not.toBe('info');
      }
      // The risk is the sum of the categories' risk, each its loss × weight × RISK_PER_POINT; caps only ever lower the result.
      for (const c of categories) expect(cents(c.risk)).toBe(Math.round(cents(c.lost) * c.weight * RISK_PER_POINT));
      const risk = categories.reduce((n, c) => n + cents(c.risk), 0);
      expect(uncapped).toBe(Math.round(100 * Math.exp(-risk / 100 / 100)));
      expect(score.overall).toBeLessThanOrEqual(uncapped);
    }
  });

  it('gives the same result whatever the order of the findings', () => {
    const r = random(7);
    const list = Array.from({ length: 40 }, () => finding({ id: pick(r, ['a', 'b']), category: pick(r, CATEGORIES), severity: pick(r, SEVERITIES), confidence: pick(r, CONFIDENCES) }));
    const reversed = [...list].reverse();
    expect(scoreFindings(reversed, all)).toEqual(scoreFindings(list, all));
  });

  it('grades by the documented boundaries', () => {
    expect([100, 90, 89, 80, 79, 70, 69, 60, 59, 0].map(grade)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F']);
  });

  it('weighs every category', () => {
    for (const c of CATEGORIES) expect(CATEGORY_WEIGHTS[c]).toBeGreaterThan(0);
  });

  it('scores an incomplete analysis 0, never more than any complete one, and says what was not analysed', () => {
    const r = random(12);
    for (let round = 0; round < 200; round++) {
      const findings = Array.from({ length: Math.floor(r() * 6) }, (_, i) =>
        finding({ id: `r${i}`, fingerprint: `f${round}-${i}`, category: pick(r, CATEGORIES), severity: pick(r, SEVERITIES), confidence: pick(r, CONFIDENCES) }),
      );
      const complete = scoreFindings(findings, all);
      const incomplete = scoreFindings(findings, all, ['src/huge.py']);
      // Whatever the unread file would have added, the complete score is at least the incomplete one.
      expect(incomplete.score.overall).toBeLessThanOrEqual(complete.score.overall);
      expect(incomplete.score.overall).toBe(0);
      expect(incomplete.score.grade).toBe('F');
      expect(incomplete.score.unanalysed).toEqual(['src/huge.py']);
      // The categories still show what the analysed files cost, and the breakdown is unchanged.
      expect(incomplete.score.categories).toEqual(complete.score.categories);
      expect(incomplete.uncapped).toBe(complete.uncapped);
    }
    expect(scoreFindings([], all).score).not.toHaveProperty('unanalysed');
  });

  it('counts as unanalysed only files, folders and rules that produced nothing', () => {
    const errors = [
      { path: 'b.py', kind: 'analysis-failed' as const, message: 'parser aborted' },
      { path: 'a/secret', kind: 'unreadable' as const, message: 'EACCES' },
      { path: 'b.py', kind: 'analysis-failed' as const, message: 'again' },
      { path: 'c.py', kind: 'syntax-error' as const, message: 'facts from the valid parts', line: 3 },
      { path: 'd.js', kind: 'too-large' as const, message: 'over max-file-size' },
      { path: 'e.png', kind: 'binary' as const, message: 'binary' },
      { path: 'f.py', kind: 'invalid-utf8' as const, message: 'replaced' },
    ];
    expect(unanalysedPaths(errors)).toEqual(['a/secret', 'b.py']);
  });

  it('matches the score stored in the fixture report (traceScore re-runs the same model)', () => {
    const report = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'data', 'report.json'), 'utf8')) as Report;
    expect(report.score.model).toBe(SCORE_MODEL);
    const trace = traceScore(report);
    expect(trace?.score).toEqual(report.score);
    expect(traceScore({ ...report, score: { ...report.score, model: 'seaworthy-score/0' } })).toBeUndefined();
  });
});
