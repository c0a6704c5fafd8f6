import type { ClassFact, CodeFacts, FunctionFact, ParamFact } from '../../../facts/types.js';
import { defineRule, type ReportInput, type StrengthInput } from '../../../engine/rule.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';
import { resolvePythonCall } from '../../../project/python-symbols.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'pagination' | 'modelField' | 'dtoField';

const PAGE_PARAM = /^(skip|offset|limit|page_size|per_page|size|pagesize|pageSize|perPage|take)$/;
const UPPER_NEEDED = /^(limit|page_size|per_page|size|pagesize|pageSize|perPage|take|count)$/;
const MONEY_QTY = /^(amount|price|quantity|qty|total|balance|count|limit|offset|page_size|cost|fee|subtotal)$|_(amount|price|quantity|qty|total|balance|cost|fee)$|[a-z](Amount|Price|Quantity|Qty|Total|Balance|Cost|Fee)$/;
const PY_NUMERIC = /^(Optional\[\s*)?(int|float|Decimal|decimal\.Decimal)(\s*\]|\s*\|\s*None)?$|^None\s*\|\s*(int|float|Decimal)$/;
const PY_BOUNDED_TYPE = /\b(conint|confloat|condecimal|PositiveInt|NonNegativeInt|NegativeInt|NonPositiveInt|PositiveFloat|NonNegativeFloat|PositiveDecimal)\b|\b(ge|gt|le|lt)\s*=/;
const BOUND_KW = /\b(ge|gt|le|lt)\s*=/;
const CLAMP = (name: string): RegExp => new RegExp(`\\bmin\\([^)]*\\b${name}\\b|\\b${name}\\b\\s*=\\s*(min|max)\\(|\\bif\\s+\\(?\\s*${name}\\s*[<>]|\\bclamp\\w*\\([^)]*\\b${name}\\b|Math\\.(min|max)\\([^)]*\\b${name}\\b`);
const MONEY = /amount|price|total|balance|cost|fee|Amount|Price|Total|Balance|Cost|Fee/;
const DTO_NUMBER = /^(IsNumber|IsInt|IsDecimal|IsNumberString|IsNumeric)$/;

function sourceOf(project: Project, path: string, from: number, to: number): string {
  return (project.readText(path) ?? '').split('\n').slice(from - 1, to).join('\n');
}

/** Pagination params of a FastAPI handler that reach `.offset()/.limit()` (directly or in a function it calls) unbounded. */
function unboundedPagination(project: Project, file: CodeFacts, index: number, handler: FunctionFact): ParamFact[] {
  const params = handler.params.filter((p) => PAGE_PARAM.test(p.name) && /^(Optional\[)?int\b|^int\s*\|\s*None$/.test(p.annotation ?? '') && !PY_BOUNDED_TYPE.test(p.annotation ?? ''));
  const unbounded = params.filter((p) => !(p.default?.kind === 'call' && BOUND_KW.test(p.default.text)));
  if (unbounded.length === 0) return [];
  const body = sourceOf(project, file.path, handler.line, handler.endLine);
  const reaching = (name: string): boolean => {
    for (const call of file.calls) {
      if (call.fn !== index) continue;
      if (/\.(offset|limit|slice)$/.test(call.callee) && call.args.some((a) => a.text === name)) return true;
      const passed = Object.entries(call.kwargs).find(([, v]) => v.text === name)?.[0] ?? (call.args.some((a) => a.text === name) ? name : undefined);
      if (passed === undefined) continue;
      const target = resolvePythonCall(project, file, call.callee);
      if (!target) continue;
      const targetIndex = target.file.functions.indexOf(target.fn);
      const targetBody = sourceOf(project, target.file.path, target.fn.line, target.fn.endLine);
      if (CLAMP(passed).test(targetBody)) return false;
      if (target.file.calls.some((c) => c.fn === targetIndex && /\.(offset|limit|slice)$/.test(c.callee) && c.args.some((a) => a.text === passed))) return true;
    }
    return false;
  };
  return unbounded.filter((p) => !CLAMP(p.name).test(body) && reaching(p.name));
}

function classesByName(project: Project): Map<string, Array<{ file: CodeFacts; cls: ClassFact }>> {
  const out = new Map<string, Array<{ file: CodeFacts; cls: ClassFact }>>();
  for (const file of project.code()) for (const cls of file.classes) pushTo(out, cls.name, { file, cls });
  return out;
}

/** A class and its project-defined bases, nearest first, when the chain reaches pydantic's BaseModel or SQLModel. */
function pydanticChain(name: string, classes: Map<string, Array<{ file: CodeFacts; cls: ClassFact }>>): Array<{ file: CodeFacts; cls: ClassFact }> {
  const chain: Array<{ file: CodeFacts; cls: ClassFact }> = [];
  let reaches = false;
  const visit = (n: string, depth: number): void => {
    const found = classes.get(n)?.find((c) => c.file.language === 'python');
    if (!found || depth > 6 || chain.includes(found)) return;
    chain.push(found);
    for (const base of found.cls.bases) {
      if (/(^|\.)(BaseModel|SQLModel)$/.test(base)) reaches = true;
      else visit(base.replace(/\[.*$/, ''), depth + 1);
    }
  };
  visit(name, 0);
  return reaches ? chain : [];
}

function validated(file: CodeFacts, cls: ClassFact, field: string): boolean {
  return file.functions.some((f) => f.className === cls.name && f.decorators.some((d) => /validator$/.test(d.name) && d.args.some((a) => a.text.includes(field))));
}

/** class-validator DTOs: numeric money/quantity fields with no bound, unless a handler using the DTO clamps them. */
function checkDtos(project: Project, report: (input: ReportInput<MessageId>) => void): void {
  const code = project.code().filter((f) => f.language !== 'python');
  // The files naming a DTO class, found once per class rather than once per field.
  const naming = new Map<string, Array<{ file: CodeFacts; text: string }>>();
  const filesNaming = (name: string): Array<{ file: CodeFacts; text: string }> => {
    let found = naming.get(name);
    if (!found) {
      found = code.map((file) => ({ file, text: project.readText(file.path) ?? '' })).filter(({ text }) => text.includes(name));
      naming.set(name, found);
    }
    return found;
  };
  for (const file of code) {
    if (!file.imports.some((i) => i.module === 'class-validator')) continue;
    for (const cls of file.classes) {
      for (const field of cls.fields) {
        const names = field.decorators.map((d) => d.name);
        if (!MONEY_QTY.test(field.name) || !names.some((n) => DTO_NUMBER.test(n))) continue;
        const upper = UPPER_NEEDED.test(field.name) || /limit|size|take|per_?page/i.test(field.name);
        const bounded = upper ? names.includes('Max') : names.some((n) => n === 'Min' || n === 'IsPositive');
        if (bounded) continue;
        const clamp = CLAMP(field.name);
        const clamped = filesNaming(cls.name).some(({ file: f, text }) => f !== file && clamp.test(text));
        if (clamped) continue;
        report({
          messageId: 'dtoField',
          data: { cls: cls.name, field: field.name, decorators: names.filter((n) => DTO_NUMBER.test(n)).map((n) => `@${n}()`).join(', ') },
          path: file.path,
          line: field.line,
          severity: MONEY.test(field.name) ? 'medium' : 'low',
        });
      }
    }
  }
}

/** The file a relative JS/TS import points at. */
function jsModule(project: Project, from: string, module: string): string | undefined {
  if (!module.startsWith('.')) return undefined;
  const parts = from.split('/').slice(0, -1);
  for (const segment of module.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  const base = parts.join('/').replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`].find((p) => project.file(p));
}

/** Strengths: a global ValidationPipe (with whitelist), and list handlers that clamp their page size. */
function creditValidation(project: Project, strength: (input: StrengthInput) => void): void {
  for (const file of project.code()) {
    for (const call of file.calls) {
      if (!/(^|\.)useGlobalPipes$/.test(call.callee)) continue;
      const pipe = call.args.find((a) => a.kind === 'call' && /ValidationPipe$/.test(a.callee ?? ''));
      if (!pipe) continue;
      const option = /ValidationPipe\(\s*(\w+)\s*\)/.exec(pipe.text)?.[1];
      const imported = option ? file.imports.find((i) => i.names.includes(option) || i.alias === option) : undefined;
      const optionsFile = imported ? jsModule(project, file.path, imported.module) : undefined;
      const optionsText = `${pipe.text}\n${optionsFile ? (project.readText(optionsFile) ?? '') : ''}`;
      const whitelist = /whitelist\s*:\s*true/.test(optionsText);
      strength({
        title: 'Global request validation',
        message: `Every request body and query is validated by a global \`ValidationPipe\`${whitelist ? ' with `whitelist: true`, which strips properties the DTOs do not declare' : ''}.`,
        path: file.path,
        line: call.line,
        related: optionsFile ? [{ path: optionsFile, line: 1 }] : [],
      });
    }
  }
  for (const route of project.inventory.runtime.routes) {
    const file = project.file(route.path);
    if (file?.kind !== 'code') continue;
    const handler = file.functions.find((f) => f.qualifiedName === route.handler && f.line >= route.line);
    if (!handler) continue;
    const lines = (project.readText(file.path) ?? '').split('\n');
    for (let i = handler.line - 1; i < handler.endLine; i++) {
      const match = /\b(limit|pageSize|page_size|perPage|per_page|take)\b/.exec(lines[i] ?? '');
      if (!match?.[1] || !CLAMP(match[1]).test(lines[i] ?? '')) continue;
      strength({ title: 'Page size capped', message: `\`${handler.name}\` (${route.method} ${route.route}) caps \`${match[1]}\` before querying, so a client cannot ask for unbounded pages.`, path: file.path, line: i + 1 });
      break;
    }
  }
}

export default defineRule<MessageId>({
  meta: {
    code: 'VAL001',
    name: 'unbounded-numeric-input',
    category: 'validation',
    severity: 'medium',
    confidence: 'medium',
    title: 'Numeric request input without bounds',
    description: 'Pagination parameters and money or quantity fields of request models accept negative or arbitrarily large values.',
    archetypes: ['service'],
    messages: {
      pagination:
        '`{{handler}}` ({{route}}) takes {{params}} with no bounds and passes them to `.offset()`/`.limit()`: a client can fetch every row at once with a huge limit, and a negative value reaches the database as a negative OFFSET/LIMIT (an error, so a 500).',
      modelField:
        '`{{cls}}.{{field}}: {{annotation}}` in a request body accepts any value, including negative and absurdly large ones ({{where}}): no `Field(ge=…/gt=…, le=…)`, constrained type or validator bounds it.',
      dtoField:
        '`{{cls}}.{{field}}` is validated as a number ({{decorators}}) but has no `@Min`/`@Max`/`@IsPositive`: a client can send a negative or huge value.',
    },
    fix: 'Bound every numeric input: FastAPI `limit: int = Query(100, ge=1, le=100)`, `skip: int = Query(0, ge=0)`; pydantic `Field(gt=0, le=…)` or `PositiveInt`/`condecimal(gt=0)`; class-validator `@Min(…)`/`@Max(…)`/`@IsPositive()`; or clamp the value where it is read.',
    acceptance: 'A request with a negative amount or a limit above the maximum is answered with 422/400, and list endpoints cap their page size.',
    references: ['https://fastapi.tiangolo.com/tutorial/query-params-str-validations/#number-validations-greater-than-and-less-than-or-equal', 'https://docs.pydantic.dev/latest/concepts/fields/#numeric-constraints', 'https://github.com/typestack/class-validator#validation-decorators', 'CWE-20', 'CWE-1284', 'CWE-770'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const classes = classesByName(project);
    const requestModels = new Map<string, Route>();
    for (const route of project.inventory.runtime.routes) {
      const file = project.file(route.path);
      if (file?.kind !== 'code') continue;
      const index = file.functions.findIndex((f) => f.qualifiedName === route.handler && f.line >= route.line);
      const handler = file.functions[index];
      if (!handler) continue;
      const where = `${route.method} ${route.route}`;
      if (file.language === 'python') {
        const params = unboundedPagination(project, file, index, handler);
        if (params.length > 0) {
          report({
            messageId: 'pagination',
            data: { handler: handler.name, route: where, params: params.map((p) => `\`${p.name}: ${p.annotation ?? ''}${p.default ? ` = ${p.default.text}` : ''}\``).join(', ') },
            path: file.path,
            line: handler.line,
            confidence: 'high',
          });
        }
        for (const p of handler.params) {
          for (const name of (p.annotation ?? '').match(/[A-Z]\w*/g) ?? []) if (!requestModels.has(name)) requestModels.set(name, route);
        }
      }
    }
    const reported = new Set<string>();
    for (const [name, route] of requestModels) {
      for (const { file, cls } of pydanticChain(name, classes)) {
        for (const field of cls.fields) {
          const key = `${file.path}:${field.line}`;
          if (reported.has(key) || !MONEY_QTY.test(field.name) || !PY_NUMERIC.test(field.annotation ?? '')) continue;
          if (PY_BOUNDED_TYPE.test(field.annotation ?? '') || (field.value && BOUND_KW.test(field.value.text)) || validated(file, cls, field.name)) continue;
          reported.add(key);
          report({
            messageId: 'modelField',
            data: { cls: cls.name, field: field.name, annotation: field.annotation ?? '', where: `used by ${route.method} ${route.route}${cls.name === name ? '' : ` through \`${name}\``}` },
            path: file.path,
            line: field.line,
            severity: MONEY.test(field.name) ? 'medium' : 'low',
          });
        }
      }
    }
    checkDtos(project, report);
    creditValidation(project, strength);
  },
});
