import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { runtimeFilesOf } from '../../../project/reachability.js';

type MessageId = 'printOnly' | 'printBesideLogger' | 'loggingUnconfigured';

const CLI_MODULES = /^(argparse|click|typer|docopt|fire|commander|yargs|meow|cac|@oclif\/core)$/;
const NOT_RUNTIME_PATH = /(^|\/)(__main__\.py|manage\.py|cli\.py|wsgi\.py|asgi\.py|conftest\.py)$|(^|\/)(management\/commands|commands|scripts?|seeds?|seeders|migrations|fixtures|bin)\//;
const STARTUP_FUNCTION = /^(main|bootstrap|start|startServer|start_server|run|serve|listen|on_startup|lifespan)$/;
const JS_CONSOLE = /^console\.(log|info|debug|warn|error|trace)$/;
const PY_LOGGER = /^(logging\.getLogger|structlog\.get_logger|structlog\.getLogger|getLogger|get_logger)$/;
const LOGGER_METHOD = /(^|\.)(_*log|_*logger|LOG|LOGGER|\w+_logger|[a-z]\w*Logger)\.(debug|info|warn|warning|error|critical|exception|fatal|trace|verbose)$/;
const FRONT_END = /^(vue|react|react-dom|svelte|@angular\/core|preact|solid-js|socket\.io-client)$/;
const JS_LOGGER_MODULES = /^(winston|pino|pino-http|bunyan|log4js|loglevel|signale|consola|@nestjs\/common|nestjs-pino|@sentry\/node)$/;

function isPrint(file: CodeFacts, call: CallFact): boolean {
  return file.language === 'python' ? call.callee === 'print' : JS_CONSOLE.test(call.callee);
}

/** Functions of a file that handle requests: route handlers by name (Python, Nest) or callbacks passed to a router method. */
function handlerIndexes(project: Project, file: CodeFacts): Set<number> {
  const names = new Set(project.inventory.runtime.routes.filter((r) => r.path === file.path).map((r) => r.handler));
  const out = new Set<number>();
  file.functions.forEach((fn, i) => {
    if (names.has(fn.qualifiedName) || /(^|\.)(get|post|put|patch|delete|all|route)$/.test(fn.passedTo ?? '')) out.add(i);
  });
  return out;
}

/** Print calls that do operational logging: inside functions, not a start-up banner, not in CLI-like files. */
function operationalPrints(project: Project, file: CodeFacts): CallFact[] {
  if (file.role !== 'source' || NOT_RUNTIME_PATH.test(file.path) || file.imports.some((i) => CLI_MODULES.test(i.module) || FRONT_END.test(i.module))) return [];
  // A logger's own implementation writes to the console on purpose.
  if (/(^|\/)log(ger|ging)?\.[cm]?[jt]s$|(^|\/)public\//.test(file.path) || file.classes.some((c) => /(^Log|Logger)$/.test(c.name))) return [];
  const text = project.readText(file.path) ?? '';
  if (/\b(process\.argv|sys\.argv)\b/.test(text)) return [];
  // In the file that starts the server, only prints inside request handlers count: the rest is start-up output.
  const startsServer = project.inventory.runtime.servers.some((s) => s.path === file.path);
  const handlers = startsServer ? handlerIndexes(project, file) : undefined;
  const inHandler = (index: number): boolean => {
    for (let i = index; i >= 0; i = file.functions[i]?.parent ?? -1) if (handlers?.has(i)) return true;
    return false;
  };
  const lines = text.split('\n');
  return file.calls.filter((call) => {
    if (!isPrint(file, call) || call.fn < 0) return false;
    if (handlers && !inHandler(call.fn)) return false;
    const fn = file.functions[call.fn];
    if (fn && (STARTUP_FUNCTION.test(fn.name) || /\.listen$/.test(fn.passedTo ?? ''))) return false;
    return !/noqa:?\s*T20|eslint-disable(-next)?-line no-console/.test(`${lines[call.line - 1] ?? ''} ${lines[call.line - 2] ?? ''}`);
  });
}

function usesLogger(files: readonly CodeFacts[]): CallFact | boolean {
  const loggerCall = files.some((f) => f.calls.some((c) => LOGGER_METHOD.test(c.callee)));
  for (const file of files) {
    if (file.language !== 'python' && file.imports.some((i) => JS_LOGGER_MODULES.test(i.module) && (i.module !== '@nestjs/common' || i.names.includes('Logger')))) return true;
    if (file.language === 'python' && file.imports.some((i) => /^(loguru|structlog)$/.test(i.module))) return true;
    const call = file.calls.find((c) => file.language === 'python' && PY_LOGGER.test(c.callee));
    if (call) return call;
  }
  return loggerCall;
}

/** Python logging configured somewhere for the component: code, Django LOGGING, or a server's --log-config. */
function loggingConfigured(project: Project, component: string, files: readonly CodeFacts[]): boolean {
  const inComponent = (path: string): boolean => (project.componentOf(path)?.path ?? '.') === component;
  if (project.inventory.runtime.logging.some((l) => inComponent(l.path))) return true;
  if (files.some((f) => f.bindings.some((b) => b.name === 'LOGGING' || b.name === 'LOGGING_CONFIG') || f.imports.some((i) => /^(logging\.config|loguru|structlog)$/.test(i.module)) || f.calls.some((c) => 'log_config' in c.kwargs))) return true;
  if (files.some((f) => f.classes.some((c) => c.fields.some((x) => x.name === 'LOGGING')))) return true;
  const deploy = [...project.dockerfiles(), ...project.texts(), ...project.data('yaml')].filter((f) => component === '.' || f.path.startsWith(`${component}/`) || !f.path.includes('/'));
  return deploy.some((f) => /--log-config|logconfig|log_config|--log-config-json/.test(project.readText(f.path) ?? ''));
}

export default defineRule<MessageId>({
  meta: {
    code: 'OBS001',
    name: 'print-logging-in-service',
    category: 'observability',
    severity: 'medium',
    confidence: 'high',
    title: 'Service logs with print or with unconfigured logging',
    description: 'A long-lived service writes its operational messages with print()/console.log, or logs through Python logging that nothing configures.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A CLI reports to its user through stdout/stderr and exit codes; print() and console output are its interface, not a logging gap.',
    messages: {
      printOnly:
        '`{{callee}}(…)` is how this {{archetype}} logs ({{count}} such call{{s}} in {{file}}, no logger anywhere in the component): no levels, no timestamps, nothing a log pipeline can filter or alert on.',
      printBesideLogger:
        '`{{callee}}(…)` bypasses the logger the rest of the component uses ({{count}} such call{{s}} in {{file}}): these lines skip the logger\'s format, context and level filtering.',
      loggingUnconfigured:
        'The {{archetype}} logs through Python `logging` ({{example}}), but nothing configures it (no `basicConfig`/`dictConfig`, Django `LOGGING`, or `--log-config`): only WARNING and above reach stderr, through the last-resort handler, without timestamps or logger names; info messages are dropped.',
    },
    fix: 'Use one configured logger: Python `logging.getLogger(__name__)` with `logging.basicConfig(...)`/`dictConfig` (or structlog) set up at the entry point; in Node, the framework logger (Nest `Logger`) or pino/winston. Log to stdout in a structured format.',
    acceptance: 'Operational messages go through a configured logger with level and timestamp; `print`/`console.log` is gone from request and job paths.',
    references: ['ruff T201 (print)', 'ESLint no-console', 'https://docs.python.org/3/howto/logging.html#what-happens-if-no-configuration-is-provided', 'https://12factor.net/logs', 'CWE-778'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service' && component.archetype !== 'worker') continue;
      const files = project.codeOfComponent(component.path);
      const logger = usesLogger(files);
      const reached = runtimeFilesOf(project, component.path);
      for (const file of reached ? files.filter((f) => reached.has(f.path)) : files) {
        const prints = operationalPrints(project, file);
        const first = prints[0];
        if (!first) continue;
        report({
          messageId: logger ? 'printBesideLogger' : 'printOnly',
          data: { callee: first.callee, archetype: component.archetype, count: prints.length, s: prints.length === 1 ? '' : 's', file: file.path },
          path: file.path,
          line: first.line,
          related: prints.slice(1, 4).map((c) => ({ path: file.path, line: c.line })),
          severity: logger ? 'low' : 'medium',
        });
      }
      const python = files.filter((f) => f.language === 'python');
      const celery = project.inventory.runtime.frameworks.some((f) => f.name === 'celery') && component.archetype === 'worker';
      if (typeof logger === 'object' && !celery && !loggingConfigured(project, component.path, python)) {
        const file = python.find((f) => f.calls.includes(logger));
        const server = project.inventory.runtime.servers.find((s) => (project.componentOf(s.path)?.path ?? '.') === component.path);
        const at = server ?? (file ? { path: file.path, line: logger.line } : undefined);
        if (!at) continue;
        report({
          messageId: 'loggingUnconfigured',
          data: { archetype: component.archetype, example: file ? `\`${logger.callee}(…)\` at ${file.path}:${logger.line}` : `\`${logger.callee}(…)\`` },
          path: at.path,
          line: at.line,
          related: file ? [{ path: file.path, line: logger.line }] : [],
          severity: 'low',
        });
      }
    }
  },
});
