/**
 * Command-line options a file declares, by argument parser: `arg` spec objects, argparse `add_argument`,
 * click `@click.option`, commander `.option`, yargs `.option`. Each comes with the names whose appearance
 * elsewhere in the component counts as reading the option's value.
 */
import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';

export type Parser = 'arg' | 'argparse' | 'click' | 'commander' | 'yargs';

export interface DeclaredOption {
  parser: Parser;
  /** The flag as the user types it: `--no-port-switching`. */
  flag: string;
  line: number;
  endLine: number;
  /**
   * How a read looks: `quoted` — the exact key in quotes (`args['--no-port-switching']`); `word` — any of the
   * identifiers as a whole word (`args.dry_run`, `opts.dryRun`).
   */
  read: { kind: 'quoted'; key: string } | { kind: 'word'; names: string[] };
  /** click: only the decorated function's body is searched. */
  scope?: { start: number; end: number };
}

const camel = (s: string): string => s.replace(/[-_]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());

function strings(args: readonly ValueFact[]): string[] {
  return args.filter((a) => a.kind === 'string').map((a) => String(a.value));
}

/** The spec object given to `arg(...)`: a literal, or a module-level constant of the file. */
function argSpec(file: CodeFacts, call: CallFact): ValueFact | undefined {
  const first = call.args[0];
  if (first?.kind === 'object') return first;
  if (first?.kind !== 'identifier') return undefined;
  return file.bindings.find((b) => b.fn === -1 && b.via === 'assign' && b.name === first.text && b.value.kind === 'object')?.value;
}

function lineOfKey(lines: readonly string[], key: string, from: number): number {
  const quoted = new RegExp(`(['"\`])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) if (quoted.test(lines[i] ?? '')) return i + 1;
  return from;
}

function fromArg(file: CodeFacts, lines: readonly string[]): DeclaredOption[] {
  const aliases = new Set(file.imports.filter((i) => i.module === 'arg' && i.alias).map((i) => i.alias as string));
  const out: DeclaredOption[] = [];
  for (const call of file.calls) {
    if (!aliases.has(call.callee)) continue;
    const spec = argSpec(file, call);
    if (!spec?.props || spec.spread) continue;
    const specLine = file.bindings.find((b) => b.fn === -1 && b.value === spec)?.line ?? call.line;
    for (const [key, value] of Object.entries(spec.props)) {
      // String values are aliases (`'-p': '--port'`); `--help`/`--version` are read by the framework's caller by convention.
      if (!key.startsWith('--') || value.kind === 'string') continue;
      const line = lineOfKey(lines, key, specLine);
      out.push({ parser: 'arg', flag: key, line, endLine: line, read: { kind: 'quoted', key } });
    }
  }
  return out;
}

/** The line of a call's literal argument (a chained call starts on the line of the chain's receiver). */
function literalLine(lines: readonly string[], call: CallFact, literal: ValueFact): number {
  for (let n = call.line; n <= call.endLine; n++) if ((lines[n - 1] ?? '').includes(literal.text)) return n;
  return call.line;
}

function fromArgparse(file: CodeFacts, lines: readonly string[]): DeclaredOption[] {
  const out: DeclaredOption[] = [];
  if (!file.imports.some((i) => i.module === 'argparse')) return out;
  for (const call of file.calls) {
    if (!/(^|\.)add_argument$/.test(call.callee) || call.hasSpread) continue;
    const flags = strings(call.args);
    const long = flags.find((f) => f.startsWith('--'));
    const flag = long ?? flags.find((f) => f.startsWith('-'));
    if (!flag) continue;
    const action = call.kwargs['action'];
    if (action?.kind === 'string' && /^(help|version)$/.test(String(action.value))) continue;
    const dest = call.kwargs['dest'];
    if (dest && dest.kind !== 'string') continue;
    const name = dest ? String(dest.value) : flag.replace(/^-+/, '').replace(/-/g, '_');
    const literal = call.args.find((a) => a.kind === 'string' && a.value === flag);
    const line = literal ? literalLine(lines, call, literal) : call.line;
    out.push({ parser: 'argparse', flag, line, endLine: call.endLine, read: { kind: 'word', names: [name] } });
  }
  return out;
}

function fromClick(file: CodeFacts): DeclaredOption[] {
  const out: DeclaredOption[] = [];
  for (const fn of file.functions) {
    // `**kwargs` receives every option: reads cannot be told apart.
    if (fn.params.some((p) => p.name.startsWith('**'))) continue;
    for (const d of fn.decorators) {
      if (!/^(click\.option|option)$/.test(d.name) || (d.name === 'option' && !file.imports.some((i) => i.module === 'click'))) continue;
      const flags = strings(d.args);
      const explicit = flags.find((f) => /^[A-Za-z_]\w*$/.test(f));
      const long = flags.find((f) => f.startsWith('--'));
      const flag = long ?? flags.find((f) => f.startsWith('-'));
      if (!flag) continue;
      const name = explicit ?? flag.replace(/^-+/, '').split('/')[0]?.replace(/-/g, '_') ?? '';
      if (!fn.params.some((p) => p.name === name)) continue;
      out.push({ parser: 'click', flag: flag.split('/')[0] ?? flag, line: d.line, endLine: d.line, read: { kind: 'word', names: [name] }, scope: { start: fn.line, end: fn.endLine } });
    }
  }
  return out;
}

function fromCommanderOrYargs(file: CodeFacts, lines: readonly string[]): DeclaredOption[] {
  const out: DeclaredOption[] = [];
  const commander = file.imports.some((i) => i.module === 'commander');
  const yargs = file.imports.some((i) => i.module === 'yargs' || i.module.startsWith('yargs/'));
  if (!commander && !yargs) return out;
  for (const call of file.calls) {
    if (!/\.(option|requiredOption)$/.test(call.callee) || call.hasSpread) continue;
    const first = call.args[0];
    if (first?.kind !== 'string') continue;
    const text = String(first.value);
    const line = literalLine(lines, call, first);
    if (commander && text.includes('--')) {
      const long = /--([\w-]+)/.exec(text)?.[1];
      if (!long) continue;
      const key = long.replace(/^no-/, '');
      out.push({ parser: 'commander', flag: `--${long}`, line, endLine: call.endLine, read: { kind: 'word', names: [camel(key), key] } });
    } else if (yargs && !text.startsWith('-')) {
      const options = call.args[1];
      if (options && options.kind !== 'object') continue;
      const alias = options?.props?.['alias'];
      const names = [text, camel(text)];
      if (alias?.kind === 'string') names.push(String(alias.value), camel(String(alias.value)));
      else if (alias) continue;
      out.push({ parser: 'yargs', flag: text.length === 1 ? `-${text}` : `--${text}`, line, endLine: call.endLine, read: { kind: 'word', names: [...new Set(names)] } });
    }
  }
  return out;
}

export function declaredOptions(file: CodeFacts, lines: readonly string[]): DeclaredOption[] {
  if (file.language === 'python') return [...fromArgparse(file, lines), ...fromClick(file)];
  return [...fromArg(file, lines), ...fromCommanderOrYargs(file, lines)];
}
