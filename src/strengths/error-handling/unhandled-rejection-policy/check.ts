import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { JS_LANGUAGES, lifetimeOf } from '../../../project/lifetime.js';

const PROCESS_LISTEN = /^process\.(on|once|addListener|prependListener)$/;
/** What ends the process deliberately, or hands the error to something that does. */
const ENDS = /(^|\.)(exit|exitCode|kill|abort|shutdown|gracefulShutdown|close|stop|terminate|crash|die|fatal|captureException|notify)$/;

/** `process.on('unhandledRejection', cb)` whose callback ends the process (after logging or reporting), or re-throws. */
function crashPolicy(file: CodeFacts): { line: number; detail: string } | undefined {
  for (const call of file.calls) {
    if (!PROCESS_LISTEN.test(call.callee) || call.args[0]?.value !== 'unhandledRejection') continue;
    const index = file.functions.findIndex((f) => f.passedTo === call.callee && f.line >= call.line && f.endLine <= call.endLine);
    const fn = file.functions[index];
    if (!fn) continue;
    const ends = file.calls.some((c) => c.fn === index && ENDS.test(c.callee)) || (fn.throws ?? []).length > 0 || file.bindings.some((b) => b.fn === index && /exitCode$/.test(b.name));
    const reports = file.calls.some((c) => c.fn === index && /captureException|notify/.test(c.callee));
    if (ends) return { line: call.line, detail: reports ? 'reports the error and ends the process' : 'logs and ends the process' };
  }
  return undefined;
}

export default defineStrength({
  meta: {
    code: 'STR036',
    name: 'unhandled-rejection-policy',
    category: 'error-handling',
    title: 'Unhandled rejections end the process deliberately',
    description: 'Credits a long-lived Node process whose `unhandledRejection` handler logs or reports the error and then ends the process (or a `--unhandled-rejections=strict` flag), rather than swallowing it.',
    condition:
      'A long-lived Node component registers `process.on(\'unhandledRejection\', …)` with a callback that exits, sets `process.exitCode`, shuts down, throws, or reports to an error tracker; or runs Node with `--unhandled-rejections=strict|throw`. A handler that only logs and keeps running is not credited.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [{ rule: 'unhandled-rejection-crash', scope: 'component' }],
    references: ['Node.js docs: Event \'unhandledRejection\'', 'Node.js docs: --unhandled-rejections'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const component of project.components) {
      if (!lifetimeOf(project, component).longLived) continue;
      const files = project.codeOfComponent(component.path, { languages: JS_LANGUAGES });
      let found = false;
      for (const file of files) {
        const policy = crashPolicy(file);
        if (!policy) continue;
        credit({ message: `The \`unhandledRejection\` handler ${policy.detail}: a rejected promise nobody awaited becomes a visible, restartable failure instead of a process running on in an unknown state.`, path: file.path, line: policy.line });
        found = true;
        break;
      }
      if (found) continue;
      for (const manifest of component.manifests) {
        const text = project.readText(manifest) ?? '';
        const match = /--unhandled-rejections[= ](strict|throw)\b/.exec(text);
        if (match) credit({ message: `Node runs with \`${match[0]}\`: an unhandled rejection crashes the process, to be restarted by its supervisor.`, path: manifest, line: text.slice(0, match.index).split('\n').length });
      }
    }
  },
});
