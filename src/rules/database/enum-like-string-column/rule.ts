import type { ClassFact, CodeFacts, FieldFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

const ENUM_LIKE = /^(status|state|type|role|kind)$|_(status|state|role|kind)$|[a-z](Status|State|Role|Kind)$/;
const ADDRESS_FIELDS = /^(city|country|country_code|zip|zip_code|postal_code|postcode|street|address|address_line\w*|region|province)$/i;
const PY_STRING_TYPE = /\b(String|Text|Unicode|UnicodeText|VARCHAR|CHAR)\b/;

type Orm = 'SQLAlchemy' | 'SQLModel' | 'Django' | 'TypeORM';

/** Why a field is an unconstrained string column, or undefined. */
function stringColumn(file: CodeFacts, cls: ClassFact, field: FieldFact): { orm: Orm; column: string } | undefined {
  const value = field.value;
  const text = value?.text ?? '';
  if (file.language === 'python') {
    if (/\bEnum\b|choices\s*=|Literal\[/.test(text) || /\bEnum\b|Literal\[/.test(field.annotation ?? '')) return undefined;
    if (value?.kind === 'call' && /(^|\.)Column$/.test(value.callee ?? '') && PY_STRING_TYPE.test(text)) return { orm: 'SQLAlchemy', column: text };
    if (/^Mapped\[\s*(Optional\[\s*)?str\b/.test(field.annotation ?? '')) return { orm: 'SQLAlchemy', column: `${field.annotation}${value ? ` = ${text}` : ''}` };
    if (value?.kind === 'call' && /(^|\.)(CharField|TextField)$/.test(value.callee ?? '') && cls.bases.some((b) => /(^|\.)Model$/.test(b))) return { orm: 'Django', column: text };
    const table = cls.keywords['table'];
    if (table?.kind === 'bool' && table.value === true && /^(str|Optional\[str\]|str \| None|None \| str)$/.test(field.annotation ?? '')) return { orm: 'SQLModel', column: `${field.name}: ${field.annotation}${value ? ` = ${text}` : ''}` };
    return undefined;
  }
  const column = field.decorators.find((d) => d.name === 'Column');
  if (!column || !cls.decorators.some((d) => d.name === 'Entity')) return undefined;
  if (column.args.some((a) => /\benum\b/.test(a.text)) || !/^string(\s*\|\s*null)?$/.test(field.annotation ?? '')) return undefined;
  return { orm: 'TypeORM', column: column.text };
}

/** The full source of a field definition: from its line until brackets balance (facts clip long values). */
function fieldSource(project: Project, path: string, line: number): string {
  const lines = (project.readText(path) ?? '').split('\n');
  let depth = 0;
  const out: string[] = [];
  for (let i = line - 1; i < lines.length && i < line + 30; i++) {
    const text = lines[i] ?? '';
    out.push(text);
    for (const ch of text) depth += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
    if (depth <= 0 && !/^\s*@/.test(text)) break;
  }
  return out.join('\n');
}

function constrained(project: Project, file: CodeFacts, cls: ClassFact, name: string): boolean {
  const text = project.readText(file.path);
  if (!text) return false;
  const body = text.split('\n').slice(cls.line - 1, cls.endLine).join('\n');
  return /CheckConstraint|\bCheck\(/.test(body) && new RegExp(`\\b${name}\\b[^\\n]*\\bIN\\b|\\b${name}__in\\b|\\b${name}\\s+IN\\b`, 'i').test(body);
}

export default defineRule({
  meta: {
    code: 'DB006',
    name: 'enum-like-string-column',
    category: 'database',
    severity: 'low',
    confidence: 'medium',
    title: 'Enum-like column stored as free text',
    description: 'A `status`/`state`/`type`/`role`/`kind` column is a plain string with no enum type, CHECK constraint or choices.',
    archetypes: ['service', 'worker', 'cli'],
    messages: {
      freeText:
        '{{orm}} column `{{cls}}.{{name}}` is a free string ({{column}}): nothing stops a typo or an unknown value from being stored, and code that branches on it silently falls through.',
    },
    fix: 'Store it as an enum (SQLAlchemy `Enum(MyEnum)`, SQLModel field typed with a `str` Enum, Django `choices=`/`TextChoices`, TypeORM `{ type: "enum", enum: X }`) or add a CHECK constraint listing the allowed values.',
    acceptance: 'The column only accepts the known values, enforced by the database or the model layer.',
    references: ['https://docs.sqlalchemy.org/en/20/core/type_basics.html#sqlalchemy.types.Enum', 'https://docs.djangoproject.com/en/stable/ref/models/fields/#choices', 'https://typeorm.io/docs/entity/entities/#enum-column-type', 'CWE-20'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.code()) {
      if (file.role !== 'source') continue;
      for (const cls of file.classes) {
        const isAddress = cls.fields.some((f) => ADDRESS_FIELDS.test(f.name));
        for (const field of cls.fields) {
          if (!ENUM_LIKE.test(field.name) || (isAddress && /state/i.test(field.name))) continue;
          const hit = stringColumn(file, cls, field);
          if (!hit || constrained(project, file, cls, field.name) || /\bEnum\b|choices\s*=|\benum\s*:/.test(fieldSource(project, file.path, field.line))) continue;
          report({ messageId: 'freeText', data: { orm: hit.orm, cls: cls.name, name: field.name, column: `\`${hit.column.slice(0, 80)}\`` }, path: file.path, line: field.line });
        }
      }
    }
  },
});
