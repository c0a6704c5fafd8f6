import { defineStrength } from '../../../engine/strength.js';
import { isUsed, mentionedAgain } from '../../../project/knowledge/applied.js';

/** Client-side rate limiters (token or leaky bucket), by module, with the constructors that build one. */
const LIMITERS: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  [/^aiolimiter$/, /(^|\.)AsyncLimiter$/, 'aiolimiter'],
  [/^pyrate_limiter$/, /(^|\.)Limiter$/, 'pyrate-limiter'],
  [/^limits(\.|$)/, /(^|\.)(MovingWindowRateLimiter|FixedWindowRateLimiter|SlidingWindowCounterRateLimiter)$/, 'limits'],
  [/^ratelimit$/, /(^|\.)(limits|sleep_and_retry|RateLimitDecorator)$/, 'ratelimit'],
  [/^(token_bucket|tokenbucket)$/, /(^|\.)(Limiter|TokenBucket)$/, 'token bucket'],
  [/^bottleneck$/, /^(Bottleneck|\w+)$/, 'Bottleneck'],
  [/^p-throttle$/, /^pThrottle$|^\w+$/, 'p-throttle'],
  [/^limiter$/, /(^|\.)(RateLimiter|TokenBucket)$/, 'limiter'],
  [/^p-ratelimit$/, /(^|\.)pRateLimit$/, 'p-ratelimit'],
];

export default defineStrength({
  meta: {
    code: 'STR050',
    name: 'client-rate-limiter',
    category: 'resilience',
    title: 'Client-side rate limiter',
    description: 'Credits a client-side rate limiter (token or leaky bucket) built and used in front of outbound calls.',
    condition: 'Production code builds a rate limiter from a rate-limiting library (aiolimiter, pyrate-limiter, limits, ratelimit, Bottleneck, p-throttle, limiter) and uses it: the limiter object is referenced again (acquired, scheduled, wrapped around calls) or its decorator sits on a function that is called.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['Token bucket algorithm', 'Google Cloud: rate-limiting strategies'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      for (const [module, ctor, name] of LIMITERS) {
        const imported = file.imports.filter((i) => module.test(i.module));
        if (imported.length === 0) continue;
        const local = new Set(imported.flatMap((i) => [...i.names, i.alias ?? '']).filter(Boolean));
        const fromLibrary = (callee: string): boolean => local.has(callee.split('.')[0] ?? '') || local.has(callee) || imported.some((i) => callee.startsWith(`${i.module}.`));
        const built = file.calls.find((c) => ctor.test(c.callee) && fromLibrary(c.callee) && c.assignedTo !== undefined && (isUsed(project, c.assignedTo.split('.').pop() ?? c.assignedTo) || mentionedAgain(project, file.path, c.assignedTo, c.line)));
        const decorated = file.functions.find((f) => f.decorators.some((d) => fromLibrary(d.name)) && isUsed(project, f.name));
        const line = built?.line ?? decorated?.line;
        if (line === undefined) continue;
        credit({ message: `Outbound calls go through a ${name} rate limiter: the client stays under the other side's rate limit instead of collecting 429s.`, path: file.path, line });
        break;
      }
    }
  },
});
