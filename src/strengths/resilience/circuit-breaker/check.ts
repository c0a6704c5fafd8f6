import { defineStrength } from '../../../engine/strength.js';
import { isUsed, mentionedAgain } from '../../../project/knowledge/applied.js';

/** Circuit-breaker libraries and the constructors or decorators that build one. */
const BREAKERS: ReadonlyArray<readonly [RegExp, RegExp, string]> = [
  [/^pybreaker$/, /(^|\.)CircuitBreaker$/, 'pybreaker'],
  [/^aiobreaker$/, /(^|\.)CircuitBreaker$/, 'aiobreaker'],
  [/^circuitbreaker$/, /(^|\.)(circuit|CircuitBreaker)$/, 'circuitbreaker'],
  [/^purgatory(\.|$)/, /(^|\.)(AsyncCircuitBreakerFactory|SyncCircuitBreakerFactory)$/, 'purgatory'],
  [/^opossum$/, /^\w*(CircuitBreaker|Breaker|Opossum)\w*$/, 'opossum'],
  [/^cockatiel$/, /(^|\.)circuitBreaker$/, 'cockatiel'],
  [/^brakes$/, /(^|\.)Brakes$/, 'brakes'],
];
/** Where the breaker's state is made visible: state-change listeners, state read for health or metrics. */
const STATE = /\.on\(\s*["'](open|halfOpen|close|stateChange)["']|onBreak|onStateChange|current_state|\.opened\b|\.stats\b|\.state\b|listeners\s*=|add_listener/;

export default defineStrength({
  meta: {
    code: 'STR051',
    name: 'circuit-breaker',
    category: 'resilience',
    title: 'Circuit breaker around a dependency',
    description: 'Credits a circuit breaker built from a breaker library and applied to calls, naming whether its state is exposed (listeners, health, metrics).',
    condition: 'Production code builds a circuit breaker (pybreaker, aiobreaker, circuitbreaker, purgatory, opossum, cockatiel, brakes) and applies it: the breaker object is used again (`breaker.call`, `fire`, `execute`, a decorator on a called function).',
    archetypes: ['service', 'worker'],
    opposes: [],
    references: ['Martin Fowler: CircuitBreaker', 'Michael Nygard: Release It!, ch. 5'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      for (const [module, ctor, name] of BREAKERS) {
        const imported = file.imports.filter((i) => module.test(i.module));
        if (imported.length === 0) continue;
        const local = new Set(imported.flatMap((i) => [...i.names, i.alias ?? '']).filter(Boolean));
        const fromLibrary = (callee: string): boolean => local.has(callee.split('.')[0] ?? '') || local.has(callee) || imported.some((i) => callee.startsWith(`${i.module}.`));
        const built = file.calls.find((c) => ctor.test(c.callee.replace(/^new\s+/, '')) && fromLibrary(c.callee) && c.assignedTo !== undefined && (isUsed(project, c.assignedTo.split('.').pop() ?? c.assignedTo) || mentionedAgain(project, file.path, c.assignedTo, c.line)));
        const decorated = file.functions.find((f) => f.decorators.some((d) => fromLibrary(d.name) || (built?.assignedTo !== undefined && d.name === built.assignedTo)) && isUsed(project, f.name));
        const line = built?.line ?? decorated?.line;
        if (line === undefined) continue;
        const exposed = STATE.test(project.readText(file.path) ?? '');
        credit({ message: `Calls to a dependency go through a ${name} circuit breaker: after repeated failures it fails fast instead of queueing requests behind a dead service${exposed ? ', and its state changes are observed' : ''}.`, path: file.path, line });
        break;
      }
    }
  },
});
