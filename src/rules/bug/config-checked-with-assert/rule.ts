import type { AssertFact, CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'assertConfig' | 'assertConfigReached';

/** `settings.X`, `config["X"]`, `app.config[…]`, `os.environ[…]`, `os.getenv(…)`, `getattr(settings, …)`, negated or not. */
const CONFIG_TEST = /^(not\s+)?\(?\s*((self\.)?(settings|config|conf|cfg|SETTINGS|CONFIG)[.[]|(current_)?app\.config\b|os\.(environ|getenv)\b|getattr\(\s*(settings|config)\b)/;

interface Caller {
  path: string;
  line: number;
  handler: string;
  route: string;
}

/** The setting an assertion tests, by its last name: `settings.emails_enabled` → `emails_enabled`. */
function settingName(test: string): string {
  const quoted = /\[\s*['"]([\w.]+)['"]\s*\]|getenv\(\s*['"]([\w.]+)['"]|getattr\([^,]+,\s*['"](\w+)['"]/.exec(test);
  if (quoted) return quoted[1] ?? quoted[2] ?? quoted[3] ?? '';
  return /(\w+)\s*\)?\s*$/.exec(test.replace(/^not\s+/, ''))?.[1] ?? test;
}

/** Route handlers that call `fn` directly without mentioning the setting first: there the assertion fails the request. */
function unguardedRouteCallers(project: Project, file: CodeFacts, fn: FunctionFact, setting: string): Caller[] {
  const out: Caller[] = [];
  const mention = new RegExp(`\\b${escapeRegExp(setting)}\\b`);
  for (const route of project.inventory.runtime.routes) {
    const caller = project.file(route.path);
    if (caller?.kind !== 'code') continue;
    const index = caller.functions.findIndex((f) => f.qualifiedName === route.handler);
    const handler = caller.functions[index];
    if (!handler) continue;
    const imported = caller === file || caller.imports.some((i) => i.names.includes(fn.name));
    const call = caller.calls.find((c) => c.fn === index && (c.callee === fn.name || c.callee.endsWith(`.${fn.name}`)));
    if (!call || !imported) continue;
    const text = (project.readText(caller.path) ?? '').split('\n').slice(handler.line - 1, handler.endLine).join('\n');
    if (mention.test(text)) continue;
    out.push({ path: caller.path, line: call.line, handler: handler.name, route: `${route.method} ${route.route}` });
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG009',
    name: 'config-checked-with-assert',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: 'Configuration checked with `assert`',
    description: 'An `assert` on a setting or environment variable in production code: it vanishes under `python -O`, and otherwise fails as a bare `AssertionError` (a 500 in a request) instead of a clear configuration error.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      assertConfig: '`assert {{test}}` checks configuration at run time: with `python -O` the check disappears, and otherwise a missing setting fails as a bare `AssertionError` wherever `{{fn}}` is called, instead of a clear error at start-up or a deliberate response.',
      assertConfigReached: '`assert {{test}}` checks configuration at run time, and {{callers}} `{{fn}}` without checking `{{setting}}` first: when it is not configured those requests fail with a 500 (`AssertionError`) instead of a deliberate response — and with `python -O` the check disappears entirely.',
    },
    fix: 'Validate configuration once at start-up (a settings model that fails fast), and where a feature is optional, check the flag explicitly before using it (`if not settings.emails_enabled: raise HTTPException(503, …)` or skip the feature) instead of asserting inside the helper.',
    acceptance: 'No production code uses `assert` to check settings or environment variables; optional features are guarded by explicit checks at their call sites.',
    references: ['bandit B101 (assert_used)', 'ruff S101', 'CWE-617: Reachable Assertion', 'CWE-703: Improper Check or Handling of Exceptional Conditions'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: ['python'] })) {
      const seen = new Set<number>();
      for (const a of file.asserts ?? []) {
        if (!CONFIG_TEST.test(a.test.text) || seen.has(a.fn)) continue;
        const fn = file.functions[a.fn];
        const setting = settingName(a.test.text);
        const callers = fn ? unguardedRouteCallers(project, file, fn, setting) : [];
        // Without a message and without a request path that reaches it, an assert is usually a hint for the type checker.
        if (!a.message && callers.length === 0) continue;
        seen.add(a.fn);
        report(findingFor(a, fn, setting, callers, file.path));
      }
    }
    function findingFor(a: AssertFact, fn: FunctionFact | undefined, setting: string, callers: Caller[], path: string) {
      const data = { test: a.test.text, fn: fn?.name ?? '(module)', setting };
      if (callers.length === 0) return { messageId: 'assertConfig' as const, data, path, line: a.line };
      const named = callers.slice(0, 3).map((c) => `\`${c.route}\` (\`${c.handler}\`, ${c.path}:${c.line})`);
      const list = callers.length > 3 ? `${named.join(', ')} and ${callers.length - 3} more` : named.join(' and ');
      return {
        messageId: 'assertConfigReached' as const,
        data: { ...data, callers: callers.length > 1 ? `the route handlers ${list} call` : `the route handler ${list} calls` },
        path,
        line: a.line,
        related: callers.map((c) => ({ path: c.path, line: c.line })),
      };
    }
  },
});
