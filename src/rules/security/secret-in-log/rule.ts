import type { CallFact, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { secretWordOf } from '../../../project/knowledge/secrets.js';
import { interpolatedExpressions, isBuiltString, isDevOnlyPath } from '../shared.js';

type MessageId = 'secretLogged' | 'authHeaderLogged';

const LOG_METHOD = /^(debug|info|warning|warn|error|critical|exception|fatal|trace|verbose|log|msg)$/;
const LOGGER_OWNER = /(^|\.)(logging|logger|log|_logger|_log|LOGGER|LOG|console|structlog)$/i;
/** `password`, `user.password`, `self.api_key`, `settings.SECRET_KEY`, `password!r`, `this.config.token`. */
const NAME_CHAIN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const AUTH_HEADER = /headers?\s*(\[\s*['"`]authorization['"`]\s*\]|\.get\(\s*['"`]authorization['"`]|\.authorization\b)|\bauthorization_header\b|\bauth_header\b/i;

/** Objects whose bare `token`/`key` attribute is a credential. */
const SECRET_HOLDER = /(^|\.)(settings|config|conf|cfg|env|environ|credentials?|creds|auth|secrets?|oauth|jwt|session|api|client)$/i;

interface Leak {
  messageId: 'secretLogged' | 'authHeaderLogged';
  what: string;
}

function isLogCall(call: CallFact): boolean {
  if (call.callee === 'print') return true;
  const dot = call.callee.lastIndexOf('.');
  return dot !== -1 && LOG_METHOD.test(call.callee.slice(dot + 1)) && LOGGER_OWNER.test(call.callee.slice(0, dot));
}

/** The secret an expression prints, if it is one: a plain name or attribute chain whose last part names a secret. */
function secretIn(expr: string): Leak | undefined {
  if (AUTH_HEADER.test(expr)) return { messageId: 'authHeaderLogged', what: expr };
  const name = expr.trim();
  if (!NAME_CHAIN.test(name)) return undefined;
  const word = secretWordOf(name);
  if (!word) return undefined;
  // `checkout.token`, `order.token`: a bare token on a domain object is usually its public identifier (a UUID).
  const dot = name.lastIndexOf('.');
  if (dot !== -1 && /^(token|key)$/i.test(name.slice(dot + 1)) && !SECRET_HOLDER.test(name.slice(0, dot))) return undefined;
  return { messageId: 'secretLogged', what: name };
}

function leaksOf(value: ValueFact): Leak | undefined {
  if (value.kind === 'identifier' || value.kind === 'attribute') return secretIn(value.text);
  if (value.kind === 'call' && AUTH_HEADER.test(value.text)) return { messageId: 'authHeaderLogged', what: value.text };
  if (isBuiltString(value)) {
    for (const expr of interpolatedExpressions(value.text)) {
      const leak = secretIn(expr);
      if (leak) return leak;
    }
  }
  return undefined;
}

function leakInCall(call: CallFact): Leak | undefined {
  for (const arg of call.args) {
    const leak = leaksOf(arg);
    if (leak) return leak;
  }
  for (const [key, value] of Object.entries(call.kwargs)) {
    if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool' || value.kind === 'none') continue;
    // structlog-style `log.info("login", password=password)`, and `extra={"token": token}`.
    if (secretWordOf(key) && key !== 'exc_info' && (value.kind === 'identifier' || value.kind === 'attribute')) return { messageId: 'secretLogged', what: `${key}=${value.text}` };
    const leak = leaksOf(value);
    if (leak) return leak;
  }
  return undefined;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC009',
    name: 'secret-in-log',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Secret written to the logs',
    description: 'A log or print call that writes a password, token, key or Authorization header. (Start scripts that print `.env` or the environment are secrets-printed-at-startup, SEC031.)',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Browser console output stays on the user\'s own machine.',
    messages: {
      secretLogged: '`{{callee}}(…)` writes `{{what}}` to the logs: anyone who can read the logs (log platform, support staff, backups) gets the secret.',
      authHeaderLogged: '`{{callee}}(…)` logs the Authorization header (`{{what}}`): every bearer token or password in it ends up in the logs.',
    },
    fix: 'Log an identifier instead of the secret (user id, token id, the last 4 characters), or mask it with a logging filter.',
    acceptance: 'No log line can contain a password, token, key or Authorization header.',
    references: ['CWE-532: Insertion of Sensitive Information into Log File', 'CWE-312: Cleartext Storage of Sensitive Information', 'OWASP ASVS 4.0 §7.1.1', 'OWASP Logging Cheat Sheet'],
    status: 'preview',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      const archetype = project.componentOf(file.path)?.archetype;
      for (const call of file.calls) {
        if (!isLogCall(call)) continue;
        // A CLI that prints a token the user asked for is doing its job.
        if (call.callee === 'print' && archetype === 'cli') continue;
        const leak = leakInCall(call);
        if (!leak) continue;
        const debugOnly = /\.(debug|trace|verbose)$/.test(call.callee);
        report({ messageId: leak.messageId, data: { callee: call.callee, what: leak.what }, path: file.path, line: call.line, endLine: call.endLine, ...(debugOnly || archetype === 'cli' ? { severity: 'medium' } : {}) });
      }
    }
  },
});
