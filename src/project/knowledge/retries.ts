/**
 * How code retries: retry libraries and their defaults, and hand-written retry loops found in the facts.
 * Shared by the retry rules (and the component-level "no retry anywhere" check).
 */
import type { CallFact, CodeFacts, DecoratorFact, HandlerFact, LoopFact } from '../../facts/types.js';
import { connectCalls, importedNames, isSleepCall, moduleAliases, remoteCalls, type RemoteCall } from './remote-calls.js';

/** Retry libraries, as imported. Each retries with backoff (or can) and is searched for by the absence check. */
export const RETRY_LIBRARIES: ReadonlyArray<readonly [string, string]> = [
  ['tenacity', 'tenacity'],
  ['backoff', 'backoff'],
  ['stamina', 'stamina'],
  ['retrying', 'retrying'],
  ['retry', 'retry'],
  ['aiohttp_retry', 'aiohttp-retry'],
  ['google.api_core.retry', 'google-api-core retry'],
  ['urllib3.util.retry', 'urllib3 Retry'],
  ['urllib3.util', 'urllib3 Retry'],
  ['urllib3', 'urllib3 Retry'],
  ['requests.adapters', 'requests HTTPAdapter'],
  ['requests.packages.urllib3.util.retry', 'urllib3 Retry'],
  ['axios-retry', 'axios-retry'],
  ['p-retry', 'p-retry'],
  ['async-retry', 'async-retry'],
  ['promise-retry', 'promise-retry'],
  ['exponential-backoff', 'exponential-backoff'],
  ['cockatiel', 'cockatiel'],
  ['ts-retry-promise', 'ts-retry-promise'],
];

/** What the absence check says it searched. */
export const SEARCHED =
  'tenacity, backoff, stamina, retrying, urllib3 `Retry`, `HTTPAdapter(max_retries=…)`, httpx transports with `retries=`, Celery `autoretry_for`/`self.retry`, axios-retry, p-retry, async-retry, got/ky built-in retries, BullMQ `attempts`, and hand-written retry loops';

export interface RetryLoop {
  loop: LoopFact;
  handler: HandlerFact;
  /** The remote calls protected by the try inside the loop. */
  remote: CallFact[];
  /** A `break`/`return` in the protected body: success leaves the loop. */
  exitsOnSuccess: boolean;
  /** Sleep calls inside the loop (same function). */
  sleeps: CallFact[];
}

/** The innermost loop of `fn` that encloses lines [from, to]. */
function enclosingLoop(loops: readonly LoopFact[], fn: number, from: number, to: number): LoopFact | undefined {
  let best: LoopFact | undefined;
  for (const l of loops) if (l.fn === fn && l.line <= from && l.endLine >= to && (!best || l.line >= best.line)) best = l;
  return best;
}

/** The handler gives up at once: its whole body is a raise, a return or an exit. */
function givesUp(h: HandlerFact): boolean {
  return h.statements <= 1 && (h.raises || h.returns.length > 0 || h.exits.length > 0);
}

/**
 * Loops that retry a remote call: a `try` inside a loop protects an HTTP call or a connection, and its handler
 * does not give up at once. (A loop that processes items and only logs their failures does not leave the loop
 * on success; `exitsOnSuccess` tells them apart.)
 */
export function retryLoops(file: CodeFacts): RetryLoop[] {
  const loops = file.loops ?? [];
  if (loops.length === 0) return [];
  const remote = new Set<CallFact>([...remoteCalls(file).map((r) => r.call), ...connectCalls(file)]);
  const firstHandlerLine = new Map<string, number>();
  for (const h of file.handlers) {
    if (h.tryLine === undefined) continue;
    const key = `${h.fn}:${h.tryLine}`;
    firstHandlerLine.set(key, Math.min(firstHandlerLine.get(key) ?? h.line, h.line));
  }
  const out: RetryLoop[] = [];
  const seen = new Set<string>();
  for (const h of file.handlers) {
    if (!h.inLoop || h.tryLine === undefined || h.form !== 'try' || givesUp(h)) continue;
    const bodyEnd = (firstHandlerLine.get(`${h.fn}:${h.tryLine}`) ?? h.line) - 1;
    const key = `${h.fn}:${h.tryLine}`;
    if (seen.has(key)) continue;
    const loop = enclosingLoop(loops, h.fn, h.tryLine, h.endLine);
    if (!loop) continue;
    const protectedCalls = file.calls.filter((c) => c.fn === h.fn && c.line >= h.tryLine! && c.line <= bodyEnd && remote.has(c));
    if (protectedCalls.length === 0) continue;
    seen.add(key);
    out.push({
      loop,
      handler: h,
      remote: protectedCalls,
      exitsOnSuccess: loop.exits.some((l) => l >= h.tryLine! && l <= bodyEnd),
      sleeps: file.calls.filter((c) => c.fn === h.fn && c.line >= loop.line && c.line <= loop.endLine && isSleepCall(c)),
    });
  }
  return out;
}

/** A sleep whose duration does not change between attempts: a literal or an UPPER_CASE constant. */
export function isConstantDelay(call: CallFact): boolean {
  const arg = call.callee.endsWith('setTimeout') ? call.args[1] : (call.args[0] ?? call.kwargs['timeout'] ?? call.kwargs['seconds']);
  if (!arg) return call.callee.endsWith('setTimeout');
  return arg.kind === 'number' || (arg.kind === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(arg.text)) || (arg.kind === 'attribute' && /\.[A-Z][A-Z0-9_]*$/.test(arg.text));
}

export interface RetryDecorator {
  /** `tenacity`, `backoff`, `stamina`, `retrying`. */
  library: string;
  decorator: DecoratorFact;
  fn: number;
}

/** Functions decorated with a retry library's decorator (`@retry(...)`, `@tenacity.retry`, `@backoff.on_exception(...)`). */
export function retryDecorators(file: CodeFacts): RetryDecorator[] {
  if (file.language !== 'python') return [];
  const names = new Map<string, string>();
  for (const [module, fns] of [
    ['tenacity', ['retry']],
    ['retrying', ['retry']],
    ['backoff', ['on_exception', 'on_predicate']],
    ['stamina', ['retry']],
  ] as const) {
    for (const a of moduleAliases(file, module)) for (const f of fns) names.set(`${a}.${f}`, module);
    for (const n of importedNames(file, module)) if ((fns as readonly string[]).includes(n)) names.set(n, module);
  }
  const out: RetryDecorator[] = [];
  file.functions.forEach((fn, index) => {
    for (const d of fn.decorators) {
      const library = names.get(d.name);
      if (library) out.push({ library, decorator: d, fn: index });
    }
  });
  return out;
}

/** Remote calls made directly inside one function. */
export function remoteCallsIn(file: CodeFacts, fn: number): RemoteCall[] {
  return remoteCalls(file).filter((r) => r.call.fn === fn);
}
