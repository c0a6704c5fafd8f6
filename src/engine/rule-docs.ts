/** Rule documentation for renderers (SARIF `tool.driver.rules`): metadata plus each rule's docs.md. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_URL, type RuleDoc } from '../model/rule-doc.js';
import { RULE_FOLDERS } from '../rules/index.js';
import { packageRoot } from '../util/package-root.js';
import type { Rule } from './rule.js';

/** Where the documentation is published: each rule's docs.md in the repository. */
export const RULE_DOCS_URL = `${REPOSITORY_URL}/blob/main/src/rules/`;

function readDocs(folder: string | undefined): string {
  if (!folder) return '';
  // Compiled code reads the copies scripts/copy-assets.mjs puts in dist/; tests run from src/.
  const base = import.meta.url.endsWith('.ts') ? 'src' : 'dist';
  try {
    return readFileSync(join(packageRoot(), base, 'rules', folder, 'docs.md'), 'utf8');
  } catch {
    return '';
  }
}

export function describeRules(rules: readonly Rule[]): RuleDoc[] {
  return rules.map(({ meta }) => {
    const folder = RULE_FOLDERS[meta.name];
    return {
      code: meta.code,
      name: meta.name,
      category: meta.category,
      severity: meta.severity,
      confidence: meta.confidence,
      title: meta.title,
      description: meta.description,
      docs: readDocs(folder),
      helpUri: folder ? `${RULE_DOCS_URL}${folder}/docs.md` : REPOSITORY_URL,
    };
  });
}
