/** Programmatic API. Tests and integrations call these rather than the binary. */
export { audit, selectRules, type AuditOptions, type AuditResult } from './audit.js';
export { RULES } from './rules/index.js';
export type { Rule, RuleMeta } from './engine/rule.js';
export * from './model/report.js';
export { render, type Format } from './render/index.js';
