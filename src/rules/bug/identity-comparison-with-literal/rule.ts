import type { ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

type MessageId = 'identity';

function literal(v: ValueFact): boolean {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'fstring';
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG004',
    name: 'identity-comparison-with-literal',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: '`is` comparison with a string or number literal',
    description: '`x is "text"` / `x is not 1`: identity with a literal depends on interning and caching, not on the value.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      identity: '`{{text}}` tests identity, not equality, against the literal {{literal}}: whether two equal {{kind}} are the same object depends on CPython\'s interning and caching, so the result can differ between runs, values and Python versions (Python 3.8+ warns: "is" with a literal). Use `{{fixed}}`.',
    },
    fix: 'Compare values with `==` / `!=`; keep `is` for `None`, `True`, `False` and sentinels.',
    acceptance: 'No `is`/`is not` comparison has a string, bytes or number literal operand.',
    references: ['ruff F632 (is-literal)', 'pylint R0123 (literal-comparison)', 'Python 3.8 SyntaxWarning: "is" with a literal', 'CWE-595: Comparison of Object References Instead of Object Contents'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: ['python'] })) {
      for (const c of file.comparisons ?? []) {
        if (c.operator !== 'is' && c.operator !== 'is not') continue;
        const lit = literal(c.right) ? c.right : literal(c.left) ? c.left : null;
        if (!lit) continue;
        const text = `${c.left.text} ${c.operator} ${c.right.text}`;
        report({
          messageId: 'identity',
          data: {
            text,
            literal: `\`${lit.text}\``,
            kind: lit.kind === 'number' ? 'numbers' : 'strings',
            fixed: `${c.left.text} ${c.operator === 'is' ? '==' : '!='} ${c.right.text}`,
          },
          path: file.path,
          line: c.line,
        });
      }
    }
  },
});
