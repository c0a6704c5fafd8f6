import type { CodeFacts, FunctionFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { routeHandler } from '../../../project/entry-points.js';
import type { Project } from '../../../project/project.js';
import { resolveFunctions, type FunctionRef } from '../../../project/surface/code.js';
import type { SurfaceRoute } from '../../../project/surface/model.js';
import { hasPathParameter } from '../../../project/surface/names.js';
import { byExposure, describeRoute, exposedRoutes, handlerName } from '../surface-routes.js';

type MessageId = 'siblings' | 'convention' | 'upsert';

/** Columns that say who owns a row. */
const OWNER_COLUMN = /^(user_id|owner_id|owner|author_id|created_by|creator_id|tenant_id|account_id|organization_id|org_id|workspace_id|team_id|userid|ownerid|authorid)$/i;
/** `INSERT INTO t (cols) … ON CONFLICT (key) DO UPDATE SET …`, with what follows. */
const UPSERT = /insert\s+into\s+(\w+)\s*\(([^)]*)\)[\s\S]*?on\s+conflict\s*\(([^)]*)\)\s*do\s+update\s+set\s+([\s\S]*)$/i;

interface Upsert {
  table: string;
  key: string;
  owner: string;
  takesOwnership: boolean;
  at: { path: string; line: number };
}

/** An upsert keyed on a client-chosen id whose update branch neither checks nor keeps the row's owner. */
function unguardedUpsert(file: CodeFacts, fn: FunctionFact): Upsert | undefined {
  for (const call of file.calls) {
    if (call.line < fn.line || call.line > fn.endLine) continue;
    for (const arg of call.args) {
      if (arg.kind !== 'string') continue;
      const match = UPSERT.exec(String(arg.value));
      if (!match) continue;
      const columns = (match[2] ?? '').split(',').map((c) => c.trim());
      const owner = columns.find((c) => OWNER_COLUMN.test(c));
      const key = (match[3] ?? '').trim();
      const update = match[4] ?? '';
      if (!owner || OWNER_COLUMN.test(key) || key.split(',').some((k) => OWNER_COLUMN.test(k.trim()))) continue;
      // `… DO UPDATE SET … WHERE t.user_id = EXCLUDED.user_id` keeps other users' rows out of reach.
      if (new RegExp(`\\bwhere\\b[\\s\\S]*\\b${owner}\\b`, 'i').test(update)) continue;
      return { table: match[1] ?? '', key, owner, takesOwnership: new RegExp(`\\b${owner}\\s*=\\s*excluded\\.${owner}\\b`, 'i').test(update), at: { path: file.path, line: call.line } };
    }
  }
  return undefined;
}

/** The handler and the project functions it calls directly: where the write happens. */
function reachable(project: Project, handler: FunctionRef): FunctionRef[] {
  const out: FunctionRef[] = [handler];
  for (const call of handler.file.calls) {
    if (call.line < handler.fn.line || call.line > handler.fn.endLine || call.fn !== handler.index) continue;
    for (const target of resolveFunctions(project, handler.file, call.callee).slice(0, 1)) if (!out.some((r) => r.fn === target.fn)) out.push(target);
    if (out.length > 12) break;
  }
  return out;
}

/** `/domains/admin`, `/admin/users/:id`: an administration route, whose check says nothing about the user routes beside it. */
function adminPath(path: string): boolean {
  return /(^|\/)admin(\/|$)/i.test(path);
}

function hasCheck(r: SurfaceRoute): boolean {
  return r.authz.state === 'enforced' || r.authz.state === 'placeholder' || r.authz.state === 'unknown';
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC042',
    name: 'missing-authorization-check',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Data-changing route without the authorization check its siblings have',
    description: 'An authenticated route that changes data with no role, permission or ownership check, where the other data-changing routes of its router (or most of the service) have one; or an upsert keyed on a client-chosen id that lets any user overwrite, and take over, another user\'s record.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker or library has no callers with different rights.',
    messages: {
      siblings:
        '`{{route}}` ({{handler}}) changes data with no role, permission or ownership check, while {{count}} other data-changing route{{s}} of this router check{{verb}} one (e.g. {{example}}): any authenticated caller can do it.',
      convention:
        '`{{route}}` ({{handler}}) changes data with no role, permission or ownership check, while {{count}} of the service\'s {{total}} data-changing routes check one (e.g. {{example}}): any authenticated caller can do it.',
      upsert:
        '`{{route}}` writes `{{table}}` with an upsert keyed on `{{key}}`, which the caller chooses, and the update branch {{what}} `{{owner}}`: a caller who knows another user\'s id overwrites that record{{takeover}}.',
    },
    fix: 'Add the check the sibling routes use (the same permission decorator, guard or preHandler), or scope the write to the caller: `WHERE id = $1 AND user_id = $2`, or an upsert whose update branch has `WHERE <table>.user_id = EXCLUDED.user_id`.',
    acceptance: 'A request by an authenticated user without the permission (or who does not own the record) is refused or changes nothing.',
    references: ['CWE-862: Missing Authorization', 'CWE-639: Authorization Bypass Through User-Controlled Key', 'OWASP API Security Top 10 2023: API1 Broken Object Level Authorization, API5 Broken Function Level Authorization'],
    status: 'preview',
    since: '0.2.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      const writes = routes.filter((r) => r.changesData && r.kind !== 'websocket' && !r.auth.publicByDesign && (r.auth.state === 'enforced' || r.auth.state === 'placeholder'));
      const checked = writes.filter(hasCheck);
      const conventional = writes.length >= 6 && checked.length * 2 >= writes.length;
      // A user route is compared with the user routes: the administration routes' checks set no convention for it.
      const userWrites = writes.filter((w) => !adminPath(w.path));
      const peers = checked.filter((w) => !adminPath(w.path));
      const upserts = new Set<string>();
      // Routes that take the record's id from the caller first: that is where an upsert lets them pick someone else's.
      const byId = [...writes].sort((a, b) => Number(hasPathParameter(b.path)) - Number(hasPathParameter(a.path)));
      for (const r of byId) {
        const handler = routeHandler(project, r.route);
        const upsert = handler ? reachable(project, handler).map((f) => unguardedUpsert(f.file, f.fn)).find((u) => u !== undefined) : undefined;
        if (upsert && !upserts.has(`${upsert.at.path}:${upsert.at.line}`)) {
          upserts.add(`${upsert.at.path}:${upsert.at.line}`);
          report({
            messageId: 'upsert',
            data: { route: describeRoute(r), table: upsert.table, key: upsert.key, owner: upsert.owner, what: upsert.takesOwnership ? 'sets' : 'does not check', takeover: upsert.takesOwnership ? ' and becomes its owner' : '' },
            path: upsert.at.path,
            line: upsert.at.line,
            related: [{ path: r.declared.path, line: r.declared.line }],
            severity: byExposure(surface, 'high'),
          });
          continue;
        }
        if (hasCheck(r)) continue;
        const siblings = writes.filter((s) => s !== r && s.group === r.group && hasCheck(s) && s.authz.kind !== 'ownership' && (adminPath(r.path) || !adminPath(s.path)));
        const first = siblings[0];
        if (first) {
          report({
            messageId: 'siblings',
            data: { route: describeRoute(r), handler: handlerName(r), count: siblings.length, s: siblings.length === 1 ? '' : 's', verb: siblings.length === 1 ? 's' : '', example: `${describeRoute(first)}${first.authz.by ? ` with ${first.authz.by.text.slice(0, 60)}` : ''}, line ${first.declared.line}` },
            path: r.declared.path,
            line: r.declared.line,
            related: [{ path: first.declared.path, line: first.declared.line }],
            severity: byExposure(surface, 'high'),
          });
        } else if (conventional && (adminPath(r.path) || peers.length * 2 >= userWrites.length)) {
          const example = peers.find((s) => s.authz.kind !== 'ownership') ?? peers[0];
          if (!example) continue;
          report({
            messageId: 'convention',
            data: { route: describeRoute(r), handler: handlerName(r), count: checked.length, total: writes.length, example: `${describeRoute(example)}, ${example.declared.path}:${example.declared.line}` },
            path: r.declared.path,
            line: r.declared.line,
            related: [{ path: example.declared.path, line: example.declared.line }],
            severity: 'medium',
            confidence: 'low',
          });
        }
      }
    }
  },
});
