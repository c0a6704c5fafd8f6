import { defineStrength } from '../../../engine/strength.js';
import { isSleepCall } from '../../../project/knowledge/remote-calls.js';
import { sourceLines } from '../../../project/source-text.js';

const RETRY_AFTER = /["'](retry-after|Retry-After|RETRY-AFTER|x-ratelimit-reset|X-RateLimit-Reset|ratelimit-reset)["']|\.retry_after\b|\bretryAfter\b/;

export default defineStrength({
  meta: {
    code: 'STR049',
    name: 'retry-after-honoured',
    category: 'retries',
    title: 'Retry-After is honoured',
    description: 'Credits clients that read the server\'s Retry-After (or rate-limit reset) header and wait that long before retrying.',
    condition: 'A production function reads the `Retry-After` header (or `X-RateLimit-Reset`, or an SDK\'s `retry_after`) and waits in the same function: a sleep, or a delay returned to the retry policy.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['RFC 9110 §10.2.3 Retry-After', 'AWS Architecture Blog: Exponential Backoff and Jitter'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const text = project.readText(file.path);
      if (!text || !RETRY_AFTER.test(text)) continue;
      const lines = text.split('\n');
      const index = lines.findIndex((l, i) => {
        if (!RETRY_AFTER.test(l) || /^\s*(#|\/\/|\*)/.test(l)) return false;
        const fn = project.functionAt(file.path, i + 1);
        if (!fn) return false;
        const fnIndex = file.functions.indexOf(fn);
        const waits = file.calls.some((c) => c.fn === fnIndex && isSleepCall(c)) || /\breturn\b[^\n]*(retry_?after|wait|delay|seconds)/i.test(sourceLines(project, file.path, i + 1, fn.endLine));
        return waits;
      });
      if (index === -1) continue;
      credit({ message: `\`${project.functionAt(file.path, index + 1)?.qualifiedName ?? 'the client'}\` reads the server's Retry-After and waits that long before retrying: a rate-limited API is not hammered, and the wait is the one the server asked for.`, path: file.path, line: index + 1 });
    }
  },
});
