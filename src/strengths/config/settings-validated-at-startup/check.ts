import type { CallFact, CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { callSites, isApplied } from '../../../project/knowledge/applied.js';
import type { Project } from '../../../project/project.js';

const ENV = /\bprocess\.env\b|\bimport\.meta\.env\b|\bBun\.env\b|\bDeno\.env\b/;
const SCHEMA_LIBRARIES = /^(zod|valibot|yup|joi|@hapi\/joi|@sinclair\/typebox|arktype|superstruct|io-ts)(\/|$)/;
/** Library calls that parse the environment against a schema and throw on invalid input. */
const ENV_PARSERS = /(^|\.)(cleanEnv|createEnv|parseEnv|envsafe)$/;

interface Validation {
  path: string;
  line: number;
  how: string;
}

/** A pydantic-settings class (directly or through local bases) that the code instantiates. */
function pydanticSettings(project: Project, file: CodeFacts): Validation[] {
  const out: Validation[] = [];
  const settings = new Set<string>();
  for (const cls of file.classes) {
    if (cls.bases.some((b) => /(^|\.)BaseSettings$/.test(b) || settings.has(b))) settings.add(cls.name);
  }
  for (const cls of file.classes) {
    if (!settings.has(cls.name) || callSites(project, cls.name) === 0) continue;
    const validators = file.functions.filter((f) => f.className === cls.name && f.decorators.some((d) => /(^|\.)(field_validator|model_validator|validator|root_validator)$/.test(d.name)));
    out.push({ path: file.path, line: cls.line, how: `the pydantic-settings class \`${cls.name}\` parses and type-checks the environment when it is instantiated${validators.length > 0 ? `, with ${validators.length} validator${validators.length === 1 ? '' : 's'}` : ''}` });
  }
  return out;
}

/** The call's function (or module) stops on a failed validation: a throw/raise or an exit. */
function failsOn(file: CodeFacts, call: CallFact): boolean {
  const fn = file.functions[call.fn];
  if (fn) return (fn.throws ?? []).length > 0 || file.calls.some((c) => c.fn === call.fn && /(^|\.)exit$/.test(c.callee));
  return file.calls.some((c) => c.fn === -1 && /(^|\.)exit$/.test(c.callee));
}

/** The environment parsed by a schema: zod/yup/joi `.parse(process.env)`, envalid `cleanEnv`, t3 `createEnv`, class-validator `validateSync`. */
function schemaValidations(project: Project, file: CodeFacts): Validation[] {
  const out: Validation[] = [];
  const schemaLib = file.imports.some((i) => SCHEMA_LIBRARIES.test(i.module));
  const classValidator = file.imports.some((i) => i.module === 'class-validator');
  for (const call of file.calls) {
    const input = call.args.map((a) => a.text).join(' ');
    if (ENV_PARSERS.test(call.callee)) {
      out.push({ path: file.path, line: call.line, how: `\`${call.callee}(…)\` validates the environment against a schema and stops on an invalid value` });
    } else if (schemaLib && /\.(parse|parseAsync|validateSync|validate)$/.test(call.callee) && call.callee !== 'JSON.parse' && ENV.test(input)) {
      out.push({ path: file.path, line: call.line, how: `\`${call.callee}(${call.args[0]?.text ?? ''})\` validates the environment against a schema` });
    } else if (schemaLib && /\.safeParse$/.test(call.callee) && ENV.test(input) && failsOn(file, call)) {
      out.push({ path: file.path, line: call.line, how: `\`${call.callee}(${call.args[0]?.text ?? ''})\` checks the environment and stops on an invalid value` });
    } else if (classValidator && /(^|\.)validateSync$/.test(call.callee) && failsOn(file, call)) {
      const fn = file.functions[call.fn];
      if (fn && !isApplied(project, fn)) continue;
      out.push({ path: file.path, line: call.line, how: `class-validator \`validateSync\` checks the configuration class${fn ? ` in \`${fn.name}\`` : ''} and throws on invalid values` });
    }
  }
  return out;
}

export default defineStrength({
  meta: {
    code: 'STR024',
    name: 'settings-validated-at-startup',
    category: 'config',
    title: 'Settings are validated at start-up',
    description: 'Credits configuration read from the environment through a schema that types it and stops the start-up on a missing or invalid value.',
    condition:
      'A pydantic-settings class that the code instantiates; or a schema library (zod, valibot, yup, joi, typebox) parsing `process.env`; envalid `cleanEnv`, t3 `createEnv`; class-validator `validateSync` in a function that runs and throws on errors. `JSON.parse` of a variable is not validation. One credit per component.',
    archetypes: ['service', 'worker', 'cli'],
    opposes: [{ rule: 'config-without-validation', scope: 'file' }],
    references: ['The Twelve-Factor App: III. Config', 'pydantic-settings', 'envalid', 'OWASP ASVS 14.1'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const found = file.language === 'python' ? pydanticSettings(project, file) : schemaValidations(project, file);
      const first = found[0];
      if (!first) continue;
      credited.add(component);
      credit({ message: `Configuration is checked when the process starts: ${first.how}.`, path: first.path, line: first.line });
    }
  },
});
