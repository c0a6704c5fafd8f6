import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { mentionsPassword } from '../../../project/knowledge/password-hashing.js';

type MessageId = 'fastDigest';

const FAST_DIGEST = /^(md5|sha1|sha224|sha256|sha384|sha512|sha3_256|sha3_512|blake2b|blake2s)$/i;
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
  check({ project, report }) {
    for (const file of project.code()) {
      for (const { call, algorithm } of fastDigests(file)) {
        report({ messageId: 'fastDigest', data: { call: call.callee.replace(/\(\)/g, '(…)'), algorithm: algorithm.toUpperCase() }, path: file.path, line: call.line, endLine: call.endLine });
      }
    }
  },
});
