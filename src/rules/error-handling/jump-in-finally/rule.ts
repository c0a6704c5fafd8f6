import { defineRule } from '../../../engine/rule.js';

type MessageId = 'jump';

export default defineRule<MessageId>({
  meta: {
    code: 'ERR008',
    name: 'jump-in-finally',
    category: 'error-handling',
    severity: 'medium',
    confidence: 'high',
    title: '`return`/`break`/`continue` in `finally` discards exceptions',
    description: 'A `return`, `break` or `continue` that leaves a `finally` block silently cancels any exception (or return value) in flight.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      jump: '`{{keyword}}` inside `finally` cancels whatever was in flight: an exception raised in the `try` or `{{handler}}` block is silently discarded{{interrupts}}, and so is the value the `try` was returning.',
    },
    fix: 'Move the `return`/`break`/`continue` out of the `finally` block (after it, or into the `try`/`else`); keep only cleanup in `finally`.',
    acceptance: 'No `finally` block ends with a jump statement; cleanup code in `finally` never decides the control flow.',
    references: ['ruff B012 (jump-statement-in-finally)', 'pylint W0150 (lost-exception)', 'ESLint no-unsafe-finally', 'PEP 765 (SyntaxWarning since Python 3.14)', 'CWE-584: Return Inside Finally Block'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      for (const jump of file.finallyJumps ?? []) {
        const python = file.language === 'python';
        const data = { keyword: jump.keyword, handler: python ? 'except' : 'catch', interrupts: python ? ' (even `KeyboardInterrupt` and `SystemExit`)' : '' };
        report({ messageId: 'jump', data, path: file.path, line: jump.line });
      }
    }
  },
});
