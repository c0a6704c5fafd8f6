import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { importedNames, isDevOnlyPath, moduleAliases, splitCallee } from '../shared.js';

type MessageId = 'signatureOff' | 'unverifiedRead' | 'algorithmNone' | 'expiryOff';

/** Functions whose result decides who the caller is. */
const AUTHENTICATING = /auth|current_?user|login|verify|validate|identity|principal|guard|strategy|middleware|permission/i;

interface Hit {
  messageId: MessageId;
  call: CallFact;
  severity?: 'medium';
  confidence?: 'medium' | 'low';
}

function props(value: ValueFact | undefined): Record<string, ValueFact> {
  return value?.props ?? {};
}

function isFalse(value: ValueFact | undefined): boolean {
  return value?.kind === 'bool' && value.value === false;
}

function allowsNone(value: ValueFact | undefined): boolean {
  return value !== undefined && /['"`]none['"`]/i.test(value.text);
}

function jwtCalls(file: CodeFacts): CallFact[] {
  const modules = moduleAliases(file, 'jwt', 'jose', 'jsonwebtoken', 'jose.jwt');
  const names = importedNames(file, 'jose', 'jsonwebtoken');
  return file.calls.filter((c) => {
    const [owner, method] = splitCallee(c.callee);
    return /^(decode|verify)$/.test(method) && (modules.has(owner) || owner === 'jwt' || (owner === '' && names.has(method)));
  });
}

function hitsOf(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const call of jwtCalls(file)) {
    const fn = file.functions[call.fn];
    const authenticating = AUTHENTICATING.test(`${fn?.qualifiedName ?? ''} ${file.path}`);
    const pyOptions = props(call.kwargs['options']);
    const jsOptions = props(call.args.find((a, i) => i >= 1 && a.kind === 'object'));
    const algorithms = call.kwargs['algorithms'] ?? jsOptions['algorithms'];
    if (allowsNone(algorithms)) {
      hits.push({ messageId: 'algorithmNone', call });
      continue;
    }
    if (isFalse(pyOptions['verify_signature']) || isFalse(call.kwargs['verify'])) {
      hits.push(authenticating ? { messageId: 'signatureOff', call } : { messageId: 'unverifiedRead', call, severity: 'medium', confidence: 'low' });
      continue;
    }
    const expiryOff = isFalse(pyOptions['verify_exp']) || (jsOptions['ignoreExpiration']?.kind === 'bool' && jsOptions['ignoreExpiration'].value === true);
    if (expiryOff) hits.push({ messageId: 'expiryOff', call, severity: 'medium', confidence: 'medium' });
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC015',
    name: 'jwt-verification-disabled',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'JWT accepted without verification',
    description: 'A JWT decoded with signature verification turned off, with the `none` algorithm allowed, or with expiry ignored.',
    archetypes: ['service', 'worker', 'library'],
    nonGoal: 'A CLI or front end that only reads its own token\'s claims is not the party that must verify it.',
    messages: {
      signatureOff: '`{{call}}(…)` decodes the token with signature verification off: anyone can forge a token with any user id or role.',
      unverifiedRead: '`{{call}}(…)` reads the token\'s claims without verifying its signature: fine for choosing a key or issuer, but if these claims decide identity or access, anyone can forge them.',
      algorithmNone: '`{{call}}(…)` accepts the `none` algorithm: an unsigned token passes as valid.',
      expiryOff: '`{{call}}(…)` ignores the token\'s expiry: a leaked token works forever.',
    },
    fix: 'Verify every token that decides identity with the expected key and an explicit algorithm list (`algorithms=["HS256"]`), keep expiry checks on, and only read unverified claims to choose a key (`kid`), never to trust them.',
    acceptance: 'Tokens are accepted only after signature, algorithm and expiry checks.',
    references: ['CWE-347: Improper Verification of Cryptographic Signature', 'CWE-345: Insufficient Verification of Data Authenticity', 'OWASP JSON Web Token Cheat Sheet', 'RFC 8725 (JWT Best Current Practices)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      for (const hit of hitsOf(file)) {
        report({
          messageId: hit.messageId,
          data: { call: hit.call.callee },
          path: file.path,
          line: hit.call.line,
          endLine: hit.call.endLine,
          ...(hit.severity ? { severity: hit.severity } : {}),
          ...(hit.confidence ? { confidence: hit.confidence } : {}),
        });
      }
    }
  },
});
