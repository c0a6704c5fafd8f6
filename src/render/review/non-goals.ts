/**
 * Non-goals as a reviewer gives them: for each component, the recommendations a naive reviewer would make here
 * (the rule's pattern is present in the component) and why they do not fit, each with its evidence and what would
 * change the verdict. Rules that do not apply and found nothing to react to are named on one line.
 */
import type { Archetype, Location, NonGoal, Report } from '../../model/report.js';
import { groupBy } from './data.js';
import { byCodePoint } from '../../util/order.js';

/** At most this many non-goals are explained per component; the others are named on one line. */
export const MAX_EXPLAINED = 8;

export interface ExplainedNonGoal {
  id: string;
  code: string;
  reason: string;
  /** Places in the component the rule would have reported. */
  matches: number;
  evidence: Location[];
  /** What would make the recommendation fit (the archetypes the rule judges). */
  unless: string;
}

export interface ComponentNonGoals {
  component: string;
  archetype: Archetype;
  explained: ExplainedNonGoal[];
  /** Rules with the pattern present beyond the first MAX_EXPLAINED, with how many places each. */
  alsoPresent: Array<{ code: string; matches: number }>;
  /** Rules that do not apply here and reported no place to react to (some do not look at such components at all). */
  notApplicable: string[];
}

const AS_ROLE: Record<Archetype, string> = {
  service: 'a service',
  worker: 'a worker',
  cli: 'a command-line program',
  library: 'a library',
  frontend: 'a front-end',
  infra: 'deployment configuration',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "If this component becomes a service or a worker, these 3 places would be findings." */
export function unlessText(n: Pick<NonGoal, 'appliesTo' | 'archetype' | 'matches'>): string {
  const roles = (n.appliesTo ?? []).filter((a) => a !== n.archetype && a !== 'infra').map((a) => AS_ROLE[a]);
  if (roles.length === 0) return '';
  const list = roles.length === 1 ? roles[0] : `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`;
  const matches = n.matches ?? 0;
  return `If this component becomes ${list}, ${matches === 1 ? 'this place becomes a finding' : `these ${matches} places become findings`}.`;
}

export function groupNonGoals(report: Report): ComponentNonGoals[] {
  const order = new Map(report.profile.components.map((c, i) => [c.path, i]));
  const byComponent = groupBy(report.nonGoals, (n) => n.component);
  return [...byComponent.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || byCodePoint(a, b))
    .map(([component, list]) => {
      const present = list
        .filter((n) => (n.matches ?? 0) > 0 && (n.evidence ?? []).length > 0)
        .sort((a, b) => (b.matches ?? 0) - (a.matches ?? 0) || byCodePoint(a.code, b.code));
      const explained = present.slice(0, MAX_EXPLAINED).map((n) => ({
        id: n.id,
        code: n.code,
        reason: n.reason,
        matches: n.matches ?? 0,
        evidence: n.evidence ?? [],
        unless: unlessText(n),
      }));
      const shown = new Set(present.map((n) => n.id));
      return {
        component,
        archetype: (list[0] as NonGoal).archetype,
        explained,
        alsoPresent: present.slice(MAX_EXPLAINED).map((n) => ({ code: n.code, matches: n.matches ?? 0 })),
        notApplicable: [...new Set(list.filter((n) => !shown.has(n.id)).map((n) => n.code))].sort(byCodePoint),
      };
    });
}

/** "RTY001 (4 places), TMO002 (1 place)". */
export function alsoPresentText(list: ComponentNonGoals['alsoPresent']): string {
  return list.map((n) => `${n.code} (${plural(n.matches, 'place')})`).join(', ');
}
