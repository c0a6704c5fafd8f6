import { defineRule } from '../../../engine/rule.js';
import { byCodePoint } from '../../../util/order.js';

type MessageId = 'mockHeavy';

/** "Overwhelming": enough mocks to be a habit, own modules at least four times as often as the boundary, in many files. */
const MIN_INTERNAL = 20;
const RATIO = 4;
const MIN_FILES = 5;

export default defineRule<MessageId>({
  meta: {
    code: 'TST009',
    name: 'mock-heavy-tests',
    category: 'testing',
    severity: 'low',
    confidence: 'medium',
    title: 'Tests mostly mock the project\'s own code',
    description: 'Across the test suite, mocks replace the project\'s own modules far more often than the HTTP/database boundary, so the tests check call sequences rather than behaviour. Counted in metrics.tests.mocks; reported only when overwhelming.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      mockHeavy: '{{internal}} mocks in {{files}} of the {{total}} test files replace the project\'s own modules, against {{boundary}} at the HTTP/database/process boundary; this file alone has {{here}}. Tests built this way pass while the real modules disagree with the mocks.',
    },
    fix: 'Mock at the boundary (HTTP with respx/nock/msw, the database with a test container or an in-memory engine, the clock) and let the project\'s own modules run for real; keep internal mocks for slow or non-deterministic collaborators.',
    acceptance: 'Most mocks replace external systems; a change in an internal module\'s behaviour makes some test fail.',
    references: ['Google Testing Blog: "Don\'t overuse mocks"', 'Martin Fowler: "Mocks Aren\'t Stubs"'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { files, mocking } = project.inventory.tests;
    // Overwhelming: own-module mocks in at least half of all test files, not only of those that mock something.
    const testFiles = files.filter((f) => f.tests > 0).length;
    if (mocking.internal < MIN_INTERNAL || mocking.internal < RATIO * mocking.boundary || mocking.filesWithInternal < MIN_FILES || mocking.filesWithInternal * 2 < testFiles) return;
    const worst = [...files].filter((f) => f.mocks).sort((a, b) => (b.mocks?.internal ?? 0) - (a.mocks?.internal ?? 0) || byCodePoint(a.path, b.path))[0];
    if (!worst?.mocks) return;
    report({
      messageId: 'mockHeavy',
      data: { internal: mocking.internal, files: mocking.filesWithInternal, total: testFiles, boundary: mocking.boundary, here: worst.mocks.internal },
      path: worst.path,
      line: worst.line,
    });
  },
});
