/** The reviewer's sections of the Markdown review: done right, non-goals, checklist, tests worth adding. */
import type { Report } from '../../model/report.js';
import { at } from '../review/data.js';
import { CHECKLIST_TIERS, checklist, listPlaces } from '../review/findings.js';
import { alsoPresentText, groupNonGoals } from '../review/non-goals.js';
import { testsToAdd } from '../review/tests-to-add.js';
import { code, prose } from './escape.js';

export function doneRight(report: Report): string[] {
  const out = ['## Done right', ''];
  if (report.strengths.length === 0) return [...out, 'The rules that ran recorded no strengths for this repository.', ''];
  for (const s of report.strengths) {
    const first = s.locations[0];
    out.push(`- **${prose(s.title)}** (${s.category}${s.component === '.' ? '' : `, ${code(s.component)}`}): ${prose(s.message)} Evidence: ${s.locations.map((l) => code(at(l.path, l.line))).join(', ')}${first?.snippet ? ` — ${code(first.snippet)}` : ''}`);
  }
  return [...out, ''];
}

export function nonGoals(report: Report): string[] {
  const out = ['## Non-goals', ''];
  const groups = groupNonGoals(report);
  if (groups.length === 0) return [...out, 'Every rule that ran applies to every component found.', ''];
  out.push('What this review deliberately does not recommend. Each entry is a pattern a reviewer would react to, present in this component, with the reason it does not fit the component\'s kind and what would change that.', '');
  for (const g of groups) {
    out.push(`### ${code(g.component)} (${g.archetype})`, '');
    if (g.explained.length === 0) out.push('No pattern that only matters for other kinds of component was found here.', '');
    for (const n of g.explained) {
      const places = `${n.evidence.map((l) => code(at(l.path, l.line))).join(', ')}${n.matches > n.evidence.length ? ` and ${n.matches - n.evidence.length} more` : ''}`;
      const first = n.evidence[0];
      out.push(`- **${n.code}** ${code(n.id)} — present at ${places}${first?.snippet ? ` (${code(first.snippet)})` : ''}. ${prose(n.reason)}${n.unless ? ` ${prose(n.unless)}` : ''}`);
    }
    if (g.alsoPresent.length > 0) out.push(`- Also present, not judged here: ${alsoPresentText(g.alsoPresent)}.`);
    if (g.notApplicable.length > 0) out.push(`- Also not applied to ${g.archetype} components: ${g.notApplicable.join(', ')}.`);
    out.push('');
  }
  return out;
}

export function checklistSection(report: Report): string[] {
  const out = ['## Checklist', ''];
  const items = checklist(report.findings);
  for (const { tier, title, rule } of CHECKLIST_TIERS) {
    out.push(`### ${title} (${rule})`, '');
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
