/** What a finding carries from its rule's documentation into the report: impact and acceptance criteria. */
import { impactOf } from '../engine/rule-docs.js';
import type { Rule } from '../engine/rule.js';
import type { Finding } from '../model/report.js';

export function ruleGuidance(rule: Pick<Rule, 'meta'>): Pick<Finding, 'impact' | 'acceptance'> {
  const impact = impactOf(rule);
  const acceptance = rule.meta.acceptance.trim();
  return { ...(impact ? { impact } : {}), ...(acceptance ? { acceptance } : {}) };
}
