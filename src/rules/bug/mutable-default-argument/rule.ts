import type { ParamFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { escapeRegExp } from '../../../parse/code/common.js';

type MessageId = 'mutated' | 'stored' | 'escapes';

const MUTABLE_CALL = /^(list|dict|set|bytearray|defaultdict|OrderedDict|Counter|deque|collections\.(defaultdict|OrderedDict|Counter|deque))$/;

/** `[]`, `{}`, `{1, 2}`, `list()`, `dict()`, `set()`, `defaultdict(list)`, … — not tuples, strings or frozensets. */
function mutableDefault(p: ParamFact): string | null {
  const d = p.default;
  if (!d) return null;
  if (d.kind === 'array' && /^[[{]/.test(d.text)) return d.text;
  if (d.kind === 'object') return d.text;
  if (d.kind === 'call' && MUTABLE_CALL.test(d.callee ?? '')) return d.text;
  return null;
}

/** Ways code changes a container in place; `target` is the container as written (`items`, `self\\.opts`). */
function changes(target: string): RegExp[] {
  return [
    new RegExp(`(?<![\\w.])${target}\\.(append|extend|insert|add|update|setdefault|pop|popitem|remove|discard|clear|sort|reverse|appendleft|extendleft)\\(`),
    new RegExp(`(?<![\\w.])${target}\\[[^\\]\\n]*\\]\\s*(=(?!=)|\\+=|-=|\\|=|\\*=)`),
    new RegExp(`\\bdel\\s+${target}\\[`),
    new RegExp(`(?<![\\w.])${target}\\s*(\\+=|\\|=|&=|-=|\\^=)`),
  ];
}

function mutation(body: string, name: string): { kind: MessageId; how: string } | null {
  const n = escapeRegExp(name);
  const patterns: Array<[RegExp, MessageId]> = [
    ...changes(n).map((re): [RegExp, MessageId] => [re, 'mutated']),
    [new RegExp(`\\b(return|yield)\\s+${n}\\s*$`, 'm'), 'escapes'],
    [new RegExp(`\\bself\\.\\w+\\s*=\\s*${n}\\s*$`, 'm'), 'stored'],
  ];
  // `items = list(items)` / `items = items or []` before the change: the function works on its own object.
  const rebinding = new RegExp(`(?<![\\w.])${n}\\s*(:[^=\\n]*)?=(?!=)`).exec(body)?.index ?? Infinity;
  let best: { kind: MessageId; how: string; at: number } | null = null;
  for (const [re, kind] of patterns) {
    const match = re.exec(body);
    if (match && match.index < rebinding && (!best || match.index < best.at)) best = { kind, how: match[0].trim(), at: match.index };
  }
  return best && { kind: best.kind, how: best.how };
}

function firstChange(lines: readonly string[], from: number, to: number, target: string): { text: string; line: number } | null {
  const patterns = changes(target);
  for (let n = from; n <= to; n++) {
    const text = lines[n - 1] ?? '';
    const match = patterns.map((re) => re.exec(text)).find((m) => m !== null);
    if (match) return { text: match[0].trim(), line: n };
  }
  return null;
}

export default defineRule<MessageId>({
  meta: {
    code: 'BUG003',
    name: 'mutable-default-argument',
    category: 'bug',
    severity: 'medium',
    confidence: 'high',
    title: 'Mutable default argument shared between calls',
    description: 'A Python parameter whose default is a list, dict or set that the function mutates, returns or stores: every call shares the one object created at definition time.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      mutated: 'The default of `{{param}}` (`{{value}}`) is created once, when `{{fn}}` is defined, and the function changes it (`{{how}}`): the change carries over into every later call that relies on the default.',
      stored: 'The default of `{{param}}` (`{{value}}`) is created once, when `{{fn}}` is defined; it is stored (`{{how}}`) and changed later (`{{later}}`, line {{line}}): every instance created without the argument shares — and changes — the same object.',
      escapes: 'The default of `{{param}}` (`{{value}}`) is created once, when `{{fn}}` is defined, and the function hands it out (`{{how}}`): whoever changes that object changes the default of every later call.',
    },
    fix: 'Default to `None` and create the object inside the function: `def f(items: list | None = None): items = [] if items is None else items`.',
    acceptance: 'No parameter defaults to a mutable object that the function mutates, returns or stores.',
    references: ['ruff B006 (mutable-argument-default)', 'pylint W0102 (dangerous-default-value)', 'Python tutorial: Default Argument Values'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code({ languages: ['python'] })) {
      let lines: string[] | undefined;
      for (const fn of file.functions) {
        for (const p of fn.params) {
          const value = mutableDefault(p);
          if (!value) continue;
          lines ??= (project.readText(file.path) ?? '').split('\n');
          // The body: from the line after the signature's end (the first line ending with `:`) to the function's end.
          let start = fn.line;
          while (start < fn.endLine && !/:\s*(#.*)?$/.test(lines[start - 1] ?? '')) start++;
          const body = lines.slice(start, fn.endLine).join('\n');
          const found = mutation(body, p.name);
          if (!found) continue;
          let later: { text: string; line: number } | null = null;
          if (found.kind === 'stored') {
            // Only a stored default that the class then changes is a bug today.
            const attribute = /self\.(\w+)/.exec(found.how)?.[1] ?? '';
            const cls = file.classes.find((c) => c.name === fn.className);
            later = cls ? firstChange(lines, cls.line, cls.endLine, `self\\.${attribute}`) : null;
            if (!later) continue;
          }
          const paramLine = lines.slice(fn.line - 1, start).findIndex((l) => new RegExp(`(?<![\\w.])${escapeRegExp(p.name)}\\s*(:[^=]*)?=`).test(l));
          report({
            messageId: found.kind,
            data: { param: p.name, value, fn: fn.qualifiedName, how: found.how, later: later?.text ?? '', line: later?.line ?? 0 },
            path: file.path,
            line: paramLine >= 0 ? fn.line + paramLine : fn.line,
            severity: found.kind === 'escapes' ? 'low' : 'medium',
            confidence: found.kind === 'mutated' ? 'high' : 'medium',
          });
        }
      }
    }
  },
});
