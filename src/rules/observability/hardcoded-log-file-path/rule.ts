import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

const PY_FILE_HANDLER = /(^|\.)(FileHandler|RotatingFileHandler|TimedRotatingFileHandler|WatchedFileHandler)$/;
const JS_FILE_TRANSPORT = /(^|\.)transports\.(File|DailyRotateFile)$|^DailyRotateFile$/;
const LOG_FILE = /\.log(\.\d+)?$|^\/var\/log\//;

interface Hit {
  line: number;
  /** Index of the enclosing function, -1 for module level or configuration objects. */
  fn: number;
  path: string;
  how: string;
}

function literal(value: ValueFact | undefined): string | undefined {
  return value?.kind === 'string' ? String(value.value) : undefined;
}

function callHit(file: CodeFacts, call: CallFact): Hit | undefined {
  if (file.language === 'python') {
    if (PY_FILE_HANDLER.test(call.callee)) {
      const path = literal(call.args[0]) ?? literal(call.kwargs['filename']);
      return path ? { line: call.line, fn: call.fn, path, how: `\`${call.callee}(…)\`` } : undefined;
    }
    if (call.callee === 'logging.basicConfig') {
      const path = literal(call.kwargs['filename']);
      return path ? { line: call.line, fn: call.fn, path, how: '`logging.basicConfig(filename=…)`' } : undefined;
    }
    if (/^(logger|loguru\.logger)\.add$/.test(call.callee) && file.imports.some((i) => i.module === 'loguru')) {
      const path = literal(call.args[0]);
      return path && LOG_FILE.test(path) ? { line: call.line, fn: call.fn, path, how: 'loguru `logger.add(…)`' } : undefined;
    }
    return undefined;
  }
  const options = call.args[0]?.props;
  if (call.isNew && JS_FILE_TRANSPORT.test(call.callee)) {
    const path = literal(options?.['filename']);
    return path ? { line: call.line, fn: call.fn, path, how: `\`new ${call.callee}({ filename })\`` } : undefined;
  }
  if (/(^|\.)destination$/.test(call.callee) && file.imports.some((i) => i.module === 'pino')) {
    const path = literal(call.args[0]) ?? literal(options?.['dest']);
    return path ? { line: call.line, fn: call.fn, path, how: '`pino.destination(…)`' } : undefined;
  }
  return undefined;
}

/** `"filename": "/var/log/app.log"` inside a logging dictConfig / LOGGING / log4js appenders object. */
function configHits(project: Project, file: CodeFacts): Hit[] {
  if (!file.bindings.some((b) => b.via === 'key' && /^(filename|path)$/.test(b.name))) return [];
  const text = project.readText(file.path) ?? '';
  if (!/dictConfig|\bLOGGING\b|log4js|appenders|handlers/.test(text)) return [];
  return file.bindings
    .filter((b) => b.via === 'key' && /^(filename|path)$/.test(b.name) && LOG_FILE.test(literal(b.value) ?? ''))
    .map((b) => ({ line: b.line, fn: -1, path: literal(b.value) ?? '', how: `The logging configuration (\`"${b.name}"\`)` }));
}

function containerized(project: Project, component: string): boolean {
  const inside = (path: string): boolean => component === '.' || path === component || path.startsWith(`${component}/`);
  const infra = project.inventory.infra;
  return infra.dockerfiles.some((d) => inside(d.dir)) || infra.compose.some((c) => c.services.some((s) => s.build !== undefined && inside(s.build))) || infra.kubernetes.length > 0;
}

export default defineRule({
  meta: {
    code: 'OBS004',
    name: 'hardcoded-log-file-path',
    category: 'observability',
    severity: 'medium',
    confidence: 'high',
    title: 'Logs written to a file path fixed in the code',
    description: 'A service or worker writes its logs to a file whose path is a literal in the code, instead of to stdout or a configurable destination.',
    archetypes: ['service', 'worker'],
    messages: {
      inContainer:
        '{{how}} writes logs to `{{path}}`, fixed in the code of a containerized component: the file stays inside the container, invisible to `docker logs` and log collectors, and is lost with the container{{rotation}}.',
      besideStream:
        '{{how}} writes logs to `{{path}}`, fixed in the code, whenever the stream handler configured beside it is switched off{{rotation}}: check that deployments switch it on, or make stdout the default.',
      onHost:
        '{{how}} writes logs to `{{path}}`, fixed in the code: start-up fails where that directory is missing or not writable, and collectors reading stdout never see these lines{{rotation}}.',
    },
    fix: 'Log to stdout/stderr (`logging.StreamHandler(sys.stdout)`, winston `transports.Console`, pino default) and let the platform collect the stream; if a file is really needed, take its path from configuration and rotate it.',
    acceptance: 'No log file path is hard-coded; the service logs to stdout or to a configured destination.',
    references: ['https://12factor.net/logs', 'https://docs.docker.com/engine/logging/', 'CWE-779'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (file.role !== 'source' && file.role !== 'config') continue;
      const hits = [...file.calls.map((c) => callHit(file, c)).filter((h): h is Hit => h !== undefined), ...configHits(project, file)];
      if (hits.length === 0) continue;
      const container = containerized(project, project.componentOf(file.path)?.path ?? '.');
      for (const hit of hits) {
        const absolute = hit.path.startsWith('/');
        const stream = hit.fn >= 0 && file.calls.some((c) => c.fn === hit.fn && /(^|\.)(StreamHandler|transports\.Console)$/.test(c.callee));
        report({
          messageId: stream ? 'besideStream' : container ? 'inContainer' : 'onHost',
          data: { how: hit.how, path: hit.path, rotation: /Rotat/.test(hit.how) ? '' : '; unless something rotates it, it grows until the disk is full' },
          path: file.path,
          line: hit.line,
          severity: !stream && (container || absolute) ? 'medium' : 'low',
        });
      }
    }
  },
});
