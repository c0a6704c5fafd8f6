import type { CodeFacts, HandlerFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import { byCodePoint } from '../../../util/order.js';

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
    const byComponent = new Map<string, Array<{ path: string; line: number; what: string }>>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      const places = [
        ...file.handlers.filter(explains).map((h) => ({ path: file.path, line: h.line, what: `\`${h.header.trim().slice(0, 60)}\` turns a failed schema validation into an error message for the user` })),
        ...ajvChecks(project, file).map((line) => ({ path: file.path, line, what: 'input is checked against a JSON schema with ajv, and a failure stops with the first error' })),
      ];
      byComponent.set(component, [...(byComponent.get(component) ?? []), ...places]);
    }
    for (const [, places] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = places[0];
      if (!first) continue;
      credit({
        message: `${first.what}${places.length > 1 ? ` (and ${places.length - 1} more place${places.length === 2 ? '' : 's'})` : ''} instead of a traceback or a silent default.`,
        path: first.path,
        line: first.line,
        related: places.slice(1, 4).map((p) => ({ path: p.path, line: p.line })),
      });
    }
  },
});
