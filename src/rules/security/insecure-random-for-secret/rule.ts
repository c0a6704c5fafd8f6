import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { secretWordOf } from '../../../project/knowledge/secrets.js';
import { isDevOnlyPath, moduleAliases, splitCallee } from '../shared.js';

type MessageId = 'predictable';

const PY_RANDOM = /^(random|randint|randrange|choice|choices|sample|getrandbits|shuffle|uniform)$/;
/** Names of values that must be unguessable: tokens, passwords, one-time codes, salts, nonces, reset and invite codes. */
const SECRET_PURPOSE = /(^|_)(otp|nonce|salt|pin|reset|verification|verify|activation|invite|invitation|magic|one_?time|session_?id|sessionid|csrf|api_?key|secret|password|passwd|token)(_|$)/i;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The value holds a secret: by its name (`token = …`) or by the function that makes it (`def generate_reset_code()`). */
function secretPurpose(file: CodeFacts, call: CallFact): string | undefined {
  const holder = file.calls.find((c) => c.assignedTo && c.line <= call.line && call.line <= c.endLine && (secretWordOf(c.assignedTo) || SECRET_PURPOSE.test(snake(c.assignedTo.split('.').pop() ?? ''))));
  if (holder?.assignedTo) return `\`${holder.assignedTo}\``;
  if (call.assignedTo && (secretWordOf(call.assignedTo) || SECRET_PURPOSE.test(snake(call.assignedTo)))) return `\`${call.assignedTo}\``;
  const fn = file.functions[call.fn];
  if (fn && SECRET_PURPOSE.test(snake(fn.name)) && /^(generate|gen|make|create|new|random|build|issue|get)_?/i.test(snake(fn.name))) return `the value \`${fn.name}()\` returns`;
  return undefined;
}

function predictableCalls(file: CodeFacts): CallFact[] {
  if (file.language !== 'python') return file.calls.filter((c) => c.callee === 'Math.random');
  const random = moduleAliases(file, 'random');
  return file.calls.filter((c) => {
    const [owner, method] = splitCallee(c.callee);
    return random.has(owner) && PY_RANDOM.test(method);
  });
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC014',
    name: 'insecure-random-for-secret',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Secret made with a predictable random generator',
    description: 'A token, password, one-time code, salt or reset code generated with `random` or `Math.random()`, whose output can be predicted, instead of a cryptographic generator.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    nonGoal: 'Front-end code should receive secrets from the server rather than make them.',
    messages: {
      predictable: '`{{call}}` makes {{purpose}}: this generator is not cryptographic, so an attacker who sees some outputs can predict the others and guess the secret.',
    },
    fix: 'Use the `secrets` module (`secrets.token_urlsafe(32)`, `secrets.choice`) in Python, or `crypto.randomBytes` / `crypto.randomUUID()` in Node.',
    acceptance: 'Every token, password, code and salt comes from a cryptographic random source.',
    references: ['ruff S311 (suspicious-non-cryptographic-random-usage)', 'bandit B311', 'CWE-338: Use of Cryptographically Weak PRNG', 'CWE-330: Use of Insufficiently Random Values'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path) || /(^|\/)(seeds?|fixtures?|factories|random_data)[/._]/.test(file.path)) continue;
      for (const call of predictableCalls(file)) {
        const purpose = secretPurpose(file, call);
        if (!purpose) continue;
        report({ messageId: 'predictable', data: { call: call.callee, purpose }, path: file.path, line: call.line, endLine: call.endLine });
      }
    }
  },
});
