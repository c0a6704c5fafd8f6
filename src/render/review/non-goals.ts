/**
 * Non-goals grouped by component: which rules are deliberately not applied to each component and why. A reason
 * is printed once; a later component with the same reason points back to the first one.
 */
import type { Archetype, NonGoal, Report } from '../../model/report.js';
import { groupBy } from './data.js';
import { byCodePoint } from '../../util/order.js';

export interface NonGoalEntry {
  rules: Array<{ id: string; code: string }>;
  reason: string;
  /** The component under which this reason was first given, when it was given before. */
  sameAs?: string;
}

export interface ComponentNonGoals {
  component: string;
  archetype: Archetype;
  entries: NonGoalEntry[];
}

export function groupNonGoals(report: Report): ComponentNonGoals[] {
  const order = new Map(report.profile.components.map((c, i) => [c.path, i]));
  const byComponent = groupBy(report.nonGoals, (n) => n.component);
  const firstSeen = new Map<string, string>();
  return [...byComponent.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || byCodePoint(a, b))
    .map(([component, list]) => {
      const byReason = new Map<string, NonGoalEntry>();
      for (const n of [...list].sort((a, b) => byCodePoint(a.code, b.code))) {
        const entry = byReason.get(n.reason) ?? { rules: [], reason: n.reason };
        if (!entry.rules.some((r) => r.id === n.id)) entry.rules.push({ id: n.id, code: n.code });
        byReason.set(n.reason, entry);
      }
      const entries = [...byReason.values()].map((entry) => {
        const seen = firstSeen.get(entry.reason);
        if (seen === undefined) firstSeen.set(entry.reason, component);
        return seen === undefined ? entry : { ...entry, sameAs: seen };
      });
      return { component, archetype: (list[0] as NonGoal).archetype, entries };
    });
}
