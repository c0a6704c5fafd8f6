/** The reviewer's sections of the Markdown review: done right, non-goals, checklist, tests worth adding. */
import type { Report } from '../../model/report.js';
import { at } from '../review/data.js';
import { CHECKLIST_TIERS, checklist, listPlaces } from '../review/findings.js';
import { groupNonGoals } from '../review/non-goals.js';
import { testsToAdd } from '../review/tests-to-add.js';
import { code, prose } from './escape.js';

export function doneRight(report: Report): string[] {
  const out = ['## Done right', ''];
  if (report.strengths.length === 0) return [...out, 'The rules that ran recorded no strengths for this repository.', ''];
  for (const s of report.strengths) {
    const first = s.locations[0];
    out.push(`- **${prose(s.title)}** (${s.category}${s.component === '.' ? '' : `, ${code(s.component)}`}): ${prose(s.message)}`);
    out.push(`  Evidence: ${s.locations.map((l) => code(at(l.path, l.line))).join(', ')}${first?.snippet ? ` — ${code(first.snippet)}` : ''}`);
  }
  return [...out, ''];
}

export function nonGoals(report: Report): string[] {
  const out = ['## Non-goals', ''];
  const groups = groupNonGoals(report);
  if (groups.length === 0) return [...out, 'Every rule that ran applies to every component found.', ''];
  out.push('What this review deliberately does not recommend, because it does not fit the kind of component; the rules are not run there.', '');
  for (const g of groups) {
    out.push(`### ${code(g.component)} (${g.archetype})`, '');
    for (const e of g.entries) {
      const rules = e.rules.map((r) => `${r.code} ${code(r.id)}`).join(', ');
      out.push(e.sameAs === undefined ? `- ${rules}: ${prose(e.reason)}` : `- ${rules}: same reason as for ${code(e.sameAs)} above.`);
    }
    out.push('');
  }
  return out;
}

export function checklistSection(report: Report): string[] {
  const out = ['## Checklist', ''];
  const items = checklist(report.findings);
  for (const { tier, title, rule } of CHECKLIST_TIERS) {
    out.push(`### ${title}`, '', `_${rule}_`, '');
    const list = items.filter((i) => i.tier === tier);
    if (list.length === 0) out.push('Nothing here.');
    for (const i of list) {
      const places = `${i.places.length === 1 ? '' : `${i.places.length} places: `}${listPlaces(i.places, 5, code)}`;
      const component = i.component === '.' ? '' : ` in ${code(i.component)}`;
      out.push(`- [ ] **${i.code}** ${prose(i.title)}${component}${i.unconfirmed ? ' (unconfirmed: check first)' : ''} — ${places}.${i.acceptance ? ` Done when: ${prose(i.acceptance)}` : ''}`);
    }
    out.push('');
  }
  return out;
}

export function testsSection(report: Report): string[] {
  const out = ['## Tests worth adding', ''];
  const list = testsToAdd(report);
  if (list.length === 0) return [...out, 'No gaps found that a test would close.', ''];
  list.forEach((t, i) => {
    const where = t.where.length > 0 ? ` Where: ${listPlaces(t.where, 5, code)}.` : '';
    out.push(`${i + 1}. ${prose(t.test)} _Because: ${prose(t.because)}._${where}`);
  });
  return [...out, ''];
}
