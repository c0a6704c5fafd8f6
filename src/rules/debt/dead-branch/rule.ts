import { defineRule } from '../../../engine/rule.js';

export default defineRule({
  meta: {
    code: 'DEBT003',
    name: 'dead-branch',
    category: 'debt',
    severity: 'low',
    confidence: 'high',
    title: 'Dead branch',
    description: 'A branch whose condition is a constant false (`if False:`, `if (false)`, `while 0:`): its body never runs.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      dead: '`{{text}}` can never be true: the block below it is dead code.',
    },
    fix: 'Delete the block, or put the behaviour behind a real setting or feature flag if it is meant to come back.',
    acceptance: 'No constant-false conditions remain in shipped code.',
    references: ['pylint W0125 using-constant-test', 'ESLint no-constant-condition', 'CWE-561'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      for (const c of file.constantConditions) report({ messageId: 'dead', data: { text: c.text }, path: file.path, line: c.line });
    }
  },
});
