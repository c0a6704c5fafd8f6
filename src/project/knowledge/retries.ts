/**
 * How code retries: retry libraries and their defaults, and hand-written retry loops found in the facts.
 * Shared by the retry rules (and the component-level "no retry anywhere" check).
 */
import type { CallFact, CodeFacts, DecoratorFact, HandlerFact, LoopFact, ValueFact } from '../../facts/types.js';
import { callsFrom, connectCalls, importedNames, isSleepCall, moduleAliases, remoteCalls, type RemoteCall } from './remote-calls.js';

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

/**
 * A loop that can repeat the same operation: `while`, `do`, a counting `for` (`for attempt in range(5)`,
 * `for (let i = 0; i < 3; i++)`). A for-each over a collection (`for url in mirrors`, `for (const account of
 * accounts)`) tries different things, which is a fallback, not a retry.
 */
function repeats(loop: LoopFact): boolean {
  if (loop.kind !== 'for') return true;
  return /\bin\s+(range|itertools\.count|count|repeat)\(/.test(loop.header) || /^for\s*\([^)]*;/.test(loop.header);
}

/** The innermost loop of `fn` that encloses lines [from, to]. */
export function enclosingLoop(loops: readonly LoopFact[], fn: number, from: number, to: number): LoopFact | undefined {
  let best: LoopFact | undefined;
  for (const l of loops) if (l.fn === fn && l.line <= from && l.endLine >= to && (!best || l.line >= best.line)) best = l;
  return best;
}

/** The handler gives up at once: its whole body is one unconditional raise, return or exit. */
function givesUp(h: HandlerFact, lines: readonly string[] | undefined): boolean {
  if (h.statements > 1 || !(h.raises || h.returns.length > 0 || h.exits.length > 0)) return false;
  if (!lines) return true;
  const header = lines[h.line - 1] ?? '';
  const inline = /^\s*(except\b[^:]*|[}\s]*catch\b[^{]*)[:{]\s*(\S.*)$/.exec(header)?.[2];
  const first = inline ?? lines.slice(h.line).find((l) => l.trim() !== '' && !/^\s*(#|\/\/)/.test(l)) ?? '';
  return /^\s*(raise|return|throw|sys\.exit|process\.exit)\b/.test(first);
}

/** `fn` is `ancestor` or a function nested in it (a callback defined inside it). */
function nestedIn(file: CodeFacts, fn: number, ancestor: number): boolean {
  for (let f = fn; f >= 0; f = file.functions[f]?.parent ?? -1) if (f === ancestor) return true;
  return fn === ancestor;
}

const loopCache = new WeakMap<CodeFacts, RetryLoop[]>();

/**
 * Loops that retry a remote call: a `try` inside a loop protects an HTTP call or a connection, and its handler
 * does not give up at once. (A loop that processes items and only logs their failures does not leave the loop
 * on success; `exitsOnSuccess` tells them apart.) Computed once per file, as several rules ask; `readText` is
 * called only when a handler sits in a loop.
 */
export function retryLoops(file: CodeFacts, readText: () => string | null): RetryLoop[] {
  let found = loopCache.get(file);
  if (!found) {
    found = findRetryLoops(file, readText);
    loopCache.set(file, found);
  }
  return found;
}

function findRetryLoops(file: CodeFacts, readText: () => string | null): RetryLoop[] {
  const loops = file.loops ?? [];
  if (loops.length === 0 || !file.handlers.some((h) => h.inLoop && h.form === 'try' && h.tryLine !== undefined)) return [];
  const text = readText();
  const lines = text ? text.split('\n') : undefined;
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
    const tryLine = h.tryLine;
    if (!h.inLoop || tryLine === undefined || h.form !== 'try' || givesUp(h, lines)) continue;
    const key = `${h.fn}:${tryLine}`;
    const bodyEnd = (firstHandlerLine.get(key) ?? h.line) - 1;
    if (seen.has(key)) continue;
    const loop = enclosingLoop(loops, h.fn, tryLine, h.endLine);
    if (!loop || !repeats(loop)) continue;
    const protectedCalls = file.calls.filter((c) => c.fn === h.fn && c.line >= tryLine && c.line <= bodyEnd && remote.has(c));
    if (protectedCalls.length === 0) continue;
    seen.add(key);
    out.push({
      loop,
      handler: h,
      remote: protectedCalls,
      exitsOnSuccess: loop.exits.some((l) => l >= tryLine && l <= bodyEnd),
      sleeps: file.calls.filter((c) => c.line >= loop.line && c.line <= loop.endLine && isSleepCall(c) && nestedIn(file, c.fn, h.fn)),
    });
  }
  return out;
}

/** The handler hands the error to a helper (`_backoff_or_raise(error, attempt)`) that may wait or give up: not judged. */
export function delegates(h: HandlerFact): boolean {
  const helpers = h.calls.filter((c) => !h.logs.some((l) => l.callee === c) && !isSleepName(c));
  return helpers.some((c) => /backoff|retry|give_?up|or_raise|raise_|throw/i.test(c)) || (h.passesError && !h.raises && helpers.length > 0);
}

function isSleepName(callee: string): boolean {
  return /(^|\.)(sleep|delay|setTimeout)$/.test(callee);
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

/** How a retry policy waits between attempts. `unknown` when the code computes it. */
export type WaitShape = 'none' | 'constant' | 'growing' | 'jitter' | 'unknown';

export interface RetryPolicy {
  library: string;
  line: number;
  endLine: number;
  /** Text to show: `@retry(stop=stop_after_attempt(3))`, `Retry(total=5)`. */
  text: string;
  wait: WaitShape;
  /** The policy gives up at some point (an attempt or time limit, or the library's bounded default). */
  bounded: boolean | 'unknown';
  /** Function the decorator sits on (index into functions[]), for decorators. */
  fn?: number;
  /** The predicate deciding what to retry, as written (`retry=retry_if_exception_type(httpx.ConnectError)`). */
  on?: string;
}

function tenacityWait(value: ValueFact | undefined): WaitShape {
  if (!value) return 'none';
  if (value.kind !== 'call') return 'unknown';
  const callee = value.callee ?? '';
  if (/exponential|incrementing|chain/.test(callee)) return 'growing';
  if (/wait_random/.test(callee)) return 'jitter';
  if (/wait_fixed/.test(callee)) return 'constant';
  if (/wait_none/.test(callee)) return 'none';
  return 'unknown';
}

function tenacityPolicy(kwargs: Record<string, ValueFact>, hasSpread: boolean): Pick<RetryPolicy, 'wait' | 'bounded'> {
  if (hasSpread) return { wait: 'unknown', bounded: 'unknown' };
  const stop = kwargs['stop'];
  return { wait: tenacityWait(kwargs['wait']), bounded: stop === undefined ? false : /stop_never/.test(stop.text) ? false : stop.kind === 'call' || stop.kind === 'other' ? true : 'unknown' };
}

function backoffPolicy(args: ValueFact[], kwargs: Record<string, ValueFact>): Pick<RetryPolicy, 'wait' | 'bounded'> {
  const gen = args[0]?.text ?? kwargs['wait_gen']?.text ?? '';
  const wait: WaitShape = /expo|fibo/.test(gen) ? 'growing' : /constant/.test(gen) ? 'constant' : 'unknown';
  const limit = kwargs['max_tries'] ?? kwargs['max_time'];
  return { wait, bounded: limit === undefined ? false : limit.kind === 'none' ? false : true };
}

function retryingPolicy(kwargs: Record<string, ValueFact>): Pick<RetryPolicy, 'wait' | 'bounded'> {
  const keys = Object.keys(kwargs);
  const wait: WaitShape = keys.some((k) => /^wait_(exponential|incrementing)/.test(k))
    ? 'growing'
    : keys.some((k) => k.startsWith('wait_random'))
      ? 'jitter'
      : keys.includes('wait_fixed')
        ? 'constant'
        : keys.includes('wait_func')
          ? 'unknown'
          : 'none';
  return { wait, bounded: keys.some((k) => /^stop_/.test(k)) };
}

const URLLIB3_RETRY_MODULES = ['urllib3.util.retry', 'urllib3.util', 'urllib3', 'requests.adapters', 'requests.packages.urllib3.util.retry'];
const policyCache = new WeakMap<CodeFacts, RetryPolicy[]>();

/**
 * Retry policies declared in a file: decorators (tenacity, backoff, retrying, stamina), `Retrying(...)`, urllib3
 * `Retry(...)`, `axiosRetry(...)`. Computed once per file, as several rules ask.
 */
export function retryPolicies(file: CodeFacts): RetryPolicy[] {
  let found = policyCache.get(file);
  if (!found) {
    found = findRetryPolicies(file);
    policyCache.set(file, found);
  }
  return found;
}

function callText(call: CallFact): string {
  return `${call.callee}(${[...call.args.map((a) => a.text), ...Object.entries(call.kwargs).map(([k, v]) => `${k}=${v.text}`)].join(', ')})`;
}

function findRetryPolicies(file: CodeFacts): RetryPolicy[] {
  const out: RetryPolicy[] = [];
  for (const r of retryDecorators(file)) {
    const d = r.decorator;
    const bare = !/\(/.test(d.text);
    const shape =
      r.library === 'tenacity'
        ? tenacityPolicy(bare ? {} : d.kwargs, false)
        : r.library === 'backoff'
          ? backoffPolicy(d.args, d.kwargs)
          : r.library === 'retrying'
            ? retryingPolicy(d.kwargs)
            : { wait: 'growing' as const, bounded: true };
    const on = d.kwargs['retry']?.text ?? d.kwargs['on']?.text ?? (r.library === 'backoff' ? d.args[1]?.text : undefined);
    out.push({ library: r.library, line: d.line, endLine: d.line, text: d.text, fn: r.fn, ...shape, ...(on ? { on } : {}) });
  }
  if (file.language === 'python') {
    const isRetrying = callsFrom(file, 'tenacity', ['Retrying', 'AsyncRetrying']);
    const fromUrllib3 = URLLIB3_RETRY_MODULES.map((m) => callsFrom(file, m, ['Retry']));
    const urllib3Names = new Set([...moduleAliases(file, 'urllib3')].flatMap((a) => [`${a}.Retry`, `${a}.util.Retry`, `${a}.util.retry.Retry`]));
    const isUrllib3Retry = (call: CallFact): boolean => fromUrllib3.some((is) => is(call)) || urllib3Names.has(call.callee);
    for (const call of file.calls) {
      if (isRetrying(call)) out.push({ library: 'tenacity', line: call.line, endLine: call.endLine, text: callText(call), ...tenacityPolicy(call.kwargs, call.hasSpread) });
      else if (isUrllib3Retry(call)) {
        const text = callText(call);
        const factor = call.kwargs['backoff_factor'];
        const wait: WaitShape = call.hasSpread ? 'unknown' : factor === undefined || (factor.kind === 'number' && factor.value === 0) ? 'none' : factor.kind === 'number' ? 'growing' : 'unknown';
        out.push({ library: 'urllib3', line: call.line, endLine: call.endLine, text, wait, bounded: true });
      }
    }
  } else {
    const axiosRetry = new Set([...moduleAliases(file, 'axios-retry')]);
    for (const call of file.calls) {
      if (!axiosRetry.has(call.callee)) continue;
      const options = call.args[1];
      const known = options === undefined || (options.kind === 'object' && !options.spread);
      const delay = options?.props?.['retryDelay'];
      const wait: WaitShape = !known ? 'unknown' : delay === undefined ? 'none' : /exponentialDelay/.test(delay.text) ? 'growing' : 'unknown';
      out.push({ library: 'axios-retry', line: call.line, endLine: call.endLine, text: `${call.callee}(…)`, wait, bounded: true });
    }
  }
  return out;
}
