import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

const PY_PARSE = /^(json\.loads|orjson\.loads|ujson\.loads|simplejson\.loads|loads)$/;
const PY_GUARDS = new Set(['*', 'ValueError', 'json.JSONDecodeError', 'JSONDecodeError', 'json.decoder.JSONDecodeError', 'orjson.JSONDecodeError', 'simplejson.JSONDecodeError', 'UnicodeDecodeError']);

/** Expressions that hold bytes from outside the process: caches, queues, sockets, HTTP bodies. */
const NOT_CHAINED = String.raw`(?![\w(])(?!\.(?!toString\(|decode\())`;
const SOURCES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(redis|cache|rds|kv|valkey|memcache\w*)\w*\.(get|hget|hgetall|mget|getdel|getex|lpop|rpop|blpop|brpop|lindex|xread\w*)\(/i, 'a cache read'],
  [new RegExp(String.raw`(?<![.\w])(msg|message|record|event|evt|m)\.(body|value|data|payload|content)` + NOT_CHAINED), 'a queue message'],
  [/\b(ws|websocket|socket|sock)\w*\.(recv|receive|receive_text|receive_bytes)\(/i, 'a socket'],
  [new RegExp(String.raw`(?<![.\w])(request\.(body|data|stream)|req\.body)` + NOT_CHAINED + String.raw`|\brequest\.get_data\(|\bawait\s+request\.(body|text)\(`), 'a request body'],
  [new RegExp(String.raw`(?<![.\w])(response|resp|res|r)\.(text|content|data)` + NOT_CHAINED + String.raw`|\bawait\s+\w*(response|resp|res)\w*\.text\(\)`), 'an HTTP response'],
  [/\bpubsub\.get_message\(|\bconsumer\.poll\(/, 'a queue message'],
];

function sourceOf(text: string): string | undefined {
  return SOURCES.find(([re]) => re.test(text))?.[1];
}

/** What the parsed expression is, following `x = …` in the same function once. */
function describeInput(project: Project, file: CodeFacts, call: CallFact): { kind: string; text: string } | undefined {
  const arg = call.args[0];
  if (!arg) return undefined;
  const direct = sourceOf(arg.text);
  if (direct) return { kind: direct, text: arg.text };
  const fn = file.functions[call.fn];
  if (fn?.passedTo && /(^|\.)Transform$/.test(fn.passedTo) && file.imports.some((i) => i.module === 'class-transformer')) return { kind: 'a request field (class-transformer @Transform)', text: arg.text };
  const name = /^(\w+)(\.toString\(\)|\.decode\(\))?$/.exec(arg.text)?.[1];
  if (!name || !fn) return undefined;
  const lines = (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, call.line - 1);
  const assign = new RegExp(`^\\s*(const|let|var)?\\s*${name}\\s*(:[^=]+)?=\\s*(.+)$`);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = assign.exec(lines[i] ?? '');
    if (!match?.[3]) continue;
    const kind = sourceOf(match[3]);
    return kind ? { kind, text: `${name} = ${match[3].trim().replace(/;$/, '')}` } : undefined;
  }
  return undefined;
}

/** Every production call of the enclosing function is inside a try that handles the decode error. */
function guardedByCallers(project: Project, file: CodeFacts, call: CallFact, guards: (g: string[]) => boolean): boolean {
  const fn = file.functions[call.fn];
  if (!fn?.name) return false;
  const callers = project.code().flatMap((f) => f.calls.filter((c) => c.callee === fn.name || c.callee.endsWith(`.${fn.name}`)));
  return callers.length > 0 && callers.every((c) => guards(c.guardedBy));
}

export default defineRule({
  meta: {
    code: 'VAL003',
    name: 'json-parse-unguarded',
    category: 'validation',
    severity: 'medium',
    confidence: 'medium',
    title: 'JSON from outside the process parsed without error handling',
    description: 'JSON read from a cache, a queue, a socket or an HTTP body is parsed with nothing to handle malformed input.',
    archetypes: ['service', 'worker'],
    messages: {
      unguarded:
        '`{{callee}}({{arg}})` parses {{kind}} with no {{guard}} around it: one malformed or truncated payload raises {{error}}{{impact}}.',
    },
    fix: 'Parse at the boundary inside a try block that catches the decode error (`json.JSONDecodeError`/`ValueError`, a JS `catch`), then validate the shape (pydantic, zod); answer 400, dead-letter the message, or treat a bad cache entry as a miss.',
    acceptance: 'A malformed payload is logged and rejected (400, dead-letter, cache miss) instead of crashing the handler or the consumer.',
    references: ['https://docs.python.org/3/library/json.html#json.JSONDecodeError', 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/JSON/parse#exceptions', 'CWE-20', 'CWE-755'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      // A browser parses what its own server sends (server-sent events, fetch answers): a bad frame costs one tab.
      if (project.contextOf(file.path).context === 'browser') continue;
      const python = file.language === 'python';
      const archetype = project.archetypeAt(file.path);
      for (const call of file.calls) {
        if (python ? !PY_PARSE.test(call.callee) || (call.callee === 'loads' && !file.imports.some((i) => /^(json|orjson|ujson|simplejson)$/.test(i.module))) : call.callee !== 'JSON.parse') continue;
        const guards = (g: string[]): boolean => (python ? g.some((x) => PY_GUARDS.has(x)) : g.length > 0);
        if (guards(call.guardedBy)) continue;
        const input = describeInput(project, file, call);
        if (!input || guardedByCallers(project, file, call, guards)) continue;
        const worker = archetype === 'worker' || input.kind === 'a queue message';
        report({
          messageId: 'unguarded',
          data: {
            callee: call.callee,
            arg: call.args[0]?.text ?? '',
            kind: input.text === (call.args[0]?.text ?? '') ? input.kind : `${input.kind} (\`${input.text}\`)`,
            error: python ? 'JSONDecodeError' : 'SyntaxError',
            guard: python ? 'try/except' : 'try/catch',
            impact: worker ? ', which stops this consumer or sends the message back for redelivery forever' : ', which becomes a 500 instead of a 400 or a cache miss',
          },
          path: file.path,
          line: call.line,
          severity: worker ? 'high' : 'medium',
        });
      }
    }
  },
});
