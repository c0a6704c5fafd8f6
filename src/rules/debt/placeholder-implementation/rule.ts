import type { CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { pushTo } from '../../../util/group.js';

const ENTRY_DECORATOR = /(^|\.)(command|group|callback|task|shared_task|actor|scheduled_job|on_event|listener|subscriber)$/;
const ABSTRACT_BASE = /(^|\.)(ABC|ABCMeta|Protocol|Interface|Generic)$/;
const ABSTRACT_DECORATOR = /(^|\.)(abstractmethod|abstractproperty|overload)$/;

interface Entry {
  file: CodeFacts;
  index: number;
  kind: string;
}

/** Route handlers, CLI commands, jobs and console-script targets: where a request, a command or a job enters. */
function entries(project: Project): Entry[] {
  const out: Entry[] = [];
  const handlers = new Set(project.inventory.runtime.routes.map((r) => `${r.path}#${r.handler}`));
  // `httpie.__main__:main` → the function `main` of a file ending in httpie/__main__.py.
  const scriptTargets = project.manifests.flatMap((m) =>
    m.scripts.flatMap((s) => {
      const [module, fn] = s.target.split(':');
      return module && fn ? [{ file: `${module.trim().replace(/\./g, '/')}.py`, fn: fn.trim() }] : [];
    }),
  );
  for (const file of project.code()) {
    file.functions.forEach((fn, index) => {
      if (handlers.has(`${file.path}#${fn.qualifiedName}`)) out.push({ file, index, kind: 'route handler' });
      else if (fn.decorators.some((d) => ENTRY_DECORATOR.test(d.name))) out.push({ file, index, kind: 'command or job' });
      else if (fn.parent === -1 && scriptTargets.some((t) => t.fn === fn.name && (file.path === t.file || file.path.endsWith(`/${t.file}`)))) out.push({ file, index, kind: 'console script' });
    });
  }
  return out;
}

/** Abstract by declaration, or a template method: its class has subclasses in the project that can override it. */
function isAbstract(file: CodeFacts, fn: FunctionFact, subclassed: ReadonlySet<string>): boolean {
  if (fn.decorators.some((d) => ABSTRACT_DECORATOR.test(d.name))) return true;
  const cls = fn.className ? file.classes.find((c) => c.name === fn.className) : undefined;
  return cls !== undefined && (cls.bases.some((b) => ABSTRACT_BASE.test(b)) || subclassed.has(cls.name));
}

function hasMarker(file: CodeFacts, fn: FunctionFact): boolean {
  return file.markers.some((m) => m.inComment && m.line >= fn.line - 2 && m.line <= fn.endLine);
}

/** Functions reachable from entries by direct calls, up to three calls deep, resolved by name. */
function reachable(project: Project, starts: readonly Entry[]): Map<string, { file: CodeFacts; fn: FunctionFact; via: string; entry: Entry }> {
  const byName = new Map<string, Array<{ file: CodeFacts; fn: FunctionFact }>>();
  // The same functions by file then name: a call prefers a function of its own file.
  const byFileAndName = new Map<string, Array<{ file: CodeFacts; fn: FunctionFact }>>();
  for (const file of project.code()) {
    for (const fn of file.functions) {
      pushTo(byName, fn.name, { file, fn });
      pushTo(byFileAndName, `${file.path}#${fn.name}`, { file, fn });
    }
  }
  const seen = new Map<string, { file: CodeFacts; fn: FunctionFact; via: string; entry: Entry }>();
  let frontier = starts.map((e) => ({ file: e.file, fn: e.file.functions[e.index] as FunctionFact, via: e.kind, entry: e }));
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const item of frontier) {
      const key = `${item.file.path}#${item.fn.qualifiedName}#${item.fn.line}`;
      if (seen.has(key)) continue;
      seen.set(key, item);
      const index = item.file.functions.indexOf(item.fn);
      for (const call of item.file.calls) {
        if (call.fn !== index) continue;
        const name = call.callee.slice(call.callee.lastIndexOf('.') + 1);
        const candidates = byName.get(name) ?? [];
        const local = byFileAndName.get(`${item.file.path}#${name}`) ?? [];
        const chosen = local.length > 0 ? local : candidates.length === 1 ? candidates : [];
        for (const c of chosen) next.push({ ...c, via: `${item.via} → ${c.fn.qualifiedName}`, entry: item.entry });
      }
    }
    frontier = next;
  }
  return seen;
}

type MessageId = 'notImplemented' | 'stub';

export default defineRule<MessageId>({
  meta: {
    code: 'DEBT002',
    name: 'placeholder-implementation',
    category: 'debt',
    severity: 'medium',
    confidence: 'medium',
    title: 'Placeholder on a production path',
    description: 'A function whose body is only a placeholder (`raise NotImplementedError`, `pass`, `...`, `return []` with a TODO) is reachable from a route, a command or a job.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      notImplemented: '`{{name}}` raises "not implemented" and is reached from a {{via}}: that path fails at run time.',
      stub: '`{{name}}` is a placeholder ({{stub}}{{todo}}) reached from a {{via}}: it returns nothing useful.',
    },
    fix: 'Implement the function, or remove the route/command that reaches it until it is implemented.',
    acceptance: 'No route, command or job reaches a placeholder body.',
    references: ['pylint W0107 unnecessary-pass', 'ruff PIE790', 'CWE-1164'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const starts = entries(project);
    const subclassed = new Set(project.code().flatMap((f) => f.classes.flatMap((c) => c.bases.map((b) => b.slice(b.lastIndexOf('.') + 1)))));
    for (const { file, fn, via, entry } of reachable(project, starts).values()) {
      if (!fn.stub || isAbstract(file, fn, subclassed) || fn.name === '__init__') continue;
      const todo = hasMarker(file, fn);
      const isEntry = via === entry.kind;
      if (fn.stub === 'not-implemented') {
        report({ messageId: 'notImplemented', data: { name: fn.qualifiedName, via }, path: file.path, line: fn.line, endLine: fn.endLine, related: isEntry ? [] : [{ path: entry.file.path, line: entry.file.functions[entry.index]?.line ?? 1 }] });
        continue;
      }
      const certain = fn.stub === 'ellipsis' || (fn.stub === 'empty' && file.language === 'python') || todo;
      if (!certain) continue;
      report({
        messageId: 'stub',
        data: { name: fn.qualifiedName, via, stub: fn.stub === 'return-empty' ? 'returns an empty value' : fn.stub === 'ellipsis' ? 'body is `...`' : fn.stub === 'empty' ? 'empty body' : 'body is `pass`', todo: todo ? ', marked TODO' : '' },
        path: file.path,
        line: fn.line,
        endLine: fn.endLine,
        severity: 'low',
        related: isEntry ? [] : [{ path: entry.file.path, line: entry.file.functions[entry.index]?.line ?? 1 }],
      });
    }
  },
});
