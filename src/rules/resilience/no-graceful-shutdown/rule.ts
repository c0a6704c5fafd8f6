import type { CodeFacts } from '../../../facts/types.js';
import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import { nodeStarts, pythonLoops, signalHandlers } from '../../../project/knowledge/shutdown.js';
import { byCodePoint } from '../../../util/order.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'nodeNoSignalHandler' | 'pythonLoopNoSignalHandler';

const NODE_SEARCHED = "`process.on('SIGTERM' | 'SIGINT', …)`, NestJS `enableShutdownHooks()`, terminus, http-terminator, stoppable, lightship, close-with-grace";

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
  check({ project, report }) {
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
      if (handlers.length > 0) continue;
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
