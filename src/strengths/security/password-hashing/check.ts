import { defineStrength } from '../../../engine/strength.js';
import { slowHashing } from '../../../project/knowledge/password-hashing.js';

export default defineStrength({
  meta: {
    code: 'STR030',
    name: 'password-hashing',
    category: 'security',
    title: 'Passwords hashed with a slow, salted algorithm',
    description: 'Credits passwords hashed with Argon2, bcrypt, scrypt, PBKDF2 or a framework hasher, naming re-hash on login and a dummy verification for unknown users when present.',
    condition:
      'Production code (outside seeds, fixtures and migrations) calls a slow, salted password hasher (argon2, bcrypt, scrypt, PBKDF2, passlib/pwdlib, Django hashers) on something that is a password, from a module that imports such a library.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'password-hashed-with-fast-digest', scope: 'component' }],
    references: ['OWASP Password Storage Cheat Sheet', 'CWE-916'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const practice = slowHashing(project);
    if (!practice) return;
    const extras = [
      practice.rehash ? `outdated hashes are upgraded at login (${practice.rehash.path}:${practice.rehash.line})` : '',
      practice.dummy ? `unknown users are verified against a dummy hash so login time does not reveal which accounts exist (${practice.dummy.path}:${practice.dummy.line})` : '',
    ].filter(Boolean);
    credit({
      message: `Passwords are hashed with ${practice.scheme}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}: a leaked hash costs an attacker years of guessing, not hours.`,
      path: practice.path,
      line: practice.line,
      related: [practice.rehash, practice.dummy].filter((x): x is { path: string; line: number } => x !== undefined),
    });
  },
});
