/**
 * How passwords are hashed: slow, salted schemes (Argon2, bcrypt, scrypt, PBKDF2, framework hashers), re-hashing of
 * outdated hashes at login, and a dummy verification for unknown users. Shared by the rule that reports fast digests
 * of passwords and the check that credits a slow scheme.
 */
import type { CallFact } from '../../facts/types.js';
import type { Project } from '../project.js';

/** A password, not a password's hash, reset URL or field name. */
const PASSWORD_WORD = /(^|[^a-z])(password|passwd|pwd|passphrase)([^a-z_]|_?(plain|raw|text|str)?\b|$)/i;
const NOT_PASSWORD = /password_?(hash|hashed|reset|url|field|length|policy|min|max)|hashed_?password|reset/i;
/** Slow, salted password hashers (the good practice). */
const SLOW_HASHER = /(^|\.)(PasswordHash|CryptContext|Argon2Hasher|BcryptHasher|PasswordHasher|ScryptHasher|make_password|hashpw|gensalt|genSalt|hashSync|argon2\.hash|bcrypt\.hash|scrypt|scryptSync|pbkdf2_hmac|pbkdf2Sync|pbkdf2)$/;
const SLOW_MODULES = /^(argon2|argon2-cffi|@node-rs\/argon2|@node-rs\/bcrypt|bcrypt|bcryptjs|passlib(\..*)?|pwdlib(\..*)?|django\.contrib\.auth\.hashers)$/;

export function mentionsPassword(text: string): boolean {
  return PASSWORD_WORD.test(text) && !NOT_PASSWORD.test(text);
}

export interface HashingPractice {
  path: string;
  line: number;
  scheme: string;
  rehash?: { path: string; line: number };
  dummy?: { path: string; line: number };
}

/** Where passwords are hashed with a slow, salted scheme, plus re-hash on login and a dummy verification for unknown users. */
function schemeOf(call: CallFact, imported: string): string {
  const text = `${call.callee} ${call.args.map((a) => a.text).join(' ')} ${imported}`;
  if (/argon2/i.test(text)) return 'Argon2';
  if (/bcrypt|hashpw|gensalt|genSalt|hashSync/i.test(text)) return 'bcrypt';
  if (/scrypt/i.test(text)) return 'scrypt';
  if (/make_password|django/i.test(text)) return "Django's password hashers (PBKDF2 by default)";
  return /pbkdf2/i.test(text) ? 'PBKDF2' : 'a slow salted hash';
}

export function slowHashing(project: Project): HashingPractice | undefined {
  const candidates: Array<HashingPractice & { forPassword: boolean }> = [];
  let rehash: { path: string; line: number } | undefined;
  let dummy: { path: string; line: number } | undefined;
  for (const file of project.code()) {
    if (/(^|\/)(seeds?|seeders?|fixtures?|migrations?)\//.test(file.path)) continue;
    const slowImport = file.imports.find((i) => SLOW_MODULES.test(i.module));
    const imported = slowImport ? `${slowImport.module} ${slowImport.names.join(' ')}` : '';
    for (const call of file.calls) {
      if (SLOW_HASHER.test(call.callee) && (slowImport || /^(hashlib\.pbkdf2_hmac|crypto\.(scrypt|pbkdf2))/.test(call.callee))) {
        const forPassword = mentionsPassword(call.args.map((a) => a.text).join(' ')) || /PasswordHash|CryptContext|Hasher$/.test(call.callee);
        candidates.push({ path: file.path, line: call.line, scheme: schemeOf(call, imported), forPassword });
      }
      if (!rehash && /(^|\.)(verify_and_update|needs_rehash|needsRehash|check_needs_rehash)$/.test(call.callee)) rehash = { path: file.path, line: call.line };
      if (!dummy && /(^|\.)(verify_password|verify|compare|check_password|checkpw)$/.test(call.callee) && call.args.some((a) => /dummy|fake|timing/i.test(a.text))) dummy = { path: file.path, line: call.line };
    }
  }
  const best = candidates.find((c) => c.forPassword);
  if (!best) return undefined;
  const { path, line, scheme } = best;
  return { path, line, scheme, ...(rehash ? { rehash } : {}), ...(dummy ? { dummy } : {}) };
}

