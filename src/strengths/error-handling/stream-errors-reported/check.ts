import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import type { Project } from '../../../project/project.js';

function textOf(project: Project, file: CodeFacts, from: number, to: number): string {
  return (project.readText(file.path) ?? '').split('\n').slice(from - 1, to).join('\n');
}

/** The catch block sends the client an error event (a yielded event, an SSE `event: error`, a stream write) and logs the error. */
function reportsOnStream(project: Project, file: CodeFacts, h: HandlerFact): boolean {
  const fn = file.functions[h.fn];
  if (!fn || !h.broad || h.logs.length === 0) return false;
  const body = textOf(project, file, fn.line, fn.endLine);
  const handler = textOf(project, file, h.line, h.endLine);
  const streams = file.language === 'python' ? /\byield\b/.test(body) : /text\/event-stream|\.write\(|controller\.enqueue|\bsse\b/i.test(body);
  const sendsError = file.language === 'python' ? /\byield\b[\s\S]*error/i.test(handler) : /(write|enqueue|send|emit)\([\s\S]*error/i.test(handler);
  return streams && sendsError;
}

export default defineStrength({
  meta: {
    code: 'STR043',
    name: 'stream-errors-reported',
    category: 'error-handling',
    title: 'Errors in a streamed response reach the client',
    description: 'Credits streaming responses (generators, server-sent events) whose failures are logged and sent to the client as an error event, instead of cutting the stream silently.',
    condition:
      'In a function that streams (a Python generator, or JS code writing an event stream), a broad catch logs the error and sends an error event into the stream (a `yield` of an error event, an `event: error` write).',
    archetypes: ['service', 'worker'],
    opposes: [],
    references: ['WHATWG HTML: Server-sent events', 'OWASP Error Handling Cheat Sheet'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const h = file.handlers.find((x) => reportsOnStream(project, file, x));
      if (!h) continue;
      const traceback = h.logs.some((l) => l.withTraceback);
      credit({ message: `When the stream fails, \`${file.functions[h.fn]?.name ?? 'the generator'}\` logs the error${traceback ? ' with its traceback' : ''} and sends the client an error event, so a broken stream is visible on both sides.`, path: file.path, line: h.line });
    }
  },
});
