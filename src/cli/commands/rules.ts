/** `seaworthy rules [ID]`: the catalogue of rules (or of strength checks), or one entry's documentation. */
import { readRuleDocs, readStrengthDocs } from '../../engine/rule-docs.js';
import { findRuleById, ruleIdCandidates, suggestRuleId } from '../../engine/rule-ids.js';
import type { Rule } from '../../engine/rule.js';
import type { StrengthCheck } from '../../engine/strength.js';
import { UsageError } from '../../errors.js';
import { RULES } from '../../rules/index.js';
import { STRENGTHS } from '../../strengths/index.js';
import { byCodePoint } from '../../util/order.js';

export interface RulesOptions {
  /** List the strength checks instead of the rules. */
  strengths?: boolean;
  format?: 'text' | 'json';
}

export function rulesCommand(id: string | undefined, options: RulesOptions = {}): string {
  if (!id) {
    const json = options.format === 'json';
    if (options.strengths === true) return json ? strengthsJson() : listStrengths();
    return json ? rulesJson() : listRules();
  }
  const rule = findRule(id);
  if (rule) return describeRule(rule);
  const check = findStrength(id);
  if (check) return describeStrength(check);
  throw new UsageError(
    `no rule or strength check named '${id}'`,
    `${suggestRuleId(id, [...ruleIdCandidates(RULES, false), ...STRENGTHS.flatMap((c) => [c.meta.code, c.meta.name])])}\`seaworthy rules\` lists the rules, \`seaworthy rules --strengths\` the strength checks`,
  );
}

function rulesJson(): string {
  const rows = [...RULES].sort((a, b) => byCodePoint(a.meta.code, b.meta.code));
  const list = rows.map(({ meta: m }) => ({ code: m.code, name: m.name, category: m.category, severity: m.severity, status: m.status, archetypes: [...m.archetypes], description: m.description }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

function strengthsJson(): string {
  const rows = [...STRENGTHS].sort((a, b) => byCodePoint(a.meta.code, b.meta.code));
  const list = rows.map(({ meta: m }) => ({ code: m.code, name: m.name, category: m.category, status: m.status, archetypes: [...m.archetypes], title: m.title, condition: m.condition, opposes: m.opposes.map((o) => ({ ...o })) }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

function listRules(): string {
  const rows = [...RULES].sort((a, b) => byCodePoint(a.meta.code, b.meta.code));
  const width = Math.max(...rows.map((r) => r.meta.name.length));
  return `${rows.map((r) => `${r.meta.code.padEnd(8)} ${r.meta.name.padEnd(width)}  ${r.meta.category.padEnd(15)} ${r.meta.severity.padEnd(7)} ${r.meta.status.padEnd(8)} ${r.meta.description}`).join('\n')}\n`;
}

function listStrengths(): string {
  const rows = [...STRENGTHS].sort((a, b) => byCodePoint(a.meta.code, b.meta.code));
  const width = Math.max(0, ...rows.map((c) => c.meta.name.length));
  return `${rows.map((c) => `${c.meta.code.padEnd(8)} ${c.meta.name.padEnd(width)}  ${c.meta.category.padEnd(15)} ${c.meta.status.padEnd(8)} ${c.meta.title}: ${c.meta.condition}`).join('\n')}\n`;
}

/** A rule of the catalogue by name, former name or code (any case). */
export function findRule(id: string): Rule | undefined {
  return findRuleById(id, RULES);
}

/** A strength check of the catalogue by name or code (any case). */
export function findStrength(id: string): StrengthCheck | undefined {
  return STRENGTHS.find((c) => c.meta.name === id || c.meta.code === id.toUpperCase());
}

/** The rule's meta as a header, then its docs.md. */
export function describeRule(rule: Rule): string {
  const docs = readRuleDocs(rule) ?? '';
  const m = rule.meta;
  const header = [
    `${m.code} ${m.name} — ${m.category}, default severity ${m.severity}, confidence ${m.confidence}, ${m.status}${m.status === 'preview' ? ' (shown only with --preview, never scored)' : ''}`,
    `Applies to: ${m.archetypes.join(', ')}${m.nonGoal ? `\nNot applied elsewhere because: ${m.nonGoal}` : ''}`,
    `Development, vendored, benchmark and template files: ${m.roles?.length ? `only ${m.roles.join(', ')} files are judged` : 'not judged'}`,
    `Fix: ${m.fix}`,
    `Done when: ${m.acceptance}`,
    '',
  ].join('\n');
  return `${header}\n${docs}`;
}

/** The strength check's meta as a header, then its docs.md. */
export function describeStrength(check: StrengthCheck): string {
  const docs = readStrengthDocs(check) ?? '';
  const m = check.meta;
  const header = [
    `${m.code} ${m.name} — strength check, ${m.category}, ${m.status}${m.status === 'preview' ? ' (credits only with --preview)' : ''}`,
    `Credits: ${m.title}`,
    `Condition: ${m.condition}`,
    `Judged for: ${m.archetypes.join(', ')}`,
    ...(m.opposes.length > 0 ? [`Never credited beside a finding of: ${m.opposes.map((o) => `${o.rule} (same ${o.scope})`).join(', ')}`] : []),
    '',
  ].join('\n');
  return `${header}\n${docs}`;
}
