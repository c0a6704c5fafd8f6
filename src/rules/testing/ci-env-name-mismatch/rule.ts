import { defineRule } from '../../../engine/rule.js';
import { nearMiss, optInGates, whereSet } from '../../../project/inventory/env-gates.js';

function squash(name: string): string {
  return name.toUpperCase().replace(/_/g, '').replace(/S$/, '');
}

type MessageId = 'mismatch';

export default defineRule<MessageId>({
  meta: {
    code: 'TST003',
    name: 'ci-env-name-mismatch',
    category: 'testing',
    severity: 'high',
    confidence: 'medium',
    title: 'CI sets a differently spelled variable than the gated tests read',
    description: 'Tests are skipped unless a variable is set; CI sets a variable whose name is one or two characters off (plural, underscore, typo) and that nothing reads.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      mismatch: '{{tests}} {{are}} skipped unless `{{name}}` is set, but CI sets `{{provided}}` ({{where}}) instead — a name nothing reads — so the tests CI means to enable are always skipped.',
    },
    fix: 'Use one spelling: rename the variable in the workflow (or in the test condition) so the two match.',
    acceptance: 'The variable the workflow sets is the one the skip condition reads, and the gated tests run in CI.',
    references: ['pytest skipif', 'vitest skipIf/runIf'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const seen = new Set<string>();
    for (const gate of optInGates(project)) {
      for (const name of gate.names) {
        if (whereSet(project, name).automatic) continue;
        const near = nearMiss(project, name);
        const key = `${name}\u0000${gate.skip.path}`;
        if (!near || seen.has(key)) continue;
        seen.add(key);
        const tests = Math.max(gate.skip.tests, 1);
        report({
          messageId: 'mismatch',
          data: { tests: `${tests} test${tests === 1 ? '' : 's'} in \`${gate.skip.path}\``, are: tests === 1 ? 'is' : 'are', name, provided: near.name, where: `${near.path}:${near.line}${near.manual ? ', a workflow started only by hand' : ''}` },
          path: gate.skip.path,
          line: gate.skip.line,
          related: [{ path: near.path, line: near.line }],
          // Plural or underscore variants are near certain; a one- or two-letter edit is likely.
          confidence: near.manual ? 'low' : squash(near.name) === squash(name) ? 'high' : 'medium',
        });
      }
    }
  },
});
