/**
 * Guards that refuse placeholder secrets: code that compares a secret setting with a known example value
 * (`"changethis"`, `"changeme"`, the values of an env example) or with a list of such values, and stops the
 * process (raise, throw, exit) instead of running with it. Read from facts: comparisons with literals, named lists
 * of placeholders, the function's raises and exits, and whether anything runs the function.
 */
import type { CodeFacts, FunctionFact } from '../../facts/types.js';
import type { Project } from '../project.js';
import { isApplied } from './applied.js';

/** Values that ship in examples and templates, never in a real deployment. */
export const PLACEHOLDER_VALUE = /^(changethis|change[-_ ]?me|changeit|change[-_ ]?this|replace[-_ ]?me|placeholder|your[-_ ][\w-]*|secret|secret[-_]?key|secret[-_]for[-_][\w-]+|supersecret|password|admin|example|dummy|x{3,}|todo|insecure[\w-]*|django-insecure[\w-]*|dev[-_]?secret[\w-]*)$/i;
/** Names of secrets. */
export const SECRET_WORD = /secret|passw|passphrase|api[-_]?key|private[-_]?key|token|credential/i;
/** Names of lists of placeholder values. */
const PLACEHOLDER_LIST = /placeholder|default[-_]?secret|insecure|weak[-_]?(secret|password)|example[-_]?secret|known[-_]?(bad|weak|default)/i;
const EXITS = /(^|\.)(exit|_exit|abort)$/;

export interface PlaceholderGuard {
  path: string;
  line: number;
  endLine: number;
  /** `_check_default_secret`, or `module level`. */
  name: string;
  /** What it compares with: `"changethis"`, `PLACEHOLDER_SECRETS`. */
  against: string;
}

function textOf(project: Project, file: CodeFacts, from: number, to: number): string {
  return (project.readText(file.path) ?? '').split('\n').slice(from - 1, to).join('\n');
}

/** The function stops the process: a raise/throw outside any try, or an exit call. */
function stops(file: CodeFacts, index: number, fn: FunctionFact): boolean {
  return (fn.throws ?? []).length > 0 || file.calls.some((c) => c.fn === index && EXITS.test(c.callee) && /^(sys|process|os)\./.test(c.callee));
}

export function placeholderGuards(project: Project, file: CodeFacts): PlaceholderGuard[] {
  const out: PlaceholderGuard[] = [];
  const lists = file.bindings.filter((b) => PLACEHOLDER_LIST.test(b.name) && (b.value.kind === 'object' || b.value.kind === 'array' || b.value.kind === 'call'));
  const seen = new Set<number>();
  const consider = (fnIndex: number, against: string, line: number): void => {
    if (seen.has(fnIndex)) return;
    const fn = file.functions[fnIndex];
    if (fn) {
      if (!stops(file, fnIndex, fn) || !isApplied(project, fn)) return;
      seen.add(fnIndex);
      out.push({ path: file.path, line: fn.line, endLine: fn.endLine, name: fn.qualifiedName, against });
      return;
    }
    // Module level: the comparison is followed closely by a raise, throw or exit.
    if (!/\b(raise|throw)\b|\b(sys|process|os)\.(exit|_exit)\(/.test(textOf(project, file, line, line + 6))) return;
    seen.add(fnIndex);
    out.push({ path: file.path, line, endLine: line, name: 'module level', against });
  };
  for (const c of file.comparisons ?? []) {
    const [literal, other] = c.left.kind === 'string' ? [c.left, c.right] : [c.right, c.left];
    if (literal.kind !== 'string' || typeof literal.value !== 'string' || !PLACEHOLDER_VALUE.test(literal.value)) continue;
    const fn = file.functions[c.fn];
    const secretish = SECRET_WORD.test(other.text) || (fn !== undefined && (SECRET_WORD.test(fn.name) || fn.params.some((p) => SECRET_WORD.test(p.name))));
    if (secretish) consider(c.fn, `"${literal.value}"`, c.line);
  }
  if (lists.length > 0) {
    file.functions.forEach((fn, index) => {
      const body = textOf(project, file, fn.line, fn.endLine);
      const list = lists.find((l) => new RegExp(`\\b${l.name.replace(/[$]/g, '\\$&')}\\b`).test(body) && l.line < fn.line);
      if (list) consider(index, `\`${list.name}\``, fn.line);
    });
  }
  return out;
}
