/**
 * Helpers shared by the security rules: how a file names the modules it imports, which expressions a string built
 * at run time interpolates, where request input comes from, and which files only run in development.
 * Not a rule (the registry only takes folders with a rule.ts).
 */
import type { CallFact, CodeFacts, ValueFact } from '../../facts/types.js';
import type { Project } from '../../project/project.js';

export { importedNames, moduleAliases, splitCallee } from '../../project/knowledge/remote-calls.js';

/** The file imports some module matching the pattern (not type-only). */
export function importsMatching(file: CodeFacts, pattern: RegExp): boolean {
  return file.imports.some((i) => !i.typeOnly && pattern.test(i.module));
}

/** The source text of a call (all its lines), for word-level checks of values the facts clip. */
export function callSource(project: Project, path: string, call: Pick<CallFact, 'line' | 'endLine'>): string {
  const text = project.readText(path);
  if (text === null) return '';
  return text.split('\n').slice(call.line - 1, call.endLine).join('\n');
}

/** The source of a call's first argument: `f(a + b, c)` → `a + b`. */
export function firstArgumentSource(callText: string): string {
  const open = callText.indexOf('(');
  if (open === -1) return '';
  const end = closing(callText, open, '(', ')');
  return splitTopLevel(callText.slice(open + 1, end === -1 ? undefined : end), ',')[0] ?? '';
}

/** Index of the bracket that closes the one opening at `start`, honouring quotes; -1 when unbalanced. */
function closing(text: string, start: number, open: string, close: string): number {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}

/** Split at a top-level operator character (outside brackets and quotes). */
function splitTopLevel(text: string, operator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === operator && depth === 0) {
      parts.push(text.slice(last, i));
      last = i + 1;
    }
  }
  parts.push(text.slice(last));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const STRING_LITERAL = /^[rbuf]*(['"`])[\s\S]*\1$/i;

/** Inside an f-string or template literal: the `{expr}` / `${expr}` pieces (escaped `{{` skipped). */
function bracedExpressions(text: string, dollar: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (dollar ? text[i] === '$' && text[i + 1] === '{' : text[i] === '{') {
      const open = dollar ? i + 1 : i;
      if (!dollar && text[i + 1] === '{') {
        i++;
        continue;
      }
      const end = closing(text, open, '{', '}');
      if (end === -1) break;
      out.push(text.slice(open + 1, end).replace(/(![rsa])?(:[^{}]*)?$/, '').trim());
      i = end;
    }
  }
  return out;
}

/**
 * Expressions a string built at run time takes from variables: `f"… {x}"` → x, `` `${x}` `` → x, `"a" + x` → x,
 * `"%s" % x` → x, `"{}".format(x)` → x. Literal pieces are dropped. Works on source text (a value or a call's text).
 */
export function interpolatedExpressions(text: string): string[] {
  const trimmed = text.trim();
  const format = /^([rbuf]*(['"])[\s\S]*\2)\s*\.\s*format\s*\(/i.exec(trimmed);
  if (format) {
    const open = trimmed.indexOf('(', format[1]?.length ?? 0);
    const end = closing(trimmed, open, '(', ')');
    return splitTopLevel(trimmed.slice(open + 1, end === -1 ? undefined : end), ',').map((a) => a.replace(/^\w+\s*=\s*/, ''));
  }
  const percent = splitTopLevel(trimmed, '%');
  if (percent.length === 2 && STRING_LITERAL.test(percent[0] ?? '')) {
    const right = (percent[1] ?? '').replace(/^\(([\s\S]*)\)$/, '$1').trim();
    // `"%(name)s" % {"name": name}` → the dict's values.
    if (right.startsWith('{') && right.endsWith('}')) return splitTopLevel(right.slice(1, -1), ',').map((e) => e.replace(/^[^:]*:\s*/, ''));
    return splitTopLevel(right, ',');
  }
  const plus = splitTopLevel(trimmed, '+');
  if (plus.length > 1) return plus.flatMap((p) => (STRING_LITERAL.test(p) ? interpolatedExpressions(p) : [p]));
  if (/^[rbu]*f[rbu]*['"]/i.test(trimmed)) return bracedExpressions(trimmed, false);
  if (trimmed.startsWith('`')) return bracedExpressions(trimmed, true);
  return [];
}

/** A value built at run time from pieces (f-string, template literal, concatenation, `%`/`.format`). */
export function isBuiltString(value: ValueFact | undefined): boolean {
  return value !== undefined && ['fstring', 'template', 'concat', 'format'].includes(value.kind);
}

/** Expressions that read the current HTTP request (Flask, Django, FastAPI/Starlette, aiohttp, Express, Koa, Fastify). */
export const REQUEST_INPUT =
  /\b(request\.(args|form|values|json|data|body|files|cookies|headers|GET|POST|query_params|path_params|get_json|get_data|match_info|query|params|content|stream)\b|(req|request|ctx\.request|ctx)\.(body|query|params|headers|cookies)\b)/;

/** Expressions that read bytes from the network, a cache or a queue. */
export const NETWORK_INPUT =
  /\b(\w*(redis|cache|memcache|rds)\w*\.(get|hget|lpop|rpop|blpop|brpop|getdel|mget)\s*\(|\.recv(from)?\s*\(|\.content\b|\.body\b|message\.(value|body|data)\b|msg\.(value|body|data)\b|\.get_message\s*\()/;

/** Settings or entry files that only run on a developer's machine or in tests. */
export function isDevOnlyPath(path: string): boolean {
  return /(^|\/)(dev|development|local|test|tests|testing|ci|debug)(_settings|_config|\.settings)?\.(py|ts|js|mjs|cjs)$/i.test(path) ||
    /(^|\/)settings[_/](dev|development|local|test|testing|ci)\b/i.test(path) ||
    /(^|\/)(dev|devel|development)\//i.test(path);
}

/** Files that create initial records: seeds, seeders, fixtures loaders, initial data, bootstrap scripts. */
export const SEED_PATH = /(^|[/_.-])(seeds?|seeders?|seeding|initial[_-]?data|init[_-]?db|fixtures?|bootstrap[_-]?(data|db|admin)|create[_-]?(admin|superuser))([/_.-]|$)/i;
