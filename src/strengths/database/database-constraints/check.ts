import { defineStrength } from '../../../engine/strength.js';
import { byCodePoint } from '../../../util/order.js';

/** Declarations that make the database itself refuse bad rows: CHECK constraints and database enums. */
const CALL = /(^|\.)(CheckConstraint|CheckConstraints|Check)$|(^|\.)Enum$/;
const SQL = /\bCHECK\s*\(|\bCREATE\s+TYPE\s+\w+\s+AS\s+ENUM\b/i;

export default defineStrength({
  meta: {
    code: 'STR054',
    name: 'database-constraints',
    category: 'database',
    title: 'Rules enforced by the database',
    description: 'Credits CHECK constraints and database enum types declared in models or migrations, so the database itself refuses invalid rows.',
    condition:
      'Production code or migrations declare CHECK constraints (SQLAlchemy/Django `CheckConstraint`, TypeORM `@Check`, `CHECK (…)` in SQL) or database enum types (SQLAlchemy `Enum` columns, `CREATE TYPE … AS ENUM`, Prisma `enum`); two or more declarations in the component.',
    archetypes: ['service', 'worker', 'cli', 'library'],
    opposes: [{ rule: 'enum-like-string-column', scope: 'component' }],
    references: ['PostgreSQL docs: Constraints', 'Martin Kleppmann: Designing Data-Intensive Applications, ch. 7'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const byComponent = new Map<string, Array<{ path: string; line: number }>>();
    const add = (path: string, line: number): void => {
      const component = project.componentOf(path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), { path, line }]);
    };
    for (const file of project.code()) {
      const orm = file.imports.some((i) => /^(sqlalchemy|sqlmodel|django\.db|typeorm|sequelize|peewee|alembic|mikro-orm|@mikro-orm)/.test(i.module));
      if (!orm) continue;
      for (const call of file.calls) {
        if (!CALL.test(call.callee)) continue;
        if (/(^|\.)Enum$/.test(call.callee) && !file.imports.some((i) => /^(sqlalchemy|sqlmodel|alembic)/.test(i.module))) continue;
        add(file.path, call.line);
      }
      for (const fn of file.functions) for (const d of fn.decorators) if (/^Check$/.test(d.name)) add(file.path, d.line);
      for (const cls of file.classes) for (const d of cls.decorators) if (/^Check$/.test(d.name)) add(file.path, d.line);
    }
    for (const path of project.paths()) {
      if (!/\.(sql|prisma)$/.test(path) || /(^|\/)(tests?|fixtures?|examples?|docs?)\//.test(path)) continue;
      const text = project.readText(path);
      if (text === null) continue;
      text.split('\n').forEach((l, i) => {
        if (SQL.test(l) || (path.endsWith('.prisma') && /^\s*enum\s+\w+\s*\{/.test(l))) add(path, i + 1);
      });
    }
    for (const [, sites] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = sites[0];
      if (!first || sites.length < 2) continue;
      credit({ message: `${sites.length} CHECK constraints and enum types are declared in the schema: the database itself refuses an invalid status or a negative amount, whatever code writes it.`, path: first.path, line: first.line, related: sites.slice(1, 3) });
    }
  },
});
