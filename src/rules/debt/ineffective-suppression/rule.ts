import { directivesIn } from '../../../engine/suppress.js';
import { defineRule } from '../../../engine/rule.js';

/**
 * Inline suppression comments that do nothing. `check` reports the ones that are wrongly written; the report
 * builder adds `unknownRule` and `unused` once every other rule has run (see report/suppressions.ts), because
 * only then is it known which directives matched a finding.
 */
export default defineRule({
  meta: {
    code: 'DEBT100',
    name: 'ineffective-suppression',
    category: 'debt',
    severity: 'low',
    confidence: 'high',
    title: 'Ineffective suppression comment',
    description: 'A `seaworthy: ignore[…]` comment that suppresses nothing: no reason, malformed, an unknown rule, or nothing left to suppress.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      noReason: 'This suppression gives no reason, so it suppresses nothing: write why the finding is accepted after the closing bracket.',
      malformed: 'This is not a valid suppression, so it suppresses nothing: write `seaworthy: ignore[rule-id] reason` with rule names or codes (there is no ignore-everything form).',
      unknownRule: '`ignore[{{id}}]` names no seaworthy rule, so it suppresses nothing: use a rule name or code listed by `seaworthy rules`.',
      unused: '`ignore[{{id}}]` suppresses nothing: {{id}} reports nothing on this line{{next}}. Remove the suppression.',
    },
    fix: 'Give every suppression a rule id and a reason (`# seaworthy: ignore[TMO001] the CLI waits for the user anyway`), and delete the ones that no longer match a finding.',
    acceptance: 'Every `seaworthy: ignore[…]` comment names an existing rule, gives a reason and suppresses a finding.',
    references: ['ESLint --report-unused-disable-directives', 'ruff RUF100 (unused-noqa)', 'ruff PGH004 (blanket-noqa)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.files) {
      for (const directive of directivesIn(file)) {
        if (directive.problem === 'no-reason') report({ messageId: 'noReason', path: file.path, line: directive.line });
        else if (directive.problem === 'malformed') report({ messageId: 'malformed', path: file.path, line: directive.line });
      }
    }
  },
});
