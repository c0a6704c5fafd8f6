import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'fastDigest';

const FAST_DIGEST = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512|blake2b|blake2s)$/i;
/** A password, not a password's hash, reset URL or field name. */
const PASSWORD_WORD = /(^|[^a-z])(password|passwd|pwd|passphrase)([^a-z_]|_?(plain|raw|text|str)?\b|$)/i;
const NOT_PASSWORD = /password_?(hash|hashed|reset|url|field|length|policy|min|max)|hashed_?password|reset/i;
/** Slow, salted password hashers (the good practice). */
const SLOW_HASHER = /(^|\.)(PasswordHash|CryptContext|Argon2Hasher|BcryptHasher|PasswordHasher|ScryptHasher|make_password|hashpw|gensalt|genSalt|hashSync|argon2\.hash|bcrypt\.hash|scrypt|scryptSync|pbkdf2_hmac|pbkdf2Sync|pbkdf2)$/;
const SLOW_MODULES = /^(argon2|argon2-cffi|@node-rs\/argon2|@node-rs\/bcrypt|bcrypt|bcryptjs|passlib(\..*)?|pwdlib(\..*)?|django\.contrib\.auth\.hashers)$/;

function mentionsPassword(text: string): boolean {
  return PASSWORD_WORD.test(text) && !NOT_PASSWORD.test(text);
}

/** `hashlib.sha256(password.encode())`, `hashlib.new("md5", password)`, `md5(password)`, `crypto.createHash('md5').update(password)`. */
/** Inside a password hasher class, an iterated digest or a function that also runs PBKDF2: a key-stretching scheme, not a bare digest. */
function stretched(file: CodeFacts, call: CallFact): boolean {
  const fn = file.functions[call.fn];
  const cls = fn?.className ? file.classes.find((c) => c.name === fn.className) : undefined;
  if (cls?.bases.some((b) => /Hasher$/.test(b))) return true;
  return call.inLoop || file.calls.some((c) => c.fn === call.fn && /pbkdf2|scrypt|argon2|bcrypt/i.test(c.callee));
}

/** The fast digest algorithm a call applies to something that looks like a password, or null. */
function digestOf(file: CodeFacts, call: CallFact): string | null {
  const method = call.callee.split('.').pop() ?? '';
  if (file.language === 'python') {
    if ((/^hashlib\./.test(call.callee) || /^(md5|sha1|sha256|sha512)$/.test(call.callee)) && FAST_DIGEST.test(method) && mentionsPassword(call.args.map((a) => a.text).join(', '))) return method;
    if (call.callee === 'hashlib.new' && call.args[0]?.kind === 'string' && FAST_DIGEST.test(String(call.args[0].value)) && mentionsPassword(call.args.slice(1).map((a) => a.text).join(' '))) return String(call.args[0].value);
    return null;
  }
  if (!/(^|\.)createHash\(\)\.update$/.test(call.callee) || !mentionsPassword(call.args.map((a) => a.text).join(', '))) return null;
  const create = file.calls.find((c) => c.line === call.line && /(^|\.)createHash$/.test(c.callee));
  const algorithm = create?.args[0]?.kind === 'string' ? String(create.args[0].value) : '';
  return FAST_DIGEST.test(algorithm.replace('-', '')) ? algorithm : null;
}

function fastDigests(file: CodeFacts): Array<{ call: CallFact; algorithm: string }> {
  const out: Array<{ call: CallFact; algorithm: string }> = [];
  for (const call of file.calls) {
    const algorithm = digestOf(file, call);
    // Whether the digest is stretched looks at the whole function: only asked of the few password digests.
    if (algorithm !== null && !stretched(file, call)) out.push({ call, algorithm });
  }
  return out;
}

interface HashingPractice {
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

function slowHashing(project: Project): HashingPractice | undefined {
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

export default defineRule<MessageId>({
  meta: {
    code: 'SEC013',
    name: 'password-hashed-with-fast-digest',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Password hashed with a fast digest',
    description: 'A password hashed with MD5, SHA-1 or SHA-2 (fast, usually unsalted) instead of a password hashing function such as Argon2, bcrypt or scrypt.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code should not hash passwords at all; the server does.',
    messages: {
      fastDigest: '`{{call}}` hashes a password with {{algorithm}}: a GPU tries billions of guesses per second against a leaked {{algorithm}} hash, so most passwords fall within hours.',
    },
    fix: 'Hash passwords with Argon2id (pwdlib, argon2-cffi, @node-rs/argon2) or bcrypt/scrypt with a per-password salt, and re-hash old digests at the next successful login.',
    acceptance: 'Every stored password is an Argon2id, bcrypt or scrypt hash; no fast digest of a password remains.',
    references: ['ruff S324 (hashlib-insecure-hash-function)', 'bandit B303, B324', 'CWE-916: Use of Password Hash With Insufficient Computational Effort', 'CWE-759: Use of a One-Way Hash without a Salt', 'OWASP Password Storage Cheat Sheet'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    for (const file of project.code()) {
      for (const { call, algorithm } of fastDigests(file)) {
        report({ messageId: 'fastDigest', data: { call: call.callee.replace(/\(\)/g, '(…)'), algorithm: algorithm.toUpperCase() }, path: file.path, line: call.line, endLine: call.endLine });
      }
    }
    const practice = slowHashing(project);
    if (practice) {
      const extras = [
        practice.rehash ? `outdated hashes are upgraded at login (${practice.rehash.path}:${practice.rehash.line})` : '',
        practice.dummy ? `unknown users are verified against a dummy hash so login time does not reveal which accounts exist (${practice.dummy.path}:${practice.dummy.line})` : '',
      ].filter(Boolean);
      strength({
        title: 'Passwords hashed with a slow, salted algorithm',
        message: `Passwords are hashed with ${practice.scheme}${extras.length > 0 ? `; ${extras.join('; ')}` : ''}.`,
        path: practice.path,
        line: practice.line,
        related: [practice.rehash, practice.dummy].filter((x): x is { path: string; line: number } => x !== undefined),
      });
    }
  },
});
