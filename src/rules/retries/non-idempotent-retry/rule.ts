import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { remoteCalls, type RemoteCall } from '../../../project/knowledge/remote-calls.js';
import { retryLoops, retryPolicies, type RetryPolicy } from '../../../project/knowledge/retries.js';

type MessageId = 'decoratedWrite' | 'loopWrite' | 'callbackWrite' | 'sessionRetriesWrites';

const WRITES = new Set(['POST', 'PATCH']);
const IDEMPOTENCY = /idempoten/i;
/** JS retry helpers that take the operation as a callback. */
const RETRY_HELPERS = /^(pRetry|retry|asyncRetry|promiseRetry|backOff)$/;

/** The policy only retries failures to connect, where the request never reached the server. */
function connectOnly(policy: RetryPolicy): boolean {
  if (!policy.on) return false;
  const names = policy.on.match(/[A-Za-z_][\w.]*(Error|Exception|Timeout|Refused)\b/g) ?? [];
  return names.length > 0 && names.every((n) => /Connect/.test(n));
}

function writesIn(file: CodeFacts, remote: readonly RemoteCall[], fn: number): RemoteCall[] {
  const nested = (f: number): boolean => {
    for (let i = f; i >= 0; i = file.functions[i]?.parent ?? -1) if (i === fn) return true;
    return false;
  };
  return remote.filter((r) => WRITES.has(r.verb) && nested(r.call.fn));
}

interface Hit {
  messageId: MessageId;
  at: { line: number; endLine: number };
  write?: RemoteCall;
  data: Record<string, string>;
}

function hits(file: CodeFacts, readText: () => string | null): Hit[] {
  const out: Hit[] = [];
  const remote = remoteCalls(file);
  const policies = retryPolicies(file);
  // Every finding needs a write, except a urllib3 policy that retries them all: most files stop here.
  if (!remote.some((r) => WRITES.has(r.verb)) && !policies.some((p) => p.library === 'urllib3')) return out;
  const text = readText();
  if (text && IDEMPOTENCY.test(text.split('\n').filter((l) => !/^\s*(#|\/\/)/.test(l)).join('\n'))) return out;
  for (const p of policies) {
    if (p.library === 'urllib3') {
      const call = file.calls.find((c) => c.line === p.line && /Retry$/.test(c.callee));
      const allowed = call?.kwargs['allowed_methods'] ?? call?.kwargs['method_whitelist'];
      if (allowed && (allowed.kind === 'none' || (allowed.kind === 'bool' && allowed.value === false) || /POST|PATCH/.test(allowed.text))) {
        out.push({ messageId: 'sessionRetriesWrites', at: p, data: { text: p.text } });
      }
      continue;
    }
    if (p.fn === undefined || connectOnly(p)) continue;
    const write = writesIn(file, remote, p.fn)[0];
    if (write) out.push({ messageId: 'decoratedWrite', at: write.call, write, data: { call: write.call.callee, verb: write.verb, policy: p.text, fn: file.functions[p.fn]?.qualifiedName ?? '' } });
  }
  for (const r of retryLoops(file, () => text)) {
    if (!r.exitsOnSuccess) continue;
    const write = remote.find((x) => r.remote.includes(x.call) && WRITES.has(x.verb));
    if (write) out.push({ messageId: 'loopWrite', at: write.call, write, data: { call: write.call.callee, verb: write.verb, loop: String(r.loop.line) } });
  }
  if (file.language !== 'python') {
    file.functions.forEach((fn, index) => {
      if (!fn.passedTo || !RETRY_HELPERS.test(fn.passedTo)) return;
      const write = writesIn(file, remote, index)[0];
      if (write) out.push({ messageId: 'callbackWrite', at: write.call, write, data: { call: write.call.callee, verb: write.verb, helper: fn.passedTo ?? '' } });
    });
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'RTY005',
    name: 'non-idempotent-retry',
    category: 'retries',
    severity: 'medium',
    confidence: 'medium',
    title: 'Retried write without an idempotency key',
    description: 'A POST or PATCH that is retried automatically, with no idempotency key: a request that succeeded but whose answer was lost is performed twice.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      decoratedWrite: '`{{call}}` sends a {{verb}} inside `{{fn}}`, which `{{policy}}` retries, and no idempotency key is sent (nothing in this file mentions one): a timeout after the server acted repeats the write.',
      loopWrite: '`{{call}}` sends a {{verb}} inside the retry loop at line {{loop}}, and no idempotency key is sent (nothing in this file mentions one): a timeout after the server acted repeats the write.',
      callbackWrite: '`{{call}}` sends a {{verb}} inside a callback retried by `{{helper}}`, and no idempotency key is sent (nothing in this file mentions one): a timeout after the server acted repeats the write.',
      sessionRetriesWrites: '`{{text}}` also retries non-idempotent methods (POST/PATCH), and no idempotency key is sent (nothing in this file mentions one): every write through this session can be performed twice.',
    },
    fix: 'Send an idempotency key the server deduplicates on (`Idempotency-Key: <uuid generated once per operation>`, Stripe\'s `idempotency_key=`), or retry only failures where the request cannot have reached the server (connection refused, connect timeout).',
    acceptance: 'Every automatically retried POST/PATCH carries a key generated once per logical operation, or is retried only on connect failures.',
    references: ['RFC 9110 §9.2.2 (idempotent methods)', 'IETF draft-ietf-httpapi-idempotency-key-header', 'Stripe API: idempotent requests', 'CWE-837 (improper enforcement of a single, unique action)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      const seen = new Set<CallFact | number>();
      for (const hit of hits(file, () => project.readText(file.path))) {
        const key = hit.write?.call ?? hit.at.line;
        if (seen.has(key)) continue;
        seen.add(key);
        report({ messageId: hit.messageId, data: hit.data, path: file.path, line: hit.at.line, endLine: hit.at.endLine });
      }
    }
  },
});
