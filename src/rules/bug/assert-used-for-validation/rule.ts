import type { AssertFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { resolvePythonCall } from '../../../project/python-symbols.js';

type MessageId = 'helperAssertsConfig' | 'handlerAsserts';

const CONFIG = /^(not\s+)?(self\.)?(settings|config|conf|cfg|app\.config|current_app\.config|os\.environ|os\.getenv)\b/;
const TYPE_NARROWING = /^isinstance\(|\bis not None$|^TYPE_CHECKING$/;

/** The config flag an assert tests: `settings.emails_enabled` → emails_enabled. */
function flagOf(test: string): string | undefined {
  if (!CONFIG.test(test)) return undefined;
  const words = test.replace(/^not\s+/, '').match(/[A-Za-z_]\w*/g) ?? [];
  return words[words.length - 1];
}

/** The caller's own text before the call mentions the flag: `if settings.emails_enabled:` guards it. */
function guardedInCaller(project: Project, file: CodeFacts, fromLine: number, callLine: number, flag: string): boolean {
  const lines = (project.readText(file.path) ?? '').split('\n').slice(fromLine - 1, callLine);
  return lines.some((line) => new RegExp(`\\b${flag}\\b`).test(line) && !/^\s*#/.test(line));
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG050',
    name: 'assert-used-for-validation',
    category: 'bug',
    severity: 'high',
    confidence: 'high',
    title: 'assert used as a run-time check on a request path',
    description: 'A request handler relies on `assert` — its own, or one that opens a helper it calls — to check configuration or input: a failure becomes a 500, and `python -O` removes the check.',
    archetypes: ['service'],
    messages: {
      helperAssertsConfig:
        '`{{handler}}` ({{route}}) calls `{{callee}}()`, which starts with `assert {{test}}` ({{assertAt}}), without checking `{{flag}}` first: when it is not set the request fails with AssertionError (a 500), and under `python -O` the check disappears.',
      handlerAsserts:
        '`{{handler}}` ({{route}}) checks `assert {{test}}`: a failing value answers 500 instead of a 4xx, and `python -O` removes the check altogether.',
    },
    fix: 'Check the condition explicitly where the request is handled (`if not settings.emails_enabled: raise HTTPException(503, …)` or skip the optional step), and raise a real exception in the helper (`if not …: raise RuntimeError(…)`) instead of `assert`.',
    acceptance: 'No request path depends on an `assert` for a condition that can be false in a correct deployment or for client input.',
    references: ['bandit B101 (assert_used)', 'ruff S101', 'https://docs.python.org/3/reference/simple_stmts.html#the-assert-statement', 'CWE-617'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const route of project.inventory.runtime.routes) {
      const file = project.file(route.path);
      if (file?.kind !== 'code' || file.language !== 'python') continue;
      const index = file.functions.findIndex((f) => f.qualifiedName === route.handler && f.line >= route.line);
      const handler = file.functions[index];
      if (!handler) continue;
      const where = `${route.method} ${route.route}`;
      for (const a of file.asserts ?? []) {
        if (a.fn !== index || TYPE_NARROWING.test(a.test)) continue;
        report({ messageId: 'handlerAsserts', data: { handler: handler.name, route: where, test: a.test }, path: file.path, line: a.line, severity: 'medium' });
      }
      const seen = new Set<string>();
      for (const call of file.calls) {
        if (call.fn !== index || seen.has(call.callee)) continue;
        const target = resolvePythonCall(project, file, call.callee);
        if (!target) continue;
        const targetIndex = target.file.functions.indexOf(target.fn);
        const leading = (target.file.asserts ?? []).filter((a: AssertFact) => a.fn === targetIndex && a.leading);
        const first = leading.find((a) => flagOf(a.test) !== undefined);
        const flag = first ? flagOf(first.test) : undefined;
        if (!first || !flag || guardedInCaller(project, file, handler.line, call.line, flag)) continue;
        seen.add(call.callee);
        report({
          messageId: 'helperAssertsConfig',
          data: { handler: handler.name, route: where, callee: call.callee, test: first.test, assertAt: `${target.file.path}:${first.line}`, flag },
          path: file.path,
          line: call.line,
          endLine: call.endLine,
          related: leading.map((a) => ({ path: target.file.path, line: a.line })),
        });
      }
    }
  },
});
