import type { CallFact, CodeFacts } from '../../../facts/types.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { importsAny, splitCallee } from '../../../project/knowledge/remote-calls.js';
import { byCodePoint } from '../../../util/order.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'nodeNoSignalHandler' | 'pythonLoopNoSignalHandler';

const SIGNALS = /^SIG(TERM|INT)$/;
/** Libraries that drain a Node server on SIGTERM. */
const NODE_SHUTDOWN_LIBRARIES = ['@godaddy/terminus', 'http-terminator', 'stoppable', 'lightship', 'close-with-grace', 'fastify-graceful-shutdown', '@fastify/under-pressure'];
/** Python frameworks that own the worker loop and handle SIGTERM themselves. */
const PYTHON_RUNNERS = ['celery', 'rq', 'dramatiq', 'arq', 'huey', 'faust', 'taskiq', 'uvicorn', 'gunicorn', 'apscheduler', 'kopf'];
const NODE_SEARCHED = "`process.on('SIGTERM' | 'SIGINT', …)`, NestJS `enableShutdownHooks()`, terminus, http-terminator, stoppable, lightship, close-with-grace";
const CONSUMER = /(^|\.)(consume|run|subscribe|process)$/;

interface Evidence {
  path: string;
  line: number;
  detail: string;
}

/** `process.on('SIGTERM', …)`, `process.once(signal, …)` in a file that names SIGTERM/SIGINT, `signal.signal(SIGTERM, …)`, `loop.add_signal_handler(…)`. */
function signalHandlers(file: CodeFacts, project: Project): Evidence[] {
  const out: Evidence[] = [];
  for (const call of file.calls) {
    const [owner, method] = splitCallee(call.callee);
    const first = call.args[0];
    const named = first?.kind === 'string' ? SIGNALS.test(String(first.value)) : first !== undefined && /SIG(TERM|INT)/.test(first.text);
    const viaVariable = first?.kind === 'identifier' && /SIGTERM/.test(project.readText(file.path) ?? '');
    if (file.language === 'python') {
      if ((call.callee === 'signal.signal' || call.callee === 'signal' || method === 'add_signal_handler') && (named || viaVariable)) out.push({ path: file.path, line: call.line, detail: `${call.callee}(${first?.text ?? ''}, …)` });
    } else if (/^(process|node:process)$/.test(owner) && /^(on|once|addListener|prependListener)$/.test(method) && (named || viaVariable)) {
      out.push({ path: file.path, line: call.line, detail: `${call.callee}(${first?.text ?? ''}, …)` });
    } else if (method === 'enableShutdownHooks') out.push({ path: file.path, line: call.line, detail: `${call.callee}()` });
  }
  if (file.language !== 'python' && importsAny(file, NODE_SHUTDOWN_LIBRARIES)) {
    const i = file.imports.find((x) => NODE_SHUTDOWN_LIBRARIES.includes(x.module));
    if (i) out.push({ path: file.path, line: i.line, detail: `uses ${i.module}` });
  }
  return out;
}

/** Where a Node component starts something long-lived: a server that listens, a queue consumer. */
function nodeStarts(files: readonly CodeFacts[], project: Project): Evidence[] {
  const paths = new Set(files.map((f) => f.path));
  const out: Evidence[] = project.inventory.runtime.servers
    .filter((s) => paths.has(s.path) && /(\.listen\(|^(https?\.)?createServer\(|^NestFactory\.create\(|^(express|fastify|Fastify|Koa)\()/.test(s.detail))
    .map((s) => ({ path: s.path, line: s.line, detail: s.detail.replace(/\(…\)$/, '') }));
  for (const file of files) {
    if (!importsAny(file, ['bullmq', 'kafkajs', 'amqplib'])) continue;
    const starts = file.calls.filter((c: CallFact) => (c.isNew && /(^|\.)Worker$/.test(c.callee)) || (!c.isNew && CONSUMER.test(c.callee) && /consumer|channel|ch$/i.test(splitCallee(c.callee)[0])));
    for (const c of starts) out.push({ path: file.path, line: c.line, detail: c.isNew ? `new ${c.callee}` : c.callee });
  }
  const listens = (e: Evidence): number => (/\.listen$/.test(e.detail) ? 0 : 1);
  return out.sort((a, b) => listens(a) - listens(b) || byCodePoint(a.path, b.path) || a.line - b.line);
}

/** Endless loops in a Python worker that runs its own loop (no task framework owns the process). */
function pythonLoops(files: readonly CodeFacts[]): Evidence[] {
  if (files.some((f) => importsAny(f, PYTHON_RUNNERS))) return [];
  const out: Evidence[] = [];
  for (const file of files) for (const loop of file.loops ?? []) if (loop.infinite) out.push({ path: file.path, line: loop.line, detail: loop.header.replace(/:\s*$/, '') });
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'RES001',
    name: 'no-graceful-shutdown',
    category: 'resilience',
    severity: 'medium',
    confidence: 'medium',
    title: 'No graceful shutdown',
    description: 'A long-lived Node server or consumer, or a hand-written Python worker loop, with no SIGTERM handling: every deploy or scale-down kills the work in flight.',
    archetypes: ['service', 'worker', 'cli'],
    nonGoal: 'Libraries and front-end code do not own a process. (A one-shot CLI is never reported either: Ctrl-C ending it is what the user asked for; a CLI that serves is credited when it drains.)',
    messages: {
      nodeNoSignalHandler: '`{{start}}` starts a long-lived process, and nothing in this component handles SIGTERM/SIGINT (searched: {{searched}}): on a deploy or scale-down Node exits at once and drops the requests or jobs in flight.',
      pythonLoopNoSignalHandler: '`{{start}}` runs this worker\'s loop, and nothing in the component handles SIGTERM (searched: `signal.signal(SIGTERM, …)`, `loop.add_signal_handler(…)`; no task framework such as Celery or rq owns the loop): on a deploy Python is killed mid-iteration, without running `finally` blocks.',
    },
    fix: 'On SIGTERM stop accepting new work, let the work in flight finish (with a deadline shorter than the orchestrator\'s grace period), close connections, then exit: `process.on(\'SIGTERM\', () => server.close(...))`, `app.enableShutdownHooks()` in NestJS, `signal.signal(signal.SIGTERM, request_stop)` with a flag the loop checks.',
    acceptance: 'SIGTERM makes the process stop taking work, finish or hand back what it holds, and exit 0 within the grace period.',
    references: ['The Twelve-Factor App: IX. Disposability', 'Kubernetes docs: Pod termination (SIGTERM, terminationGracePeriodSeconds)', 'Node.js docs: process signal events'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const code = project.code({ roles: ['source', 'script', 'config'] });
    const byComponent = new Map<ComponentProfile, CodeFacts[]>();
    for (const file of code) {
      const component = project.componentOf(file.path);
      if (!component) continue;
      pushTo(byComponent, component, file);
    }
    for (const [component, files] of byComponent) {
      if (!['service', 'worker', 'cli'].includes(component.archetype)) continue;
      const source = files.filter((f) => f.role === 'source');
      const node = source.filter((f) => f.language !== 'python');
      const python = source.filter((f) => f.language === 'python');
      const starts = nodeStarts(node, project);
      const loops = component.archetype === 'worker' ? pythonLoops(python) : [];
      if (starts.length === 0 && loops.length === 0) continue;
      const handlers = files.flatMap((f) => signalHandlers(f, project)).sort((a, b) => byCodePoint(a.path, b.path) || a.line - b.line);
      const handler = handlers[0];
      if (handler) {
        strength({
          title: 'Graceful shutdown on SIGTERM/SIGINT',
          message: `The process handles termination signals (\`${handler.detail}\`${handlers.length > 1 ? ` and ${handlers.length - 1} more` : ''}), so it can finish the work in flight before exiting.`,
          path: handler.path,
          line: handler.line,
          related: handlers.slice(1, 3).map((h) => ({ path: h.path, line: h.line })),
        });
        continue;
      }
      if (component.archetype === 'cli') continue;
      const start = starts[0];
      if (start) {
        report({ messageId: 'nodeNoSignalHandler', data: { start: start.detail, searched: NODE_SEARCHED }, path: start.path, line: start.line });
        continue;
      }
      const loop = loops[0];
      if (loop) report({ messageId: 'pythonLoopNoSignalHandler', data: { start: loop.detail }, path: loop.path, line: loop.line });
    }
  },
});
