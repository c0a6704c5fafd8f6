import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import type { Project } from '../../../project/project.js';
import { sourceLines } from '../../../project/source-text.js';
import { byCodePoint } from '../../../util/order.js';

/** Who is calling, as handlers name it. */
const CALLER = '(request\\.user|req\\.user|ctx\\.state\\.user|session!?\\.(id|user|userId)|user!?\\.id|current_user(\\.id)?|currentUser(\\.id)?|request\\.auth|self\\.request\\.user)';
/** A query narrowed to the caller: `filter(owner=request.user)`, `where: { userId: user.id }`. */
const SCOPED = new RegExp(`\\b(owner|user|user_?[iI]d|userId|author|created_by|createdBy|account_?[iI]d|member)\\s*[=:]\\s*${CALLER}\\b`);
/** An explicit ownership check: `if (note.userId !== session.id) return 403`. */
const OWNER_CHECK = new RegExp(`\\b(owner|user_?[iI]d|userId|author\\w*|created_?[bB]y)\\s*(!==?|==)\\s*${CALLER}`);
const QUERY = /\.(filter|exclude|get|get_object_or_404|find\w*|update\w*|delete\w*|where|select|count|aggregate|exists)$|^get_object_or_404$/;

interface Site {
  path: string;
  line: number;
}

/** django-rules permissions (`rules.add_perm` with predicates) that views require (`permission_required`). */
function djangoRules(project: Project): Site | undefined {
  let rule: Site | undefined;
  for (const file of project.code({ languages: ['python'] })) {
    const perm = file.calls.find((c) => /(^|\.)add_perm$/.test(c.callee) && file.imports.some((i) => /^rules(\.|$)/.test(i.module)));
    if (perm) rule = { path: file.path, line: perm.line };
  }
  if (!rule) return undefined;
  const required = project.code({ languages: ['python'] }).some((f) => f.classes.some((c) => c.fields.some((x) => x.name === 'permission_required')) || f.calls.some((c) => /permission_required$/.test(c.callee)));
  return required ? rule : undefined;
}

/** Query calls and checks in route handlers and their helpers that narrow data to the caller. */
function scopedSites(project: Project, file: CodeFacts): Site[] {
  const out: Site[] = [];
  for (const call of file.calls) {
    if (!QUERY.test(call.callee)) continue;
    const args = [...call.args, ...Object.entries(call.kwargs).map(([k, v]) => ({ text: `${k}=${v.text}` }))].map((a) => a.text).join(' ');
    if (SCOPED.test(args)) out.push({ path: file.path, line: call.line });
  }
  const text = project.readText(file.path) ?? '';
  if (OWNER_CHECK.test(text)) {
    text.split('\n').forEach((l, i) => {
      if (OWNER_CHECK.test(l) && /\b403\b|Forbidden|PermissionDenied|forbidden|Access denied/i.test(sourceLines(project, file.path, i + 1, i + 6))) out.push({ path: file.path, line: i + 1 });
    });
  }
  return out;
}

export default defineStrength({
  meta: {
    code: 'STR044',
    name: 'object-level-authorization',
    category: 'security',
    title: 'Records are authorised per owner',
    description: 'Credits object-level authorisation: permission rules evaluated per object, or queries and checks that narrow records to the authenticated caller.',
    condition:
      'django-rules permissions (`rules.add_perm` with predicates) that views require (`permission_required`); or three or more places in production code where a query is narrowed to the caller (`filter(owner=request.user)`, `where: { userId: session.id }`) or a record\'s owner is compared with the caller before a 403.',
    archetypes: ['service'],
    opposes: [],
    references: ['OWASP API Security Top 10 API1:2023 Broken Object Level Authorization', 'CWE-639'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const rules = djangoRules(project);
    if (rules) credit({ message: 'Permissions are declared once as per-object rules (django-rules predicates such as owner or collaborator) and required by the views: a user can act only on the records the rules grant.', path: rules.path, line: rules.line });
    const byComponent = new Map<string, Site[]>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), ...scopedSites(project, file)]);
    }
    for (const [, sites] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = sites[0];
      if (!first || sites.length < 3 || (rules && project.componentOf(rules.path) === project.componentOf(first.path))) continue;
      credit({ message: `${sites.length} queries and checks narrow records to the authenticated caller (owner or user id in the query, or an ownership check before a 403): one user cannot read or change another's records by guessing an id.`, path: first.path, line: first.line, related: sites.slice(1, 4) });
    }
  },
});
