/** `seaworthy rules [ID]`: the catalogue, or one rule's documentation. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { RULE_FOLDERS, RULES } from '../../rules/index.js';
import { packageRoot } from '../../util/package-root.js';

export function rulesCommand(id: string | undefined): string {
  if (!id) {
    const rows = [...RULES].sort((a, b) => a.meta.code.localeCompare(b.meta.code));
    const width = Math.max(...rows.map((r) => r.meta.name.length));
    return `${rows.map((r) => `${r.meta.code.padEnd(8)} ${r.meta.name.padEnd(width)}  ${r.meta.category.padEnd(15)} ${r.meta.severity.padEnd(7)} ${r.meta.description}`).join('\n')}\n`;
  }
  const rule = RULES.find((r) => r.meta.name === id || r.meta.code === id.toUpperCase());
  if (!rule) throw new UsageError(`no rule named '${id}'`, 'run `seaworthy rules` to list them');
  const folder = RULE_FOLDERS[rule.meta.name];
  const base = import.meta.url.endsWith('.ts') ? 'src' : 'dist';
  const docs = folder ? readFileSync(join(packageRoot(), base, 'rules', folder, 'docs.md'), 'utf8') : '';
  const m = rule.meta;
  const header = [
    `${m.code} ${m.name} — ${m.category}, default severity ${m.severity}, confidence ${m.confidence}`,
    `Applies to: ${m.archetypes.join(', ')}${m.nonGoal ? `\nNot applied elsewhere because: ${m.nonGoal}` : ''}`,
    '',
  ].join('\n');
  return `${header}\n${docs}`;
}
