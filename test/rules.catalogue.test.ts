/**
 * The catalogue as a whole: the generated registry equals the rule folders, every rule's documentation has the
 * required headings, codes are unique and carry their category's prefix, names are kebab-case, and every rule's
 * status is one the engine knows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../src/model/report.js';
import { RULE_FOLDERS, RULES } from '../src/rules/index.js';
import { renderRegistry, ruleFolders } from '../scripts/generate-registry.mjs';

const rulesDir = join(import.meta.dirname, '..', 'src', 'rules');

const PREFIX: Record<Category, string> = {
  'error-handling': 'ERR',
  timeouts: 'TMO',
  retries: 'RTY',
  resilience: 'RES',
  database: 'DB',
  security: 'SEC',
  concurrency: 'CON',
  validation: 'VAL',
  testing: 'TST',
  observability: 'OBS',
  infrastructure: 'INF',
  ci: 'CI',
  dependencies: 'DEP',
  config: 'CFG',
  docs: 'DOC',
  debt: 'DEBT',
  bug: 'BUG',
  'api-design': 'API',
};

const REQUIRED_HEADINGS = ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## When it does not apply', '## References'];

describe('rule catalogue', () => {
  it('the committed registry is what the folders generate', () => {
    const folders = ruleFolders();
    expect(readFileSync(join(rulesDir, 'index.ts'), 'utf8')).toBe(renderRegistry(folders));
    expect(Object.values(RULE_FOLDERS).sort()).toEqual(folders);
  });

  it('every rule lives in the folder of its category and name', () => {
    const misplaced = RULES.filter((r) => RULE_FOLDERS[r.meta.name] !== `${r.meta.category}/${r.meta.name}`).map((r) => r.meta.name);
    expect(misplaced).toEqual([]);
  });

  it('codes are unique and carry the category prefix plus three digits', () => {
    const codes = RULES.map((r) => r.meta.code);
    expect(new Set(codes).size).toBe(codes.length);
    const wrong = RULES.filter((r) => !new RegExp(`^${PREFIX[r.meta.category]}\\d{3}$`).test(r.meta.code)).map((r) => `${r.meta.name}: ${r.meta.code}`);
    expect(wrong).toEqual([]);
    expect(Object.keys(PREFIX).sort()).toEqual([...CATEGORIES].sort());
  });

  it('names are kebab-case', () => {
    const wrong = RULES.map((r) => r.meta.name).filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n));
    expect(wrong).toEqual([]);
  });

  it('every rule has docs.md with the required headings, in order', () => {
    const problems: string[] = [];
    for (const rule of RULES) {
      const file = join(rulesDir, RULE_FOLDERS[rule.meta.name] ?? '', 'docs.md');
      if (!existsSync(file)) {
        problems.push(`${rule.meta.name}: no docs.md`);
        continue;
      }
      const headings = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .map((l) => l.trim());
      const positions = REQUIRED_HEADINGS.map((h) => headings.indexOf(h));
      if (positions.some((p) => p < 0)) problems.push(`${rule.meta.name}: missing ${REQUIRED_HEADINGS.filter((_, i) => (positions[i] ?? -1) < 0).join(', ')}`);
      else if (positions.some((p, i) => i > 0 && p < (positions[i - 1] ?? 0))) problems.push(`${rule.meta.name}: headings out of order`);
    }
    expect(problems).toEqual([]);
  });

  it('every rule has a status the engine knows, a title, a description, a fix and acceptance criteria', () => {
    const wrong = RULES.filter(
      (r) => !['stable', 'preview'].includes(r.meta.status) || !r.meta.title || !r.meta.description || !r.meta.fix || !r.meta.acceptance,
    ).map((r) => r.meta.name);
    expect(wrong).toEqual([]);
  });
});
