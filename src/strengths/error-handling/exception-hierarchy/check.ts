import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';

const ROOT_ERROR = /^(Exception|BaseException|Error|ValueError|RuntimeError|TypeError|HTTPException|HttpException)$/;

interface ErrorClass {
  name: string;
  base: string;
  path: string;
  line: number;
}

interface Uses {
  /** Names raised or thrown in production code (`raise X(…)`, `raise X`, `throw new X(…)`), with the first place. */
  raised: Map<string, { path: string; line: number }>;
  /** Names tested by type where an error is handled: `err instanceof X` (a JavaScript catch has no type). */
  tested: Set<string>;
}

function uses(project: { readText(p: string): string | null }, files: readonly CodeFacts[]): Uses {
  const out: Uses = { raised: new Map(), tested: new Set() };
  for (const file of files) {
    const text = project.readText(file.path) ?? '';
    if (!/\braise\b|\bthrow\b|\binstanceof\b/.test(text)) continue;
    text.split('\n').forEach((l, i) => {
      if (/^\s*(#|\/\/|\*)/.test(l)) return;
      const m = /\b(?:raise|throw\s+new|throw)\s+([A-Z]\w*)/.exec(l);
      if (m?.[1] && !out.raised.has(m[1])) out.raised.set(m[1], { path: file.path, line: i + 1 });
      for (const t of l.matchAll(/\binstanceof\s+([A-Z]\w*)/g)) if (t[1]) out.tested.add(t[1]);
    });
  }
  return out;
}

/** Registrations that map an error type to an answer: FastAPI/Starlette/Flask handlers, NestJS `@Catch(X)` filters. */
const HANDLER_REGISTRATION = /(^|\.)(exception_handler|add_exception_handler|errorhandler|register_error_handler|setErrorHandler|Catch)$/;

export default defineStrength({
  meta: {
    code: 'STR057',
    name: 'exception-hierarchy',
    category: 'error-handling',
    title: 'An exception hierarchy that is raised and caught',
    description: 'Credits a project base exception with subclasses that production code raises and that is caught by type somewhere, so callers can handle failures by kind.',
    condition:
      'The project defines a base exception class (deriving from Exception/Error) with two or more project subclasses; two or more of those classes are raised in production code; and the base or a subclass is caught by name in an except/catch handler (or mapped by an exception handler registration). Defined-but-never-raised classes earn nothing.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['Python docs: User-defined Exceptions', 'Effective Python, item 87 (define a root exception)'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const files = project.code();
    const classes: ErrorClass[] = files.flatMap((f) => f.classes.filter((c) => c.bases.length > 0).map((c) => ({ name: c.name, base: (c.bases[0] ?? '').split('.').pop() ?? '', path: f.path, line: c.line })));
    const byName = new Map(classes.map((c) => [c.name, c]));
    const isError = (c: ErrorClass, depth = 0): boolean => {
      const parent = byName.get(c.base);
      if (!parent) return ROOT_ERROR.test(c.base) || /Error$|Exception$/.test(c.base);
      return depth < 6 && isError(parent, depth + 1);
    };
    const errors = classes.filter((c) => isError(c));
    const { raised, tested } = uses(project, files);
    const caught = new Set([...tested, ...files.flatMap((f) => f.handlers.flatMap((h) => h.types.map((t) => t.split('.').pop() ?? t)))]);
    const last = (text: string): string => text.split('.').pop() ?? text;
    for (const f of files) {
      for (const c of f.calls) if (HANDLER_REGISTRATION.test(c.callee)) for (const a of c.args) caught.add(last(a.text));
      const decorators = [...f.functions.flatMap((fn) => fn.decorators), ...f.classes.flatMap((c) => c.decorators)];
      for (const d of decorators) if (HANDLER_REGISTRATION.test(d.name)) for (const a of d.args) caught.add(last(a.text));
    }
    const credited = new Set<string>();
    for (const root of errors) {
      if (byName.has(root.base) && errors.some((e) => e.name === root.base)) continue;
      const family = errors.filter((e) => {
        for (let c: ErrorClass | undefined = e, d = 0; c && d < 8; c = byName.get(c.base), d++) if (c.base === root.name) return true;
        return false;
      });
      const members = [root, ...family];
      const raisedMembers = members.filter((m) => raised.has(m.name));
      const caughtMember = members.find((m) => caught.has(m.name));
      const component = project.componentOf(root.path)?.path ?? '.';
      if (family.length < 2 || raisedMembers.length < 2 || !caughtMember || credited.has(component)) continue;
      const raise = raised.get(raisedMembers[0]?.name ?? '');
      if (!raise) continue;
      credited.add(component);
      credit({
        message: `\`${root.name}\` roots ${family.length} exception classes; ${raisedMembers.length} of them are raised (e.g. \`${raisedMembers[0]?.name ?? ''}\` at ${raise.path}:${raise.line}) and \`${caughtMember.name}\` is caught by type: callers handle failures by kind, not by message.`,
        path: root.path,
        line: root.line,
        related: [raise],
      });
    }
  },
});
