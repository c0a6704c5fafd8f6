/** `seaworthy rules [ID]`: the catalogue, or one rule's documentation. */
import { readRuleDocs } from '../../engine/rule-docs.js';
import { findRuleById, ruleIdCandidates, suggestRuleId } from '../../engine/rule-ids.js';
import type { Rule } from '../../engine/rule.js';
import { UsageError } from '../../errors.js';
import { RULES } from '../../rules/index.js';
import { byCodePoint } from '../../util/order.js';

export function rulesCommand(id: string | undefined, format: 'text' | 'json' = 'text'): string {
  if (!id && format === 'json') {
    const rows = [...RULES].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0));
    const list = rows.map(({ meta: m }) => ({ code: m.code, name: m.name, category: m.category, severity: m.severity, status: m.status, archetypes: [...m.archetypes], description: m.description }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  if (!id) {
    const rows = [...RULES].sort((a, b) => byCodePoint(a.meta.code, b.meta.code));
    const width = Math.max(...rows.map((r) => r.meta.name.length));
    return `${rows.map((r) => `${r.meta.code.padEnd(8)} ${r.meta.name.padEnd(width)}  ${r.meta.category.padEnd(15)} ${r.meta.severity.padEnd(7)} ${r.meta.status.padEnd(8)} ${r.meta.description}`).join('\n')}\n`;
  }
  const rule = findRule(id);
  if (!rule) {
    throw new UsageError(`no rule named '${id}'`, `${suggestRuleId(id, ruleIdCandidates(RULES, false))}\`seaworthy rules\` lists them`);
  }
  return describeRule(rule);
}

/** A rule of the catalogue by name, former name or code (any case). */
export function findRule(id: string): Rule | undefined {
  return findRuleById(id, RULES);
}

/** The rule's meta as a header, then its docs.md. */
export function describeRule(rule: Rule): string {
  const docs = readRuleDocs(rule) ?? '';
  const m = rule.meta;
  const header = [
    `${m.code} ${m.name} — ${m.category}, default severity ${m.severity}, confidence ${m.confidence}, ${m.status}${m.status === 'preview' ? ' (shown only with --preview, never scored)' : ''}`,
    `Applies to: ${m.archetypes.join(', ')}${m.nonGoal ? `\nNot applied elsewhere because: ${m.nonGoal}` : ''}`,
    `Fix: ${m.fix}`,
    `Done when: ${m.acceptance}`,
    '',
  ].join('\n');
  return `${header}\n${docs}`;
}
