import type { CodeFacts, FunctionFact } from '../../../facts/types.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineStrength } from '../../../engine/strength.js';
import { nodeStarts, pythonLoops, signalHandlers, type Evidence } from '../../../project/knowledge/shutdown.js';
import type { Project } from '../../../project/project.js';
import { byCodePoint } from '../../../util/order.js';

/** Calls that stop accepting work or drain it. */
const DRAINS = /(^|\.)(close|closeAll|closeAllConnections|stop|stopServer|shutdown|gracefulShutdown|drain|terminate|disconnect|destroy|quit|cancel|set|beforeExit|closeJobs|teardown|cleanup|join|dispose|flush|end)$/i;
/** A Python handler that asks the loop to stop: `self.running = False`, `should_exit = True`. */
const STOP_FLAG = /running|stop|shutdown|exit|alive|terminat|done|kill|quit/i;

function callbackOf(file: CodeFacts, line: number): { fn: FunctionFact; index: number } | undefined {
  const call = file.calls.find((c) => c.line === line);
  if (!call) return undefined;
  const target = call.args[1];
  if (!target) return undefined;
  const index =
    target.kind === 'identifier' || target.kind === 'attribute'
      ? file.functions.findIndex((f) => f.name === (target.text.split('.').pop() ?? ''))
      : file.functions.findIndex((f) => f.passedTo === call.callee && f.line >= call.line && f.endLine <= call.endLine);
  const fn = file.functions[index];
  return fn ? { fn, index } : undefined;
}

/** The handler stops accepting or drains: it (or a function of the file it calls) closes, stops or drains something, or sets a stop flag. */
function drains(file: CodeFacts, index: number, depth = 0): boolean {
  const calls = file.calls.filter((c) => c.fn === index || (file.functions[c.fn]?.parent === index && depth === 0));
  if (calls.some((c) => DRAINS.test(c.callee))) return true;
  if (file.language === 'python' && file.bindings.some((b) => b.fn === index && STOP_FLAG.test(b.name))) return true;
  if (depth > 0) return false;
  return calls.some((c) => {
    const callee = file.functions.findIndex((f) => f.name === (c.callee.split('.').pop() ?? ''));
    return callee >= 0 && callee !== index && drains(file, callee, depth + 1);
  });
}

/**
 * The handler calls a callback its enclosing function was given (`registerCloseListener(fn)` installs `fn` on
 * SIGTERM): a callback passed to that function anywhere in the project drains.
 */
function drainsThroughRegistration(project: Project, file: CodeFacts, index: number): boolean {
  for (let p = file.functions[index]?.parent ?? -1; p >= 0; p = file.functions[p]?.parent ?? -1) {
    const outer = file.functions[p];
    if (!outer) break;
    const params = new Set(outer.params.map((x) => x.name));
    if (!file.calls.some((c) => c.fn === index && params.has(c.callee))) continue;
    for (const other of project.code()) {
      if (other.functions.some((cb, i) => (cb.passedTo?.split('.').pop() ?? '') === outer.name && drains(other, i))) return true;
    }
  }
  return false;
}

interface Graceful {
  evidence: Evidence;
  signals: string;
}

function graceful(project: Project, files: readonly CodeFacts[]): Graceful[] {
  const out: Graceful[] = [];
  for (const file of files) {
    for (const h of signalHandlers(file, project)) {
      if (/enableShutdownHooks|^uses /.test(h.detail)) {
        out.push({ evidence: h, signals: 'SIGTERM' });
        continue;
      }
      const call = file.calls.find((c) => c.line === h.line);
      // Registered only inside an `error` callback (to re-send a signal), it is not a shutdown path.
      if (call && file.functions[call.fn]?.eventName === 'error') continue;
      const cb = callbackOf(file, h.line);
      if (!cb || !(drains(file, cb.index) || drainsThroughRegistration(project, file, cb.index))) continue;
      const text = project.readText(file.path) ?? '';
      const signals = /SIGTERM/.test(h.detail) || (!/SIGINT/.test(h.detail) && /SIGTERM/.test(text)) ? 'SIGTERM' : 'SIGINT';
      out.push({ evidence: h, signals });
    }
  }
  return out.sort((a, b) => byCodePoint(a.evidence.path, b.evidence.path) || a.evidence.line - b.evidence.line);
}

export default defineStrength({
  meta: {
    code: 'STR035',
    name: 'graceful-shutdown',
    category: 'resilience',
    title: 'Graceful shutdown on SIGTERM',
    description: 'Credits a long-lived process whose termination-signal handler stops accepting work and drains it before exiting.',
    condition:
      'The component starts a server, a queue consumer or a worker loop, and handles SIGTERM (a CLI: SIGTERM or SIGINT) with a callback that closes, stops or drains something (server.close, worker.stop, a stop flag), itself or through a function it calls; or uses NestJS enableShutdownHooks or a draining library (terminus, http-terminator, stoppable, lightship, close-with-grace). A handler registered only inside an `error` callback does not count.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [{ rule: 'no-graceful-shutdown', scope: 'component' }],
    references: ['Kubernetes docs: Pod termination', 'The Twelve-Factor App: IX. Disposability'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const byComponent = new Map<ComponentProfile, CodeFacts[]>();
    for (const file of project.code({ roles: ['source', 'script', 'config'] })) {
      const component = project.componentOf(file.path);
      if (component) byComponent.set(component, [...(byComponent.get(component) ?? []), file]);
    }
    for (const [component, files] of byComponent) {
      const source = files.filter((f) => f.role === 'source');
      const starts = nodeStarts(source.filter((f) => f.language !== 'python'), project);
      const loops = component.archetype === 'worker' ? pythonLoops(source.filter((f) => f.language === 'python')) : [];
      const pythonServer = source.some((f) => f.language === 'python') && project.inventory.runtime.servers.some((s) => project.componentOf(s.path) === component);
      if (starts.length === 0 && loops.length === 0 && !pythonServer) continue;
      const found = graceful(project, files).filter((g) => component.archetype === 'cli' || g.signals === 'SIGTERM');
      const first = found[0];
      if (!first) continue;
      credit({
        message: `On ${first.signals} the process stops taking new work and drains what is in flight (\`${first.evidence.detail}\`${found.length > 1 ? ` and ${found.length - 1} more` : ''}) before it exits.`,
        path: first.evidence.path,
        line: first.evidence.line,
        related: found.slice(1, 3).map((g) => ({ path: g.evidence.path, line: g.evidence.line })),
      });
    }
  },
});
