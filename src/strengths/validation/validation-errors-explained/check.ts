import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';

/** Errors schema validators raise: pydantic, marshmallow, jsonschema, zod, class-validator, Joi, yup, ajv wrappers. */
const VALIDATION_ERROR = /(^|\.)(ValidationError|ValidationException|ZodError|SchemaError|MultipleInvalid|Invalid|ValidatorError|InvalidArgument)$/;
/** What turns an error into a message for the user: a CLI usage error, an HTTP error answer, a re-raised error of the program's own. */
const USER_FACING = /(^|\.)(ClickException|UsageError|BadParameter|BadArgumentUsage|ArgumentTypeError|HTTPException|HttpException|BadRequestException|UnprocessableEntityException|abort|ValidationError|ValueError|TypeError|Error|exit|jsonify|JSONResponse|status|json|send|fail|error)$|Error$|Exception$/;

/** A handler that catches a validation error and answers with a message built from it. */
function explains(h: HandlerFact): boolean {
  if (!h.types.some((t) => VALIDATION_ERROR.test(t))) return false;
  if (h.empty || (h.reraisesSame && h.statements <= 1)) return false;
  return (h.raises || h.returns.length > 0 || h.exits.length > 0 || h.calls.some((c) => USER_FACING.test(c))) && h.usesError;
}

/** `const validate = ajv.compile(schema); if (!validate(x)) throw new Error(…validate.errors…)`. */
function ajvChecks(project: { readText(path: string): string | null }, file: CodeFacts): number[] {
  const validators = file.calls.filter((c) => /(^|\.)compile$/.test(c.callee) && c.assignedTo && file.imports.some((i) => /^ajv(\/|$)/.test(i.module)));
  const out: number[] = [];
  const lines = validators.length > 0 ? (project.readText(file.path) ?? '').split('\n') : [];
  for (const v of validators) {
    const name = v.assignedTo ?? '';
    const use = file.calls.find((c) => c.callee === name && c.line > v.line);
    if (!use) continue;
    const window = lines.slice(use.line - 1, use.line + 8).join('\n');
    if (new RegExp(`\\b${name}\\.errors\\b`).test(window) && /\bthrow\b|process\.exit|console\.error|logger\.error/.test(window)) out.push(use.line);
  }
  return out;
}

export default defineStrength({
  meta: {
    code: 'STR027',
    name: 'validation-errors-explained',
    category: 'validation',
    title: 'Invalid input is rejected with a clear message',
    description: 'Credits code that validates user input or configuration against a schema and turns a validation failure into a message for the user, not a traceback.',
    condition:
      'A handler catches a schema-validation error (pydantic/jsonschema/marshmallow ValidationError, ZodError, …), uses it, and raises, returns or exits with a user-facing error (click.ClickException, an HTTP error, an error of the program); or an ajv-compiled validator\'s failure throws or logs its `errors`. One credit per component.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [],
    references: ['OWASP ASVS 5.1', 'click docs: exception handling'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const handler = file.handlers.find(explains);
      const ajv = handler ? undefined : ajvChecks(project, file)[0];
      const line = handler?.line ?? ajv;
      if (line === undefined) continue;
      credited.add(component);
      const what = handler ? `\`${handler.header.trim().slice(0, 60)}\` turns a failed schema validation into an error message for the user` : 'input is checked against a JSON schema with ajv, and a failure stops with the first error';
      credit({ message: `${what} instead of a traceback or a silent default.`, path: file.path, line });
    }
  },
});
