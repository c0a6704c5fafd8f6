/**
 * Rule ids as users write them (`--only`, `--skip`, `.seaworthy.yml`, `seaworthy rules ID`): a rule's name, its
 * code (any case), or a name it had before a rename (rules/redirects.ts); selectors may also name a category.
 * Anything else is a typo, answered with the closest id.
 */
import { UsageError } from '../errors.js';
import { CATEGORIES } from '../model/report.js';
import { RULE_REDIRECTS } from '../rules/redirects.js';
import { didYouMean } from '../util/text.js';
import type { Rule } from './rule.js';

/** The current name for a rule's former name; any other id unchanged. */
export function currentRuleId(id: string, redirects: Readonly<Record<string, string>> = RULE_REDIRECTS): string {
  return Object.hasOwn(redirects, id) ? (redirects[id] ?? id) : id;
}

/** The rule an id names, if any. */
export function findRuleById(id: string, rules: readonly Rule[], redirects: Readonly<Record<string, string>> = RULE_REDIRECTS): Rule | undefined {
  const name = currentRuleId(id, redirects);
  const code = id.toUpperCase();
  return rules.find((r) => r.meta.name === name || r.meta.code === code);
}

/** Does a selector (rule id or category) pick this rule? */
export function selects(selector: string, rule: Rule, redirects: Readonly<Record<string, string>> = RULE_REDIRECTS): boolean {
  return selector === rule.meta.category || findRuleById(selector, [rule], redirects) !== undefined;
}

/**
 * The start of a hint for a mistyped rule id: "did you mean X? " with the closest candidate, or, for a code no
 * candidate is close to (`TMO999`), the codes with its prefix; '' when nothing is close.
 */
export function suggestRuleId(id: string, candidates: readonly string[]): string {
  const close = didYouMean(id, candidates);
  if (close) return `did you mean ${close}? `;
  const prefix = /^([a-z]+)\d+$/i.exec(id)?.[1]?.toUpperCase();
  const sameFamily = prefix ? candidates.filter((c) => new RegExp(`^${prefix}\\d+$`).test(c)) : [];
  return sameFamily.length > 0 ? `the ${prefix} codes are ${sameFamily.join(', ')}; ` : '';
}

/** Rule codes, then rule names (and categories), as candidates for a suggestion. */
export function ruleIdCandidates(rules: readonly Rule[], withCategories: boolean): string[] {
  const codes = rules.map((r) => r.meta.code).sort();
  const names = rules.map((r) => r.meta.name).sort();
  return [...codes, ...names, ...(withCategories ? CATEGORIES : [])];
}

/** A usage error for each selector that names neither a rule nor a category, the first one thrown. */
export function checkSelectors(selectors: readonly string[], flag: string, rules: readonly Rule[]): void {
  for (const selector of selectors) {
    if ((CATEGORIES as readonly string[]).includes(selector) || findRuleById(selector, rules)) continue;
    throw new UsageError(
      `${flag}: no rule or category named '${selector}'`,
      `${suggestRuleId(selector, ruleIdCandidates(rules, true))}\`seaworthy rules\` lists the rule codes and names; the categories are ${CATEGORIES.join(', ')}`,
    );
  }
}
