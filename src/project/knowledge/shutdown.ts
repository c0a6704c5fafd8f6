/**
 * Shutdown: what a component starts that lives long (servers that listen, queue consumers, endless worker loops)
 * and where it handles termination signals (signal handlers, NestJS shutdown hooks, draining libraries). Shared by
 * the rule that reports a long-lived process without a handler and the check that credits a graceful one.
 */
import type { CallFact, CodeFacts } from '../../facts/types.js';
import type { Project } from '../project.js';
import { importsAny, splitCallee } from './remote-calls.js';
import { byCodePoint } from '../../util/order.js';

const SIGNALS = /^SIG(TERM|INT)$/;
/** Libraries that drain a Node server on SIGTERM. */
const NODE_SHUTDOWN_LIBRARIES = ['@godaddy/terminus', 'http-terminator', 'stoppable', 'lightship', 'close-with-grace', 'fastify-graceful-shutdown', '@fastify/under-pressure'];
/** Python frameworks that own the worker loop and handle SIGTERM themselves. */
const PYTHON_RUNNERS = ['celery', 'rq', 'dramatiq', 'arq', 'huey', 'faust', 'taskiq', 'uvicorn', 'gunicorn', 'apscheduler', 'kopf'];
const CONSUMER = /(^|\.)(consume|run|subscribe|process)$/;

export interface Evidence {
  path: string;
  line: number;
  detail: string;
}

/** `process.on('SIGTERM', …)`, `process.once(signal, …)` in a file that names SIGTERM/SIGINT, `signal.signal(SIGTERM, …)`, `loop.add_signal_handler(…)`. */
export function signalHandlers(file: CodeFacts, project: Project): Evidence[] {
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
export function nodeStarts(files: readonly CodeFacts[], project: Project): Evidence[] {
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
export function pythonLoops(files: readonly CodeFacts[]): Evidence[] {
  if (files.some((f) => importsAny(f, PYTHON_RUNNERS))) return [];
  const out: Evidence[] = [];
  for (const file of files) for (const loop of file.loops ?? []) if (loop.infinite) out.push({ path: file.path, line: loop.line, detail: loop.header.replace(/:\s*$/, '') });
  return out;
}

