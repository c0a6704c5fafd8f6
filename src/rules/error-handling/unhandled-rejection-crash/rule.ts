import type { CallFact, CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { JS_LANGUAGES, lifetimeOf } from '../../../project/lifetime.js';
import type { Project } from '../../../project/project.js';
import type { ComponentProfile } from '../../../model/report.js';

type MessageId = 'rethrowInCatch' | 'throwInThen' | 'asyncListener';

const LISTENER = /(^|\.)(on|once|addListener|prependListener|createServer)$|^(setInterval|setTimeout|setImmediate|process\.nextTick)$/;
/** Frameworks whose `.on(…)` registers a handler they await and whose errors they catch (routes, bot updates). */
const AWAITING_FRAMEWORKS = /^(hono|telegraf|grammy|@slack\/bolt)(\/|$)/;
const PROCESS_LISTEN = /^process\.(on|once|addListener|prependListener)$/;

/** The `.catch(cb)` / `.then(cb)` call a callback was passed to: the call whose span holds the callback. */
function chainCall(file: CodeFacts, fn: FunctionFact): CallFact | undefined {
  return file.calls.find((c) => c.callee === fn.passedTo && c.line <= fn.line && c.endLine >= fn.endLine);
}

/** Where the process already decides what an unhandled rejection does: a handler, or a Node flag. */
function rejectionPolicy(project: Project, component: ComponentProfile, files: readonly CodeFacts[]): { path: string; line: number } | null {
  for (const file of files) {
    for (const call of file.calls) {
      if (PROCESS_LISTEN.test(call.callee) && call.args[0]?.value === 'unhandledRejection') return { path: file.path, line: call.line };
    }
  }
  for (const manifest of component.manifests) {
    const text = project.readText(manifest) ?? '';
    const match = /--unhandled-rejections[= ](warn|none|warn-with-error-code)/.exec(text);
    if (match) return { path: manifest, line: text.slice(0, match.index).split('\n').length };
  }
  return null;
}

/** Calls in a function, awaited or not, that no `try` of the function protects. */
function unguardedAwaits(file: CodeFacts, index: number): CallFact[] {
  return file.calls.filter((c) => c.fn === index && c.awaited && c.guardedBy.length === 0);
}

export default defineRule<MessageId>({
  meta: {
    code: 'ERR002',
    name: 'unhandled-rejection-crash',
    category: 'error-handling',
    severity: 'high',
    confidence: 'high',
    title: 'Rejected promise with no handler crashes the process',
    description: 'A promise rejection that nothing handles, in a long-lived Node process without an `unhandledRejection` handler: since Node 15 it terminates the process.',
    archetypes: ['service', 'worker', 'cli'],
    nonGoal: 'Libraries and front-end code do not own the process: the application that runs them decides how unhandled rejections end.',
    messages: {
      rethrowInCatch: 'The `{{call}}(…)` callback re-throws (line {{throwLine}}) and nothing handles the new rejection; with no `process.on(\'unhandledRejection\')` in the component, Node ≥ 15 terminates {{what}} on the first error.',
      throwInThen: 'The `{{call}}(…)` callback throws (line {{throwLine}}) and no `.catch()` follows; with no `process.on(\'unhandledRejection\')` in the component, Node ≥ 15 terminates {{what}} when it does.',
      asyncListener: 'This async callback passed to `{{call}}(…)` can reject (an unguarded `throw` or `await` at line {{throwLine}}), and the caller ignores the promise it returns; with no `process.on(\'unhandledRejection\')` in the component, Node ≥ 15 terminates {{what}}.',
    },
    fix: 'Handle the error where it happens: answer the request with a 500 (or log and drop the job) inside the `.catch()` callback or a `try`/`catch` in the async callback, instead of throwing it into a promise nobody awaits. Add a `process.on(\'unhandledRejection\', …)` handler that logs and exits deliberately as the last line of defence.',
    acceptance: 'No `.catch()`/`.then()` callback throws into a promise chain that nothing awaits or catches, async event callbacks catch their own errors, and the process has an explicit `unhandledRejection` policy.',
    references: ['typescript-eslint no-floating-promises', 'typescript-eslint no-misused-promises', 'Node.js --unhandled-rejections (default `throw` since v15)', 'CWE-248: Uncaught Exception'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    for (const component of project.components) {
      const lifetime = lifetimeOf(project, component);
      if (!lifetime.longLived) continue;
      const files = project.codeOfComponent(component.path, { languages: JS_LANGUAGES });
      if (files.length === 0) continue;
      const policy = rejectionPolicy(project, component, files);
      if (policy) {
        strength({
          title: 'Explicit policy for unhandled promise rejections',
          message: 'The process handles unhandled promise rejections itself (a `process.on(\'unhandledRejection\')` handler or a Node flag) instead of leaving them to Node\'s default crash.',
          path: policy.path,
          line: policy.line,
        });
        continue;
      }
      const what = component.archetype === 'cli' ? 'the server process' : `the ${component.archetype} process`;
      for (const file of files) {
        const awaiting = file.imports.some((i) => AWAITING_FRAMEWORKS.test(i.module));
        file.functions.forEach((fn, index) => {
          const passedTo = fn.passedTo ?? '';
          const isCatch = /(^|\.)catch$/.test(passedTo);
          const isThen = /(^|\.)then$/.test(passedTo);
          if ((isCatch || isThen) && fn.throws && fn.throws.length > 0) {
            const call = chainCall(file, fn);
            // The chain's result must go nowhere: a statement, not awaited, returned, assigned or chained further.
            if (!call?.isStatement || call.awaited) return;
            const throwLine = fn.throws[0] ?? fn.line;
            report({
              messageId: isCatch ? 'rethrowInCatch' : 'throwInThen',
              data: { call: passedTo, throwLine, what },
              path: file.path,
              line: call.line,
              endLine: fn.endLine,
              related: [{ path: file.path, line: throwLine }],
            });
            return;
          }
          if (fn.isAsync && LISTENER.test(passedTo) && !/\.(then|catch)$/.test(passedTo) && !awaiting) {
            const awaits = unguardedAwaits(file, index);
            const first = fn.throws?.[0] ?? awaits[0]?.line;
            if (first === undefined) return;
            // An explicit throw rejects for sure; an awaited call only may (it can catch its own errors).
            report({
              messageId: 'asyncListener',
              data: { call: passedTo, throwLine: first, what },
              path: file.path,
              line: fn.line,
              endLine: fn.endLine,
              confidence: fn.throws?.[0] !== undefined ? 'medium' : 'low',
              related: [{ path: file.path, line: first }],
            });
          }
        });
      }
    }
  },
});
