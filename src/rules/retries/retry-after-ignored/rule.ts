import type { CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { isSleepCall } from '../../../project/knowledge/remote-calls.js';
import { retryPolicies } from '../../../project/knowledge/retries.js';

type MessageId = 'ignored';

const STATUS_COMPARISON = [
  /\b(status_code|status|statusCode)\s*(==|===|!=|!==|>=|in|not in)\s*[[({]?[^\n]{0,40}?\b(429|503)\b/,
  /\b(429|503)\s*(==|===|in)\s*[\w.]*\b(status_code|status|statusCode)\b/,
  /\b(HTTPStatus|HttpStatus|HttpStatusCode|StatusCodes|status|codes)\.(TOO_MANY_REQUESTS|SERVICE_UNAVAILABLE|HTTP_429_TOO_MANY_REQUESTS|HTTP_503_SERVICE_UNAVAILABLE|too_many_requests|service_unavailable|TooManyRequests|ServiceUnavailable)\b/,
];
const RETRY_AFTER = /retry[-_ ]?after/i;

interface Comparison {
  line: number;
  status: string;
}

function comparisons(lines: readonly string[]): Comparison[] {
  const out: Comparison[] = [];
  lines.forEach((text, i) => {
    if (/^\s*(#|\/\/|\*)/.test(text)) return;
    for (const re of STATUS_COMPARISON) {
      const m = re.exec(text);
      if (m) {
        const statuses = [/429|TOO_MANY|too_many|TooMany/.test(text) ? '429' : '', /503|SERVICE_UNAVAILABLE|service_unavailable|ServiceUnavailable/.test(text) ? '503' : ''].filter(Boolean);
        out.push({ line: i + 1, status: statuses.join('/') || m[0] });
        return;
      }
    }
  });
  return out;
}

/** The status check drives a retry: it sits in a loop that sleeps, or in a function with a retry decorator. */
function retries(file: CodeFacts, project: Project, line: number): boolean {
  const fn = project.functionAt(file.path, line);
  const fnIndex = fn ? file.functions.indexOf(fn) : -1;
  const decorated = retryPolicies(file).some((p) => p.fn !== undefined && (p.fn === fnIndex || (fn && file.functions[p.fn]?.line === fn.line)));
  if (decorated) return true;
  return (file.loops ?? []).some((l) => l.fn === fnIndex && l.line <= line && line <= l.endLine && file.calls.some((c) => c.line >= l.line && c.line <= l.endLine && isSleepCall(c)));
}

export default defineRule<MessageId>({
  meta: {
    code: 'RTY004',
    name: 'retry-after-ignored',
    category: 'retries',
    severity: 'medium',
    confidence: 'medium',
    title: 'Retry ignores Retry-After',
    description: 'Code that retries on HTTP 429 or 503 without reading the Retry-After header the server sent.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      ignored: 'This code retries on HTTP {{status}} but never reads the `Retry-After` header (not anywhere in this file): it comes back on its own schedule, which the server may answer with more errors or a ban.',
    },
    fix: 'When the response is 429 or 503, read `Retry-After` (seconds or an HTTP date), wait that long (capped), and fall back to exponential backoff when it is absent; urllib3 `Retry` does this by default (`respect_retry_after_header=True`).',
    acceptance: 'Every retry on 429/503 waits at least as long as the server\'s `Retry-After` says, up to a cap.',
    references: ['RFC 9110 §10.2.3 (Retry-After)', 'RFC 6585 §4 (429 Too Many Requests)', 'CWE-400'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      const text = project.readText(file.path);
      if (!text || !/429|503|TOO_MANY_REQUESTS|SERVICE_UNAVAILABLE|too_many_requests|service_unavailable|TooManyRequests|ServiceUnavailable/.test(text)) continue;
      const lines = text.split('\n');
      if (lines.some((l) => !/^\s*(#|\/\/|\*|\/\*)/.test(l) && RETRY_AFTER.test(l))) continue;
      const seen = new Set<number>();
      for (const c of comparisons(lines)) {
        const fn = project.functionAt(file.path, c.line);
        const key = fn?.line ?? 0;
        if (seen.has(key) || !retries(file, project, c.line)) continue;
        seen.add(key);
        report({ messageId: 'ignored', data: { status: c.status }, path: file.path, line: c.line });
      }
    }
  },
});
