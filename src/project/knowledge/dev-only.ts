/** Code that runs only on a developer's machine or in tests, told by the condition around it. */
import type { CodeFacts } from '../../facts/types.js';

/** A condition that holds only on a developer's machine or in tests: `if (isDev)`, `if settings.DEBUG:`, `NODE_ENV !== 'production'`. */
const DEV_CONDITION = /^(\w+\.)*(is_?[dD]ev(el(opment)?)?([mM]ode|[eE]nv)?|IS_DEV(ELOPMENT)?|DEBUG|debug|is_?[tT]est(ing)?([mM]ode|[eE]nv)?|TESTING)\s*$|NODE_ENV\s*!==?\s*['"]production['"]|NODE_ENV\s*===?\s*['"](development|dev|test)['"]|\benv\s*===?\s*['"](development|dev|test)['"]/;

/** `line` of `file` runs only inside an `if` whose condition holds in development or tests. */
export function inDevOnlyBranch(file: CodeFacts, line: number): boolean {
  return (file.branches ?? []).some((b) => b.line <= line && line <= b.endLine && DEV_CONDITION.test(b.condition.trim()));
}
