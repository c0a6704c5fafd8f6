/** What a finding carries from its rule's documentation into the report: impact and acceptance criteria. */
import { impactOf } from '../engine/rule-docs.js';
import type { Rule } from '../engine/rule.js';
import type { Finding } from '../model/report.js';
import { forLanguageOf } from './language-text.js';

/** Impact (in the language of the file at `path`, where the rule gives one) and acceptance criteria. */
export function ruleGuidance(rule: Pick<Rule, 'meta'>, path?: string): Pick<Finding, 'impact' | 'acceptance'> {
  const impact = (path === undefined ? undefined : forLanguageOf(path, rule.meta.impactFor)) ?? impactOf(rule);
  const acceptance = rule.meta.acceptance.trim();
  return { ...(impact ? { impact } : {}), ...(acceptance ? { acceptance } : {}) };
}
