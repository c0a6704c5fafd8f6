/**
 * The input contract of a route: the model its body or query is validated against (a pydantic model, a
 * class-validator DTO, a Fastify `schema`, a DRF serializer, a zod/Joi/validator middleware), and its numeric
 * fields with or without bounds. Request models are followed through their base classes, across files and sibling
 * packages of the repository (`class Payment(BaseMoney)` where `BaseMoney` lives in `libs/common`).
 */
import type { ClassFact, CodeFacts, FunctionFact } from '../../facts/types.js';
import type { Route } from '../inventory/runtime.js';
import type { Project } from '../project.js';
import { resolveClass, sourceOf, type ClassRef } from './code.js';
import type { InputField, InputInfo } from './model.js';

const PY_NUMERIC = /^(Optional\[\s*)?(int|float|Decimal|decimal\.Decimal)(\s*\]|\s*\|\s*None)?$|^None\s*\|\s*(int|float|Decimal)$/;
const PY_BOUNDED_TYPE = /\b(conint|confloat|condecimal|PositiveInt|NonNegativeInt|NegativeInt|NonPositiveInt|PositiveFloat|NonNegativeFloat|PositiveDecimal)\b|\b(ge|gt|le|lt)\s*=/;
const BOUND_KW = /\b(ge|gt|le|lt)\s*=/;
const PY_MODEL_BASE = /(^|\.)(BaseModel|SQLModel|Schema|BaseSchema|Struct|TypedDict)$/;
const DTO_NUMBER = /^(IsNumber|IsInt|IsDecimal|IsNumberString|IsNumeric)$/;
const DTO_BOUND = /^(Min|Max|IsPositive|IsNegative)$/;
/** Validation in the handler or its middleware: zod, Joi, yup, express-validator, celebrate, marshmallow, a DRF serializer. */
const VALIDATOR = /\.(parse|safeParse|parseAsync|validate|validateSync|validateAsync|load|is_valid)\s*\(|\b(celebrate|validator|zValidator|checkSchema|body\(|validationResult|validate\w*)\b/;

/** A class and its project-defined bases, nearest first, when the chain reaches a pydantic/SQLModel base. */
export function modelChain(project: Project, start: ClassRef): ClassRef[] {
  const chain: ClassRef[] = [];
  let reaches = false;
  const visit = (ref: ClassRef, depth: number): void => {
    if (depth > 6 || chain.some((c) => c.cls === ref.cls)) return;
    chain.push(ref);
    for (const base of ref.cls.bases) {
      const clean = base.replace(/\[.*$/, '');
      if (PY_MODEL_BASE.test(clean)) {
        reaches = true;
        continue;
      }
      const next = resolveClass(project, ref.file, clean);
      if (next) visit(next, depth + 1);
    }
  };
  visit(start, 0);
  return reaches ? chain : [];
}

function validatedField(file: CodeFacts, cls: ClassFact, field: string): boolean {
  return file.functions.some((f) => f.className === cls.name && f.decorators.some((d) => /validator$/.test(d.name) && d.args.some((a) => a.text.includes(field))));
}

/** Numeric fields of a model chain, each with whether something bounds it. */
export function numericFields(chain: readonly ClassRef[]): InputField[] {
  const out: InputField[] = [];
  for (const { file, cls } of chain) {
    for (const field of cls.fields) {
      if (!PY_NUMERIC.test(field.annotation ?? '') || out.some((f) => f.name === field.name)) continue;
      const bounded = PY_BOUNDED_TYPE.test(field.annotation ?? '') || (field.value !== undefined && BOUND_KW.test(field.value.text)) || validatedField(file, cls, field.name);
      out.push({ name: field.name, type: field.annotation ?? '', bounded, at: { path: file.path, line: field.line } });
    }
  }
  return out;
}

function dtoFields(ref: ClassRef): InputField[] {
  return ref.cls.fields
    .filter((f) => f.decorators.some((d) => DTO_NUMBER.test(d.name)))
    .map((f) => ({ name: f.name, type: f.annotation ?? 'number', bounded: f.decorators.some((d) => DTO_BOUND.test(d.name)), at: { path: ref.file.path, line: f.line } }));
}

/** The model classes a Python handler takes: annotations of its parameters that resolve to request models. */
export function pythonModels(project: Project, file: CodeFacts, handler: FunctionFact): Array<{ name: string; chain: ClassRef[] }> {
  const out: Array<{ name: string; chain: ClassRef[] }> = [];
  for (const p of handler.params) {
    for (const name of (p.annotation ?? '').match(/[A-Z]\w*/g) ?? []) {
      if (out.some((o) => o.name === name)) continue;
      const ref = resolveClass(project, file, name);
      const chain = ref ? modelChain(project, ref) : [];
      if (chain.length > 0) out.push({ name, chain });
    }
  }
  return out;
}

export function inputOf(project: Project, route: Route, handler: { file: CodeFacts; fn: FunctionFact } | undefined): InputInfo {
  const fastifySchema = route.options?.includes('schema');
  if (fastifySchema) return { model: 'schema', at: { path: route.path, line: route.line }, validated: true };
  if (!handler) return { validated: false };
  const { file, fn } = handler;
  if (file.language === 'python') {
    const models = pythonModels(project, file, fn);
    const first = models[0];
    if (first) {
      const head = first.chain[0] as ClassRef;
      return { model: first.name, at: { path: head.file.path, line: head.cls.line }, validated: true, fields: models.flatMap((m) => numericFields(m.chain)) };
    }
  } else {
    const dto = fn.params.find((p) => p.decorators?.some((d) => /^(Body|Query)$/.test(d.name)) && /^[A-Z]\w*/.test(p.annotation ?? ''));
    const ref = dto ? resolveClass(project, file, (dto.annotation ?? '').replace(/\[\]$/, '')) : undefined;
    if (dto && ref) return { model: ref.cls.name, at: { path: ref.file.path, line: ref.cls.line }, validated: ref.cls.fields.some((f) => f.decorators.length > 0), fields: dtoFields(ref) };
  }
  const guardValidates = route.guards.some((g) => VALIDATOR.test(g) || /validat|schema/i.test(g));
  const body = sourceOf(project, file, fn);
  if (guardValidates || VALIDATOR.test(body)) return { validated: true, at: { path: route.path, line: route.line } };
  return { validated: false };
}
