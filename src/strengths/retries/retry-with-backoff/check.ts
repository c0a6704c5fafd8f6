import type { CodeFacts, LoopFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { isApplied, isUsed } from '../../../project/knowledge/applied.js';
import { moduleAliases } from '../../../project/knowledge/remote-calls.js';
import { retryLoops, retryPolicies, type RetryPolicy } from '../../../project/knowledge/retries.js';
import type { Project } from '../../../project/project.js';

/** A policy whose wait doubles (or grows geometrically): not linear (`wait_incrementing`), not constant. */
const EXPONENTIAL_POLICY = /expo|exponential|fibo|backoff_factor|exponentialDelay/;
/** A hand-written delay that grows geometrically: `2 ** attempt`, `Math.pow(2, n)`, `delay *= 2`, `(i + 1) ** i`. */
const EXPONENTIAL_DELAY = /\*\*|Math\.pow\(|\bpow\(|<<\s*\w|\*=\s*2\b|\*\s*2\b|\bexpo/;
/** A cap on the number of attempts or on the wait. */
const BOUND = /\bmax\w*\s*=|max_value|max_time|max_tries|max_delay|maxDelay|maxRetryTime|stop_after|\bmin\(|Math\.min\(|retries\s*[:=]|attempts?\s*[<>]=?|tries\s*[<>]=?|<\s*(max|MAX|retries|RETRIES|attempts|ATTEMPTS)\w*/;
/** JS retry libraries that back off exponentially by default, with a bounded number of attempts. */
const JS_EXPONENTIAL_LIBRARIES = ['p-retry', 'async-retry', 'exponential-backoff', 'promise-retry'];

interface Backoff {
  path: string;
  line: number;
  what: string;
}

function lines(project: Project, file: CodeFacts, from: number, to: number): string {
  return (project.readText(file.path) ?? '').split('\n').slice(from - 1, to).join('\n');
}

/** The policy runs: its decorated function is called, or the policy object is passed on (mounted, used in a loop). */
function policyApplied(project: Project, file: CodeFacts, p: RetryPolicy): boolean {
  if (p.fn !== undefined) {
    const fn = file.functions[p.fn];
    return fn !== undefined && isApplied(project, fn);
  }
  const call = file.calls.find((c) => c.line === p.line);
  return call?.assignedTo === undefined || isUsed(project, call.assignedTo.split('.').pop() ?? call.assignedTo);
}

function policies(project: Project, file: CodeFacts): Backoff[] {
  return retryPolicies(file)
    .filter((p) => p.wait === 'growing' && EXPONENTIAL_POLICY.test(p.text) && (p.bounded === true || BOUND.test(p.text) || p.library === 'urllib3' || p.library === 'axios-retry') && policyApplied(project, file, p))
    .map((p) => ({ path: file.path, line: p.line, what: `\`${p.text.length > 90 ? `${p.text.slice(0, 89)}…` : p.text}\` backs off exponentially and gives up after a bound` }));
}

function loops(project: Project, file: CodeFacts): Backoff[] {
  const out: Backoff[] = [];
  for (const r of retryLoops(file, () => project.readText(file.path))) {
    if (!r.exitsOnSuccess || r.sleeps.length === 0) continue;
    const loop: LoopFact = r.loop;
    const text = lines(project, file, loop.line, loop.endLine);
    const delays = r.sleeps.map((s) => s.args.map((a) => a.text).join(' ')).join(' ');
    if (!EXPONENTIAL_DELAY.test(delays) && !EXPONENTIAL_DELAY.test(text)) continue;
    const bounded = (loop.kind === 'for' && !loop.infinite) || BOUND.test(`${loop.header}\n${text}`);
    const fn = file.functions[loop.fn];
    if (!bounded || (fn !== undefined && !isApplied(project, fn))) continue;
    out.push({ path: file.path, line: loop.line, what: `the retry loop around \`${r.remote[0]?.callee ?? 'the call'}\` waits exponentially longer after each failure, up to a bound` });
  }
  return out;
}

function jsLibraries(file: CodeFacts): Backoff[] {
  const names = new Set(JS_EXPONENTIAL_LIBRARIES.flatMap((m) => [...moduleAliases(file, m), ...file.imports.filter((i) => i.module === m).flatMap((i) => i.names)]));
  if (names.size === 0) return [];
  return file.calls
    .filter((c) => names.has(c.callee))
    .map((c) => ({ path: file.path, line: c.line, what: `\`${c.callee}(…)\` retries with exponential backoff and a bounded number of attempts` }));
}

export default defineStrength({
  meta: {
    code: 'STR038',
    name: 'retry-with-backoff',
    category: 'retries',
    title: 'Retries with exponential backoff',
    description: 'Credits retries that wait exponentially longer after each failure and stop at a bound, where the retrying code actually runs.',
    condition:
      'A retry policy that grows geometrically (tenacity/backoff exponential waits, urllib3 backoff_factor, axios-retry exponentialDelay, p-retry/async-retry/exponential-backoff) with a bound on attempts or on the wait, applied to a function that is called (or mounted); or a hand-written retry loop whose delay grows geometrically (`2 ** n`, `delay *= 2`), bounded by a counter or a cap, in a function that runs. Linear (`wait_incrementing`, `base * attempt`) and constant waits are not credited. One credit per component.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'retry-without-backoff', scope: 'component' }],
    references: ['AWS Architecture Blog: Exponential Backoff and Jitter', 'Google SRE Book, ch. 22'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const found = [...policies(project, file), ...loops(project, file), ...(file.language === 'python' ? [] : jsLibraries(file))].sort((a, b) => a.line - b.line);
      const first = found[0];
      if (!first) continue;
      credited.add(component);
      credit({ message: `${first.what.charAt(0).toUpperCase()}${first.what.slice(1)}: a failing dependency gets room to recover instead of a burst of retries.`, path: first.path, line: first.line });
    }
  },
});
