/**
 * A rule's documentation (`docs.md` beside its rule.ts, copied next to the compiled rule by the build), the pieces
 * of it that reach reports (the impact is the first paragraph under "## Why is this bad?"), and the rule
 * descriptions renderers need (SARIF `tool.driver.rules`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_URL, type RuleDoc } from '../model/rule-doc.js';
import { RULE_FOLDERS } from '../rules/index.js';
import { markdownSection } from '../util/markdown-section.js';
import { packageRoot } from '../util/package-root.js';
import type { Rule } from './rule.js';

/** Where the documentation is published: each rule's docs.md in the repository. */
export const RULE_DOCS_URL = `${REPOSITORY_URL}/blob/main/src/rules/`;

const cache = new Map<string, string | undefined>();

/** The rule's docs.md, or undefined for a rule outside the catalogue (tests) or a missing file. */
export function readRuleDocs(rule: Pick<Rule, 'meta'>): string | undefined {
  const name = rule.meta.name;
  if (cache.has(name)) return cache.get(name);
  const folder = RULE_FOLDERS[name];
  // Compiled code reads the copies scripts/copy-assets.mjs puts in dist/; tests run from src/.
  const base = import.meta.url.endsWith('.ts') ? 'src' : 'dist';
  let docs: string | undefined;
  try {
    docs = folder ? readFileSync(join(packageRoot(), base, 'rules', folder, 'docs.md'), 'utf8') : undefined;
  } catch {
    docs = undefined;
  }
  cache.set(name, docs);
  return docs;
}

const impacts = new Map<string, string | undefined>();

/** The first paragraph of "## Why is this bad?", on one line: what goes wrong in production. Read once per rule. */
export function impactOf(rule: Pick<Rule, 'meta'>): string | undefined {
  const name = rule.meta.name;
  if (impacts.has(name)) return impacts.get(name);
  const docs = readRuleDocs(rule);
  const why = docs === undefined ? undefined : markdownSection(docs, 'Why is this bad?');
  const impact = why?.split(/\n\s*\n/)[0]?.replace(/\s+/g, ' ').trim();
  impacts.set(name, impact);
  return impact;
}

export function describeRules(rules: readonly Rule[]): RuleDoc[] {
  return rules.map((rule) => {
    const { meta } = rule;
    const folder = RULE_FOLDERS[meta.name];
    return {
      code: meta.code,
      name: meta.name,
      category: meta.category,
      severity: meta.severity,
      confidence: meta.confidence,
      title: meta.title,
      description: meta.description,
      docs: readRuleDocs(rule) ?? '',
      helpUri: folder ? `${RULE_DOCS_URL}${folder}/docs.md` : REPOSITORY_URL,
    };
  });
}
