import type { BindingFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { splitCallee } from '../../../project/knowledge/remote-calls.js';
import { entryPoints } from '../../../project/entry-points.js';

type MessageId = 'mutated';

const PY_CONTAINER_CALLS = /^(dict|list|set|(collections\.)?(defaultdict|OrderedDict|Counter|deque))$/;
const JS_CONTAINER_CALLS = /^(Map|Set|Array|Object\.create)$/;
const PY_MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'pop', 'popitem', 'setdefault', 'clear', 'remove', 'discard', 'appendleft', 'popleft']);
const JS_MUTATORS = new Set(['push', 'unshift', 'splice', 'set', 'add', 'delete', 'clear', 'pop', 'shift']);
/** A per-process cache is a deliberate, legitimate choice: not judged. */
const CACHE_NAME = /cache|memo|lru/i;

interface Container {
  binding: BindingFact;
  kind: string;
}

function containers(file: CodeFacts): Map<string, Container> {
  const out = new Map<string, Container>();
  const python = file.language === 'python';
  for (const b of file.bindings) {
    if (b.fn !== -1 || b.via !== 'assign' || !/^[A-Za-z_$][\w$]*$/.test(b.name) || CACHE_NAME.test(b.name)) continue;
    const v = b.value;
    let kind: string | undefined;
    if (v.kind === 'object') kind = python ? 'dict' : 'object';
    else if (v.kind === 'array' && !v.text.startsWith('(')) kind = v.text.startsWith('{') ? 'set' : python ? 'list' : 'array';
    else if (v.kind === 'call' && (python ? PY_CONTAINER_CALLS : JS_CONTAINER_CALLS).test(v.callee ?? '')) kind = (v.callee ?? '').replace(/^collections\./, '');
    if (kind) out.set(b.name, { binding: b, kind });
  }
  return out;
}

/** Request handlers declared in this file: function index → label (`GET /items`). */
function handlers(file: CodeFacts, project: Project): Map<number, string> {
  const out = new Map<number, string>();
  for (const [index, entry] of entryPoints(project, file)) if (entry.kind === 'route') out.set(index, entry.label);
  return out;
}

/** The handler binds the name itself (a parameter or a local assignment): it is not the module's container. */
function shadows(project: Project, file: CodeFacts, fn: number, name: string): boolean {
  const f = file.functions[fn];
  if (!f) return true;
  if (f.params.some((p) => p.name.replace(/^[*.]+/, '') === name)) return true;
  const text = (project.readText(file.path) ?? '').split('\n').slice(f.line, f.endLine).join('\n');
  const escaped = name.replace(/\$/g, '\\$');
  const local = file.language === 'python' ? new RegExp(`(^|\\n)\\s*${escaped}\\s*(:[^=\\n]*)?=(?!=)`) : new RegExp(`\\b(const|let|var)\\s+${escaped}\\b`);
  const global = file.language === 'python' && new RegExp(`(^|\\n)\\s*global\\s+[\\w\\s,]*\\b${escaped}\\b`).test(text);
  return local.test(text) && !global;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CON002',
    name: 'module-state-mutated-in-handler',
    category: 'concurrency',
    severity: 'medium',
    confidence: 'medium',
    title: 'Request handler mutates module-level state',
    description: 'A request handler changes a module-level dict, list, set or Map: the data lives in one process, is raced on by concurrent requests, and is lost on restart.',
    archetypes: ['service'],
    nonGoal: 'Only the request handlers of a service share module state between concurrent requests, worker processes and instances; elsewhere module state is an ordinary implementation choice.',
    messages: {
      mutated: '`{{name}}` (a module-level {{kind}}, line {{defined}}) is changed by the request handler `{{handler}}`: it lives in one process\'s memory, so other worker processes and instances never see it, concurrent requests race on it, and a restart loses it.',
    },
    fix: 'Keep shared request data in a store built for it (the database, Redis, a cache with expiry); if per-process state is really intended, make it explicit (a bounded cache with a lock) and document that each worker has its own.',
    acceptance: 'No request handler writes to module-level containers, or the container is a documented, bounded, per-process cache.',
    references: ['CWE-362 (race condition)', 'CWE-1058', 'The Twelve-Factor App: VI. Processes (stateless)'],
    status: 'preview',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ roles: ['source'] })) {
      const state = containers(file);
      if (state.size === 0) continue;
      const routeHandlers = handlers(file, project);
      if (routeHandlers.size === 0) continue;
      const python = file.language === 'python';
      const writes: Array<{ name: string; line: number; fn: number }> = [];
      for (const call of file.calls) {
        const [owner, method] = splitCallee(call.callee);
        if (state.has(owner) && (python ? PY_MUTATORS : JS_MUTATORS).has(method)) writes.push({ name: owner, line: call.line, fn: call.fn });
      }
      for (const w of file.itemWrites ?? []) if (state.has(w.object)) writes.push({ name: w.object, line: w.line, fn: w.fn });
      const reported = new Set<string>();
      for (const w of writes.sort((a, b) => a.line - b.line)) {
        const handler = routeHandlers.get(w.fn);
        const container = state.get(w.name);
        if (handler === undefined || !container || reported.has(`${w.fn}:${w.name}`) || shadows(project, file, w.fn, w.name)) continue;
        reported.add(`${w.fn}:${w.name}`);
        report({
          messageId: 'mutated',
          data: { name: w.name, kind: container.kind, defined: container.binding.line, handler },
          path: file.path,
          line: w.line,
          related: [{ path: file.path, line: container.binding.line }],
        });
      }
    }
  },
});
