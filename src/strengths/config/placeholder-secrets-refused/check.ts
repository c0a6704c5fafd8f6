import { defineStrength } from '../../../engine/strength.js';
import { placeholderGuards } from '../../../project/knowledge/placeholder-secrets.js';

export default defineStrength({
  meta: {
    code: 'STR023',
    name: 'placeholder-secrets-refused',
    category: 'config',
    title: 'Placeholder secrets are refused at start-up',
    description: 'Credits start-up code that compares secret settings with known placeholder values and stops (or, in development only, warns) instead of running with them.',
    condition:
      'A function that something runs (called, or a validator the framework calls) compares a secret setting (or a parameter of a function named for secrets) with a placeholder literal such as "changethis", or with a named list of placeholder values, and raises, throws or exits; or module-level code does so and raises within a few lines.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [],
    references: ['CWE-1392: Use of Default Credentials', 'OWASP ASVS 2.5.4'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      for (const g of placeholderGuards(project, file)) {
        credit({ message: `\`${g.name}\` compares secret settings with ${g.against} and stops the start-up instead of running with an example secret.`, path: g.path, line: g.line, endLine: g.endLine });
      }
    }
  },
});
