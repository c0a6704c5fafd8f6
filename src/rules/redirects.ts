/**
 * Names rules had before a rename, and the rule each is now (old name → current name). A renamed rule keeps its
 * code; its old name stays accepted wherever users write rule ids (`--only`, `--skip`, `.seaworthy.yml`, `seaworthy
 * rules`), and scripts/generate-registry.mjs lists it in schema/config.v1.json as deprecated. Add a line here when
 * you rename a rule's folder; never remove one.
 */
export const RULE_REDIRECTS: Readonly<Record<string, string>> = {};
