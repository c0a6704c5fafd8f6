import type { CallFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { runtimeFilesOf } from '../../../project/reachability.js';

type MessageId = 'pyCastAtImport' | 'pyBoolFromEnv' | 'jsNumberFromEnv';

const PY_ENV = /\bos\.environ\b|\bos\.getenv\(|\benviron\.get\(|\bgetenv\(|\benviron\[/;
const JS_ENV = /\bprocess\.env\b|\bimport\.meta\.env\b|^env\.[A-Z_]|\benv\.[A-Z_][A-Z0-9_]*\b/;
const PY_CAST = /^(int|float|Decimal|decimal\.Decimal|json\.loads)$/;
const JS_CAST = /^(parseInt|parseFloat|Number|Number\.parseInt|Number\.parseFloat)$/;
const PY_GUARDS = new Set(['*', 'ValueError', 'TypeError', 'Exception', 'decimal.InvalidOperation', 'InvalidOperation', 'json.JSONDecodeError']);
const NAN_CHECK = /\b(isNaN|Number\.isNaN|Number\.isInteger|Number\.isFinite|Number\.isSafeInteger|isFinite)\(/;

function envName(text: string): string {
  return /["']([A-Za-z_][\w]*)["']/.exec(text)?.[1] ?? /env\.([A-Za-z_]\w*)/.exec(text)?.[1] ?? 'the variable';
}

/** Env names a schema declares somewhere: class-validator class fields, keys of zod/joi/envalid/convict/ajv schemas. */
function validatedNames(project: Project): (name: string) => boolean {
  const fields = new Set<string>();
  const texts: string[] = [];
  for (const file of project.code()) {
    if (!file.imports.some((i) => /^(class-validator|zod|joi|@hapi\/joi|envalid|convict|yup|ajv|@sinclair\/typebox|valibot)$/.test(i.module))) continue;
    for (const cls of file.classes) for (const field of cls.fields) if (field.decorators.length > 0) fields.add(field.name);
    texts.push(project.readText(file.path) ?? '');
  }
  return (name) => fields.has(name) || texts.some((t) => new RegExp(`(^|[\\s{,'"])${name}['"]?\\s*:`, 'm').test(t));
}

function pyHit(call: CallFact): MessageId | undefined {
  if (call.fn !== -1 || call.guardedBy.some((g) => PY_GUARDS.has(g))) return undefined;
  const arg = call.args[0]?.text ?? '';
  if (!PY_ENV.test(arg)) return undefined;
  if (PY_CAST.test(call.callee)) return 'pyCastAtImport';
  if (call.callee === 'bool') return 'pyBoolFromEnv';
  return undefined;
}

export default defineRule<MessageId>({
  meta: {
    code: 'VAL002',
    name: 'config-without-validation',
    category: 'validation',
    severity: 'low',
    confidence: 'high',
    title: 'Configuration converted without validation',
    description: 'Environment variables are converted to numbers or flags by hand, with no check: a bad value crashes the program at import or turns into NaN or the wrong boolean.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      pyCastAtImport:
        '`{{callee}}({{arg}})` runs at import time with no check{{more}}: a malformed value stops every start with a bare traceback (`ValueError: invalid literal…`) instead of a message saying which setting is wrong and what it expects.',
      pyBoolFromEnv: '`bool({{arg}})` is True for every non-empty string, so `{{name}}=false` or `{{name}}=0` turns the flag on.',
      jsNumberFromEnv:
        '`{{callee}}({{arg}})` is not checked: a malformed `{{name}}` becomes NaN, and whatever uses it (a port, timeout or limit) fails later or misbehaves, far from the variable that caused it.',
    },
    fix: 'Parse configuration once, through a schema that names the bad setting and stops start-up: pydantic-settings, `environs`, zod/envalid/class-validator, or at least an explicit check (`Number.isNaN`, try/except ValueError with a clear message).',
    fixFor: {
      python: 'Parse configuration once, through a schema that names the bad setting and stops start-up (pydantic-settings, `environs`), or at least an explicit check (`try`/`except ValueError` that exits with a message naming the variable).',
      javascript: 'Parse configuration once, through a schema that names the bad setting and stops start-up (zod, envalid), or at least an explicit check (`Number.isNaN(value)` followed by an error naming the variable).',
    },
    impactFor: {
      javascript: '`Number(process.env.X)` or `parseInt(process.env.X)` turns a malformed value into `NaN` without a word: the program starts, and whatever uses the value — a port, a timeout, a limit — fails later or misbehaves, far from the variable that caused it. Failing at start-up with a message that names the setting and the expected format is what is missing.',
    },
    acceptance: 'Setting the variable to a malformed value stops start-up with a one-line message naming the variable.',
    references: ['https://docs.pydantic.dev/latest/concepts/pydantic_settings/', 'https://12factor.net/config', 'CWE-20', 'CWE-1286'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    let validated: ((name: string) => boolean) | undefined;
    const isValidated = (name: string): boolean => (validated ??= validatedNames(project))(name);
    const reachedBy = new Map<string, Set<string> | undefined>();
    for (const file of project.code()) {
      // Scripts and tool configuration run by developers or CI, not the shipped program.
      if (file.role !== 'source') continue;
      const component = project.componentOf(file.path)?.path ?? '.';
      if (!reachedBy.has(component)) reachedBy.set(component, runtimeFilesOf(project, component));
      const reached = reachedBy.get(component);
      if (reached && !reached.has(file.path)) continue;
      // Import-time casts: one finding per module (a settings module has dozens), at the first.
      const casts = file.language === 'python' ? file.calls.filter((c) => pyHit(c) === 'pyCastAtImport') : [];
      const first = casts[0];
      if (first) {
        const arg = `${first.args[0]?.text ?? ''}${first.args.length > 1 ? ', …' : ''}`;
        const names = casts.map((c) => envName(c.args[0]?.text ?? ''));
        report({
          messageId: 'pyCastAtImport',
          data: { callee: first.callee, arg, name: names[0] ?? '', more: casts.length > 1 ? ` (and ${casts.length - 1} more in this module: ${names.slice(1, 6).join(', ')}${casts.length > 6 ? ', …' : ''})` : '' },
          path: file.path,
          line: first.line,
          related: casts.slice(1, 6).map((c) => ({ path: file.path, line: c.line })),
        });
      }
      let nanChecked: boolean | undefined;
      const checksNaN = (): boolean => (nanChecked ??= NAN_CHECK.test(project.readText(file.path) ?? ''));
      for (const call of file.calls) {
        const arg = `${call.args[0]?.text ?? ''}${call.args.length > 1 ? ', …' : ''}`;
        if (file.language === 'python') {
          if (pyHit(call) === 'pyBoolFromEnv') report({ messageId: 'pyBoolFromEnv', data: { arg, name: envName(arg) }, path: file.path, line: call.line });
          continue;
        }
        if (!JS_CAST.test(call.callee) || !JS_ENV.test(arg) || call.guardedBy.length > 0 || checksNaN()) continue;
        const name = envName(arg);
        if (name !== 'the variable' && isValidated(name)) continue;
        report({ messageId: 'jsNumberFromEnv', data: { callee: call.callee, arg, name }, path: file.path, line: call.line, severity: 'low' });
      }
    }
  },
});
