import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';

type MessageId = 'noMatcher' | 'matcherNotCalled' | 'constant' | 'constantString' | 'tautology' | 'tuple' | 'mockAttribute';

/** jest/vitest/Playwright modifiers: a chain of only these never asserts. */
const MODIFIERS = new Set(['not', 'resolves', 'rejects']);
/** chai-style property assertions (`expect(x).to.be.true`) are valid without a call. */
const CHAI_WORDS = new Set(['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same', 'but', 'does', 'should', 'ok', 'true', 'false', 'null', 'undefined', 'exist', 'empty']);
const UNITTEST_TRUTHY = /^self\.(assertTrue|assert_|failUnless|assertIsNotNone)$/;
const UNITTEST_FALSY = /^self\.(assertFalse|failIf|assertIsNone)$/;
const UNITTEST_SAME = /^self\.(assertEqual|assertEquals|assertIs|assertLessEqual|assertGreaterEqual|assertCountEqual|assertDictEqual|assertListEqual|assertSequenceEqual|assertSetEqual|assertTupleEqual|assertMultiLineEqual)$/;

function literal(v: ValueFact | undefined): boolean {
  return v !== undefined && (v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' || v.kind === 'none');
}

function truthyLiteral(v: ValueFact | undefined): boolean {
  return literal(v) && Boolean(v?.value);
}

/**
 * Plain names and literals compare equal to themselves; calls and attribute reads might not (a property can return
 * a new object each time, and `obj.prop is obj.prop` is how caching is tested).
 */
function sameOperand(a: ValueFact | undefined, b: ValueFact | undefined): boolean {
  return a !== undefined && b !== undefined && (a.kind === 'identifier' || literal(a)) && a.kind === b.kind && a.text === b.text;
}

function usesChai(file: CodeFacts): boolean {
  return file.imports.some((i) => /^(chai|expect\.js|unexpected|should|power-assert)$/.test(i.module));
}

interface Hit {
  call: { line: number; endLine: number };
  messageId: MessageId;
  data: Record<string, string>;
  severity: 'high' | 'medium' | 'low';
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const chai = usesChai(file);
  const matcherLines = new Set(file.calls.filter((c) => /^expect(\.soft|\.poll)?\(/.test(c.callee)).map((c) => c.line));
  for (const call of file.calls) {
    if (!/^expect(\.soft)?$/.test(call.callee)) continue;
    const subject = call.args[0]?.text ?? '';
    const chained = call.chainedWith ?? [];
    // `expect(x.should.eql(y))`, `expect(assert.equal(a, b))`: the argument asserts on its own.
    if (/\.should\b|\bexpect\s*\(|\bassert\w*\s*[.(]/.test(subject)) continue;
    if (call.isStatement && chained.length === 0) {
      hits.push({ call, messageId: 'noMatcher', data: { code: `${call.callee}(${subject});` }, severity: 'medium' });
      continue;
    }
    if (chained.length > 0 && !matcherLines.has(call.line) && !chai && !CHAI_WORDS.has(chained[0] ?? '')) {
      const only = chained.every((c) => MODIFIERS.has(c));
      hits.push({ call, messageId: 'matcherNotCalled', data: { code: `${call.callee}(${subject}).${chained.join('.')}`, what: only ? 'only a modifier, no matcher' : `\`.${chained.at(-1) ?? ''}\` is never called` }, severity: 'medium' });
    }
  }
  // expect(true).toBe(true), expect(a).toEqual(a)
  for (const matcher of file.calls) {
    const m = /^expect\(\)\.(toBe|toEqual|toStrictEqual|toBeTruthy|toBeDefined)$/.exec(matcher.callee);
    if (!m) continue;
    const subject = file.calls.find((c) => c.callee === 'expect' && c.line === matcher.line)?.args[0];
    const expected = matcher.args[0];
    if ((m[1] === 'toBeTruthy' || m[1] === 'toBeDefined') && truthyLiteral(subject)) hits.push({ call: matcher, messageId: 'constant', data: { code: `expect(${subject?.text ?? ''}).${m[1]}()` }, severity: 'low' });
    else if (sameOperand(subject, expected)) hits.push({ call: matcher, messageId: literal(subject) ? 'constant' : 'tautology', data: { code: `expect(${subject?.text ?? ''}).${m[1]}(${expected?.text ?? ''})` }, severity: literal(subject) ? 'low' : 'medium' });
  }
  return hits;
}

function unittestHit(call: CallFact): Hit | null {
  const [first, second] = call.args;
  const code = `${call.callee}(${call.args.map((a) => a.text).join(', ')})`;
  if (UNITTEST_TRUTHY.test(call.callee) && truthyLiteral(first)) return { call, messageId: 'constant', data: { code }, severity: 'low' };
  if (UNITTEST_FALSY.test(call.callee) && literal(first) && !first?.value) return { call, messageId: 'constant', data: { code }, severity: 'low' };
  if (UNITTEST_SAME.test(call.callee) && sameOperand(first, second)) return { call, messageId: literal(first) ? 'constant' : 'tautology', data: { code }, severity: literal(first) ? 'low' : 'medium' };
  return null;
}

function pythonHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const a of file.vacuousAsserts ?? []) {
    const call = { line: a.line, endLine: a.line };
    // `assert "x", r` is nearly always a lost `in`: `assert "x" in r`.
    if (a.reason === 'constant' && /^assert\s+[rbfu]?["']/i.test(a.text)) hits.push({ call, messageId: 'constantString', data: { code: a.text }, severity: 'medium' });
    else if (a.reason === 'constant') hits.push({ call, messageId: 'constant', data: { code: a.text }, severity: 'low' });
    else if (a.reason === 'tautology') hits.push({ call, messageId: 'tautology', data: { code: a.text }, severity: 'medium' });
    else if (a.reason === 'tuple') hits.push({ call, messageId: 'tuple', data: { code: a.text }, severity: 'high' });
    else hits.push({ call, messageId: 'mockAttribute', data: { code: a.text, attribute: /\.(\w+)\(/.exec(a.text)?.[1] ?? '' }, severity: 'high' });
  }
  for (const call of file.calls) {
    if (!call.isStatement) continue;
    const hit = unittestHit(call);
    if (hit) hits.push(hit);
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST006',
    name: 'assertion-that-cannot-fail',
    category: 'testing',
    severity: 'medium',
    confidence: 'high',
    title: 'Assertion that can never fail',
    description: 'An assertion in a test that passes whatever the code does: `expect(x);` with no matcher, a matcher that is never called, `assert True`, `assert (cond, "msg")`, `assert x == x`, `assert mock.called_once_with(...)`, `self.assertTrue(True)`.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      noMatcher: '`{{code}}` has no matcher: it asserts nothing and can never fail.',
      matcherNotCalled: '`{{code}}` asserts nothing — {{what}} — so it can never fail.',
      constant: '`{{code}}` checks a constant: it can never fail.',
      constantString: '`{{code}}` asserts a non-empty string, which is always true — probably a lost `in …`: it can never fail.',
      tautology: '`{{code}}` compares a value with itself: it can never fail.',
      tuple: '`{{code}}` asserts a non-empty tuple, which is always true: the message belongs after a comma outside the parentheses.',
      mockAttribute: '`{{code}}` calls `{{attribute}}`, which is not a Mock assertion method: the Mock returns a new (truthy) Mock, so the assert always passes.',
    },
    fix: 'Assert on the value: `expect(response.ok).toBe(true)`, `assert response.ok`, `assert cond, "msg"`, `mock.assert_called_once_with(...)`; if the test only checks that no exception is raised, say so in its name and drop the fake assertion.',
    acceptance: 'Every assertion can fail when the code under test is wrong.',
    references: ['eslint-plugin-jest valid-expect', 'eslint-plugin-vitest valid-expect', 'pylint W0199 assert-on-tuple', 'ruff F631 assert-tuple', 'ruff PT009/PT015', 'CPython: unsafe mock assertions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['test'] })) {
      const hits = file.language === 'python' ? pythonHits(file) : jsHits(file);
      for (const hit of hits) report({ messageId: hit.messageId, data: hit.data, path: file.path, line: hit.call.line, endLine: hit.call.endLine, severity: hit.severity });
    }
  },
});
