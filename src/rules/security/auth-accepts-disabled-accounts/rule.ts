import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';
import { linesWithoutComments } from '../../../project/surface/code.js';
import type { Where } from '../../../project/surface/model.js';
import { exposedRoutes, listRoutes } from '../surface-routes.js';
import type { SurfaceRoute } from '../../../project/surface/model.js';

type MessageId = 'lookup';

/** A user looked up by a credential the caller sends: `User.objects.filter(api_token=token)`, `findUnique({ where: { apiKey } })`. */
const CREDENTIAL_LOOKUP = /\.(filter|get|get_or_none|first|find_one|findOne|findUnique|findFirst|where|select)\s*\([^)]*\b(api_?token|api_?key|apikey|apiKey|apiToken|access_?token|accessToken|token|key_hash|token_hash|secret)\b|where\s*:\s*\{[^}]*\b(apiKey|apiToken|token|accessToken)\b|WHERE\s+\w*(token|api_key)\w*\s*=/;
/** Words of an account state check. */
const ACCOUNT_STATE = /is_?active|isActive|\bactive\b|disabled|deactivated|is_?banned|banned|blocked|suspended|deleted_?at|deletedAt|is_?deleted|locked|enabled|\.status\b(?!\s*\()|account_?status|expires?_?at|expiresAt|expired|revoked/i;
/** User models that carry an account state: Django's User always has `is_active`. */
function hasAccountState(project: Project): boolean {
  if (project.code({ languages: ['python'] }).some((f) => f.imports.some((i) => /^django\.contrib\.auth/.test(i.module)))) return true;
  const models = project.code().flatMap((f) => f.classes.filter((c) => /User|Account|Member/.test(c.name)));
  if (models.some((c) => c.fields.some((f) => ACCOUNT_STATE.test(f.name)))) return true;
  return project.presentFiles(/\.prisma$/).some((p) => /model\s+(User|Account)\s*\{[^}]*\b(isActive|active|disabled|deletedAt|banned|status)\b/s.test(project.readOtherText(p) ?? ''));
}

/** The source of the class (or function) a check lives in, comments blanked: a comment checks nothing. */
function checkSource(project: Project, at: Where): { text: string; first: number } | undefined {
  const file = project.file(at.path);
  if (file?.kind !== 'code') return undefined;
  const fn = project.functionAt(at.path, at.line);
  const cls = fn?.className ? file.classes.find((c) => c.name === fn.className) : undefined;
  const from = cls?.line ?? fn?.line;
  const to = cls?.endLine ?? fn?.endLine;
  if (from === undefined || to === undefined) return undefined;
  return { text: linesWithoutComments(project, file, from, to), first: from };
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC044',
    name: 'auth-accepts-disabled-accounts',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    title: 'Hand-written authentication that accepts disabled accounts',
    description: 'A hand-written token or API-key check looks the user up by the credential and lets them in without checking that the account is still active (not deactivated, banned, deleted or expired).',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker or library authenticates nobody.',
    messages: {
      lookup: '`{{check}}` looks the user up by the credential the caller sends and accepts them without checking the account state ({{state}}): a deactivated or banned user keeps access with an old token. Used by {{routes}}.',
    },
    fix: 'Check the account state where the credential is resolved (`is_active`, `deleted_at IS NULL`, not banned), or use the framework\'s authentication backend that does it; revoke tokens when an account is deactivated.',
    acceptance: 'After an administrator deactivates an account, requests with that account\'s token are refused.',
    references: ['CWE-613: Insufficient Session Expiration', 'CWE-287: Improper Authentication', 'https://docs.djangoproject.com/en/stable/ref/contrib/auth/#django.contrib.auth.models.User.is_active'],
    status: 'preview',
    since: '0.2.0',
  },
  check({ project, report }) {
    if (!hasAccountState(project)) return;
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { routes } = exposedRoutes(project, component);
      const byCheck = new Map<string, { at: Where; text: string; routes: SurfaceRoute[] }>();
      for (const r of routes) {
        const code = r.auth.state === 'enforced' ? (r.auth.by?.code ?? (r.auth.by?.via === 'view-class' ? r.auth.by.at : undefined)) : undefined;
        if (!code) continue;
        const key = `${code.path}:${code.line}`;
        const entry = byCheck.get(key) ?? { at: code, text: r.auth.by?.text ?? '', routes: [] };
        entry.routes.push(r);
        byCheck.set(key, entry);
      }
      for (const { at, text, routes: using } of byCheck.values()) {
        const source = checkSource(project, at);
        if (!source || !CREDENTIAL_LOOKUP.test(source.text) || ACCOUNT_STATE.test(source.text)) continue;
        const lookupLine = source.first + source.text.split('\n').findIndex((l) => CREDENTIAL_LOOKUP.test(l));
        report({
          messageId: 'lookup',
          data: { check: text.slice(0, 60), state: 'no `is_active`, `disabled`, `deleted_at` or `banned` test', routes: listRoutes(using, 3) },
          path: at.path,
          line: lookupLine,
          related: [at],
        });
      }
    }
  },
});
