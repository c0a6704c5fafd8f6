import type { ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { editDistance } from '../../../util/text.js';

type MessageId = 'unknownType' | 'notAString';

const TYPES = new Set(['undefined', 'object', 'boolean', 'number', 'string', 'function', 'symbol', 'bigint']);

/** The closest valid type name, for the hint: `undefinded` → `undefined`. */
function closest(word: string): string {
  let best = 'undefined';
  let bestScore = Infinity;
  for (const t of TYPES) {
    const score = editDistance(word.toLowerCase(), t);
    if (score < bestScore) [best, bestScore] = [t, score];
  }
  return best;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG005',
    name: 'invalid-typeof-comparison',
    category: 'bug',
    severity: 'high',
    confidence: 'high',
    title: '`typeof` compared with a value it never returns',
    description: '`typeof x === "undefinded"` or `typeof x === undefined`: `typeof` only returns one of eight strings, so the comparison is constant.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      unknownType: '`{{text}}`: `typeof` never returns {{literal}} (only "undefined", "object", "boolean", "number", "string", "function", "symbol", "bigint"), so the comparison is always {{result}}. Did you mean "{{closest}}"?',
      notAString: '`{{text}}`: `typeof` returns a string, never {{literal}}, so the comparison is always {{result}}. {{fix}}',
    },
    fix: 'Compare `typeof x` with one of the eight type-name strings, spelled exactly.',
    acceptance: 'Every `typeof` comparison uses one of "undefined", "object", "boolean", "number", "string", "function", "symbol", "bigint".',
    references: ['ESLint valid-typeof', 'TypeScript error 2367 (no overlap), when types are checked', 'CWE-570: Expression is Always False'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: ['typescript', 'tsx', 'javascript'] })) {
      for (const c of file.comparisons ?? []) {
        const typeofSide = c.left.text.startsWith('typeof ') ? c.left : c.right.text.startsWith('typeof ') ? c.right : null;
        const other: ValueFact | undefined = typeofSide === c.left ? c.right : typeofSide === c.right ? c.left : undefined;
        if (!typeofSide || !other || other.text.startsWith('typeof ')) continue;
        const negated = c.operator.startsWith('!');
        const text = `${c.left.text} ${c.operator} ${c.right.text}`;
        const result = negated ? 'true' : 'false';
        if (other.kind === 'string') {
          const value = String(other.value);
          if (TYPES.has(value)) continue;
          report({ messageId: 'unknownType', data: { text, literal: `"${value}"`, result, closest: closest(value) }, path: file.path, line: c.line });
        } else if (other.kind === 'none' || other.kind === 'number' || other.kind === 'bool') {
          const operand = typeofSide.text.slice('typeof '.length);
          const fix =
            other.text === 'null'
              ? `To test for null, compare the value itself: \`${operand} ${negated ? '!==' : '==='} null\`.`
              : `Compare with the string "${other.kind === 'none' ? 'undefined' : other.kind === 'bool' ? 'boolean' : 'number'}".`;
          report({ messageId: 'notAString', data: { text, literal: `\`${other.text}\``, result, fix }, path: file.path, line: c.line });
        }
      }
    }
  },
});
