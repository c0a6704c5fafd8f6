/**
 * Never contradict: a credit and a finding about the same thing in the same component cannot both be in a
 * report. The finding says what is missing, so it stays; the credit is withdrawn, and its message becomes the
 * finding's "done right" note (what part is already right: "timeouts on 11 of 12 calls"). Partial credits are
 * never listed on their own: they exist only to become such notes. Pure: same run in, same run out.
 */
import type { RawFinding, RawStrength, RuleRun } from './run-rules.js';
import type { Opposition } from './strength.js';

function cites(strength: RawStrength, path: string): boolean {
  return strength.path === path || strength.related.some((r) => r.path === path);
}

function opposes(strength: RawStrength, finding: RawFinding, opposition: Opposition): boolean {
  if (finding.rule.meta.name !== opposition.rule || finding.component !== strength.component) return false;
  if (opposition.scope === 'component') return true;
  return cites(strength, finding.path) || finding.related.some((r) => cites(strength, r.path));
}

function byPlace(a: RawFinding, b: RawFinding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line;
}

export function reconcile(run: RuleRun): RuleRun {
  const strengths: RawStrength[] = [];
  for (const strength of run.strengths) {
    const against = run.findings
      .filter((f) => strength.check.meta.opposes.some((o) => opposes(strength, f, o)))
      .sort(byPlace);
    const first = against[0];
    if (first) {
      // The first opposing finding carries the note; the other findings of the same gap say the same thing.
      first.doneRight ??= { check: strength.check.meta.name, message: strength.message };
      continue;
    }
    if (!strength.partial) strengths.push(strength);
  }
  return { ...run, strengths };
}
