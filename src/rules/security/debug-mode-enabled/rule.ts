import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { isDevOnlyPath, splitCallee } from '../shared.js';

type MessageId = 'djangoDebug' | 'debugDefaultOn' | 'appDebug' | 'runDebug' | 'debugger' | 'expressEnv' | 'imageDebug';

interface Hit {
  messageId: MessageId;
  line: number;
  endLine?: number;
  data?: Record<string, string>;
  severity?: 'medium';
  confidence?: 'medium' | 'low';
}

const TRUTHY = /^['"]?(true|1|yes|on)['"]?$/i;
const DEBUG_NAMES = /^(DEBUG|DJANGO_DEBUG|FLASK_DEBUG|APP_DEBUG)$/;

function isTrue(value: ValueFact | undefined): boolean {
  return value !== undefined && ((value.kind === 'bool' && value.value === true) || (value.kind === 'string' && TRUTHY.test(String(value.value))));
}

/** A Django settings module: named settings, or setting the names only settings set. */
function isDjangoSettings(file: CodeFacts): boolean {
  return /(^|\/)settings(\/[^/]+)?\.py$|(^|\/)settings_\w+\.py$/.test(file.path) || file.bindings.some((b) => b.fn === -1 && /^(INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE)$/.test(b.name));
}

/** `DEBUG = get_bool_from_env("DEBUG", True)`, `env.bool("DEBUG", default=True)`, `os.getenv("DEBUG", "True")`. */
function defaultOnCall(file: CodeFacts, line: number): CallFact | undefined {
  return file.calls.find((c) => {
    if (c.line !== line || c.fn !== -1) return false;
    const named = c.args.some((a) => a.kind === 'string' && DEBUG_NAMES.test(String(a.value)));
    const fallback = c.kwargs['default'] ?? c.args[1];
    return named && isTrue(fallback);
  });
}

function pythonHits(file: CodeFacts, project: Project): Hit[] {
  const hits: Hit[] = [];
  const settings = isDjangoSettings(file);
  for (const b of file.bindings) {
    if (b.fn !== -1 || b.via !== 'assign') continue;
    if (b.name === 'DEBUG' && settings && b.value.kind === 'bool' && b.value.value === true) hits.push({ messageId: 'djangoDebug', line: b.line });
    else if (b.name === 'DEBUG') {
      const call = b.value.kind === 'call' ? defaultOnCall(file, b.line) : undefined;
      const read = file.envReads.find((r) => r.line === b.line && r.name !== null && DEBUG_NAMES.test(r.name) && isTrue(r.default));
      const fallback = call ? (call.kwargs['default'] ?? call.args[1])?.text : read?.default?.text;
      if (call || read) hits.push({ messageId: 'debugDefaultOn', line: b.line, data: { call: call?.callee ?? read?.via ?? '', default: fallback ?? 'True' }, severity: 'medium', confidence: 'medium' });
    }
  }
  for (const b of file.bindings) {
    if (b.via !== 'assign' || !isTrue(b.value)) continue;
    if (/^(\w+\.)*app\.debug$|^(\w+\.)*app\.config\[['"]DEBUG['"]\]$/.test(b.name)) hits.push({ messageId: 'appDebug', line: b.line, data: { setting: `${b.name} = ${b.value.text}` } });
  }
  for (const call of file.calls) {
    const [, method] = splitCallee(call.callee);
    if (/^(FastAPI|Starlette|fastapi\.FastAPI|starlette\.applications\.Starlette|Quart|Sanic)$/.test(call.callee) && isTrue(call.kwargs['debug'])) {
      hits.push({ messageId: 'appDebug', line: call.line, endLine: call.endLine, data: { setting: `${call.callee}(debug=True)` } });
    } else if (method === 'update' && /app\.config$/.test(call.callee) && isTrue(call.kwargs['DEBUG'])) {
      hits.push({ messageId: 'appDebug', line: call.line, data: { setting: `${call.callee}(DEBUG=True)` } });
    } else if (method === 'run' && isTrue(call.kwargs['debug']) && !/^(uvicorn|asyncio)\./.test(call.callee)) {
      const mainGuard = file.branches?.some((br) => br.line <= call.line && call.line <= br.endLine && /__name__\s*==\s*['"]__main__['"]/.test(br.condition));
      const deployed = mainGuard ? deployRuns(project, file.path) : undefined;
      if (!mainGuard || deployed) hits.push({ messageId: 'runDebug', line: call.line, data: { call: call.callee, how: deployed ? `and the deployment runs this file (${deployed})` : 'outside any `__main__` guard' } });
      else hits.push({ messageId: 'runDebug', line: call.line, data: { call: call.callee, how: 'under `if __name__ == "__main__":` — harmless only as long as production never starts the app this way' }, severity: 'medium', confidence: 'low' });
    } else if (/(^|\.)DebuggedApplication$/.test(call.callee) && (isTrue(call.kwargs['evalex']) || call.args.length >= 2 && isTrue(call.args[1]))) {
      hits.push({ messageId: 'debugger', line: call.line, data: { call: call.callee } });
    } else if (/(^|\.)run_simple$/.test(call.callee) && isTrue(call.kwargs['use_debugger'])) {
      hits.push({ messageId: 'debugger', line: call.line, data: { call: call.callee } });
    }
  }
  return hits;
}

/** A deployment command (Procfile, Dockerfile CMD/ENTRYPOINT, compose command) that runs this Python file directly. */
function deployRuns(project: Project, path: string): string | undefined {
  const stem = path.replace(/\.py$/, '');
  const module = stem.replace(/\//g, '.');
  const base = path.split('/').pop() ?? path;
  const runs = (command: string): boolean => new RegExp(`python[0-9.]*\\s+(-u\\s+)?(\\S*/)?${base.replace('.', '\\.')}\\b|python[0-9.]*\\s+-m\\s+${module.replace(/\./g, '\\.')}\\b`).test(command);
  const infra = project.inventory.infra;
  for (const p of infra.procfiles) if (runs(p.command)) return `${p.path}:${p.line}`;
  for (const d of infra.dockerfiles) for (const s of d.stages) for (const c of [s.cmd, s.entrypoint]) if (c && runs(c.value)) return `${d.path}:${c.line}`;
  for (const c of infra.compose) if (!c.override) for (const s of c.services) if (s.command && runs(s.command)) return `${c.path} (service ${s.name})`;
  return undefined;
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const call of file.calls) {
    if (/(^|\.)set$/.test(call.callee) && /^(app|server|application)\./.test(call.callee) && call.args[0]?.kind === 'string' && call.args[0].value === 'env' && call.args[1]?.kind === 'string' && call.args[1].value === 'development') {
      hits.push({ messageId: 'expressEnv', line: call.line, severity: 'medium' });
    }
  }
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC006',
    name: 'debug-mode-enabled',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'Debug mode enabled in production code',
    description: 'A web framework\'s debug mode switched on in code or settings that production runs: Django DEBUG = True, Flask debug, FastAPI/Starlette debug=True, the Werkzeug debugger, or a DEBUG setting that defaults to on.',
    archetypes: ['service', 'worker'],
    nonGoal: 'Debug pages matter where strangers can reach the server; a CLI or library has no such surface.',
    messages: {
      djangoDebug: '`DEBUG = True` in Django settings that are not development-only: error pages show settings, SQL and stack traces to anyone, and static files and query logging behave as in development.',
      debugDefaultOn: '`DEBUG` defaults to on (`{{call}}(…, {{default}})`): a deployment that does not set DEBUG runs in debug mode and shows stack traces and settings to anyone.',
      appDebug: '`{{setting}}` turns on debug mode: unhandled errors return stack traces (and, with Werkzeug, an interactive console) to the caller.',
      runDebug: '`{{call}}(debug=True)` {{how}}: the Werkzeug debugger lets anyone who reaches an error page run code on the server.',
      debugger: '`{{call}}` with the interactive debugger on: anyone who triggers an error can run Python on the server.',
      expressEnv: '`app.set(\'env\', \'development\')` forces Express into development mode: error responses include stack traces.',
      imageDebug: 'The image sets `{{name}}={{value}}` ({{path}}): every container started from it runs in debug mode unless the deployment overrides it.',
    },
    fix: 'Read debug mode from the environment with a default of off (`DEBUG = env.bool("DEBUG", default=False)`), keep `debug=True` in development-only settings or entry points, and never ship the Werkzeug debugger.',
    acceptance: 'Production settings and entry points run with debug off unless a development environment explicitly turns it on.',
    references: ['bandit B201 (flask_debug_true)', 'ruff S201 (flask-debug-true)', 'CWE-489: Active Debug Code', 'CWE-215: Insertion of Sensitive Information Into Debugging Code', 'Django deployment checklist (DEBUG)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      const hits = file.language === 'python' ? pythonHits(file, project) : jsHits(file);
      for (const hit of hits) {
        report({
          messageId: hit.messageId,
          data: hit.data ?? {},
          path: file.path,
          line: hit.line,
          ...(hit.endLine ? { endLine: hit.endLine } : {}),
          ...(hit.severity ? { severity: hit.severity } : {}),
          ...(hit.confidence ? { confidence: hit.confidence } : {}),
        });
      }
    }
    for (const file of project.dockerfiles()) {
      if (isDevOnlyPath(file.path) || /(^|\/|\.)(dev|development|local|test)(\.|$)/i.test(file.path.split('/').pop() ?? '')) continue;
      for (const ins of file.instructions) {
        if (ins.keyword !== 'ENV') continue;
        for (const m of ins.args.matchAll(/\b(DEBUG|DJANGO_DEBUG|FLASK_DEBUG)(=|\s+)['"]?(true|1|yes|on)['"]?(\s|$)/gi)) {
          report({ messageId: 'imageDebug', data: { name: m[1] ?? '', value: m[3] ?? '', path: file.path }, path: file.path, line: ins.line, confidence: 'medium' });
        }
      }
    }
  },
});
