import type { CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

const VALIDATOR_DECORATOR = /(^|\.)(field_validator|model_validator|validator|root_validator)$/;
const SCHEMA_PARSE = /(^|\.)(cleanEnv|parseEnv|createEnv|validateSync)$|\.(parse|safeParse|validate|assert)$/;
const PLACEHOLDER = /(==|===|!=|!==)\s*["'`](changethis|changeme|change-me|change_me|secret|placeholder|replace-?me|your-secret[\w-]*|xxx+)["'`]|\b(PLACEHOLDER\w*|DEFAULT_SECRETS?|INSECURE_\w+)\b/i;
const FAILS = /\b(raise\s+\w+|throw\s+new\s+\w+|sys\.exit\(|process\.exit\()/;

function lines(project: Project, file: CodeFacts, fn: FunctionFact): string {
  return (project.readText(file.path) ?? '').split('\n').slice(fn.line - 1, fn.endLine).join('\n');
}

/** Validation of environment settings: pydantic validators on a settings class, or a schema applied to process.env. */
function validations(project: Project, file: CodeFacts): Array<{ line: number; how: string }> {
  const out: Array<{ line: number; how: string }> = [];
  for (const cls of file.classes) {
    if (!cls.bases.some((b) => /(^|\.)BaseSettings$/.test(b))) continue;
    const validators = file.functions.filter((f) => f.className === cls.name && f.decorators.some((d) => VALIDATOR_DECORATOR.test(d.name)));
    if (validators.length > 0) out.push({ line: cls.line, how: `pydantic settings class \`${cls.name}\` with ${validators.length} validator${validators.length === 1 ? '' : 's'}` });
  }
  for (const call of file.calls) {
    if (!SCHEMA_PARSE.test(call.callee)) continue;
    const input = call.args.map((a) => a.text).join(' ');
    const fn = file.functions[call.fn];
    const throwsOnError = fn ? FAILS.test(lines(project, file, fn)) : false;
    if (/process\.env|import\.meta\.env/.test(input) || (/validateSync$/.test(call.callee) && throwsOnError)) {
      out.push({ line: call.line, how: `\`${call.callee}(…)\` on the environment${throwsOnError ? ', failing start-up on an invalid value' : ''}` });
    }
  }
  return out;
}

/** A function that compares secrets with known placeholders and refuses to go on. */
function placeholderGuards(project: Project, file: CodeFacts): Array<{ line: number; endLine: number; name: string }> {
  const out: Array<{ line: number; endLine: number; name: string }> = [];
  // Most files mention no placeholder at all: look at their functions only when the file does.
  if (!PLACEHOLDER.test(project.readText(file.path) ?? '')) return out;
  for (const fn of file.functions) {
    const body = lines(project, file, fn);
    if (PLACEHOLDER.test(body) && FAILS.test(body) && /secret|password|key|token/i.test(body)) out.push({ line: fn.line, endLine: fn.endLine, name: fn.qualifiedName });
  }
  return out;
}

export default defineRule({
  meta: {
    code: 'CFG003',
    name: 'settings-validated-at-startup',
    category: 'config',
    severity: 'info',
    confidence: 'high',
    title: 'Settings validated at start-up',
    description: 'Credits configuration that is validated when the process starts (settings classes with validators, schemas applied to the environment) and guards that refuse placeholder secrets.',
    archetypes: ['service', 'worker', 'cli'],
    messages: {
      unused: 'This rule only credits good practice.',
    },
    fix: 'Validate settings once at start-up (pydantic-settings, class-validator, zod, envalid) and refuse known placeholder secrets outside development.',
    acceptance: 'A missing or invalid setting stops the process at start-up with a message naming it.',
    references: ['The Twelve-Factor App: III. Config', 'OWASP ASVS V14.1'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, strength }) {
    for (const file of project.code()) {
      for (const v of validations(project, file)) {
        strength({ title: 'Settings are validated at start-up', message: `Configuration is checked when the process starts: ${v.how}.`, path: file.path, line: v.line });
      }
      for (const g of placeholderGuards(project, file)) {
        strength({
          title: 'Placeholder secrets are refused',
          message: `\`${g.name}\` compares secrets with known placeholder values and stops the process (or warns in development) instead of running with them.`,
          path: file.path,
          line: g.line,
          endLine: g.endLine,
        });
      }
    }
  },
});
