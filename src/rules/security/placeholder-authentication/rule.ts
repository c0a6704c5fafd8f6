import { defineRule } from '../../../engine/rule.js';
import type { Placeholder, SurfaceRoute } from '../../../project/surface/model.js';
import { byExposure, exposedRoutes, listRoutes } from '../surface-routes.js';

type MessageId = 'authentication' | 'authorization';

interface Found {
  placeholder: Placeholder;
  routes: SurfaceRoute[];
  kind: MessageId;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC041',
    name: 'placeholder-authentication',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Authentication or authorization that is a placeholder',
    description: 'The check routes rely on returns a constant, is a stub, can never refuse a caller, falls back to a no-op implementation, or does nothing unless a setting that defaults to off is turned on.',
    archetypes: ['service'],
    nonGoal: 'A CLI, worker or library has no callers to authenticate.',
    messages: {
      authentication: 'Authentication of {{count}} route{{s}} ({{routes}}) is a placeholder: {{reason}}. Every caller gets through{{setting}}.',
      authorization: 'The authorization check of {{count}} route{{s}} ({{routes}}) is a placeholder: {{reason}}. Any authenticated caller may do what it guards{{setting}}.',
    },
    fix: 'Make the check real in the default configuration: fail closed when the setting that enables it is missing (refuse to start, or refuse requests), remove the no-op implementation from production code, and test that a request without credentials (or without the permission) is refused.',
    acceptance: 'With the configuration the repository ships, a request without valid credentials (or without the required role) is refused.',
    references: ['CWE-287: Improper Authentication', 'CWE-862: Missing Authorization', 'CWE-1188: Initialization of a Resource with an Insecure Default', 'OWASP API Security Top 10 2023: API2, API5'],
    status: 'preview',
    since: '0.2.0',
  },
  check({ project, report }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const { surface, routes } = exposedRoutes(project, component);
      const found = new Map<string, Found>();
      const note = (placeholder: Placeholder | undefined, r: SurfaceRoute, kind: MessageId): void => {
        if (!placeholder) return;
        const key = `${kind}:${placeholder.at.path}:${placeholder.at.line}`;
        const entry = found.get(key) ?? { placeholder, routes: [], kind };
        entry.routes.push(r);
        found.set(key, entry);
      };
      for (const r of routes) {
        if (r.auth.state === 'placeholder' && !r.auth.publicByDesign) note(r.auth.placeholder, r, 'authentication');
        if (r.authz.state === 'placeholder' && r.auth.state === 'enforced') note(r.authz.placeholder, r, 'authorization');
      }
      for (const { placeholder, routes: affected, kind } of found.values()) {
        const writes = affected.filter((r) => r.changesData);
        const shown = writes.length > 0 ? writes : affected;
        const setting = placeholder.setting?.at ? ` (\`${placeholder.setting.name}\` at ${placeholder.setting.at.path}:${placeholder.setting.at.line})` : '';
        report({
          messageId: kind,
          data: { count: affected.length, s: affected.length === 1 ? '' : 's', routes: listRoutes(shown, 4), reason: placeholder.reason, setting },
          path: placeholder.at.path,
          line: placeholder.at.line,
          related: [...(placeholder.setting?.at ? [placeholder.setting.at] : []), ...shown.slice(0, 3).map((r) => ({ path: r.declared.path, line: r.declared.line }))],
          severity: writes.length > 0 ? byExposure(surface, 'high') : 'medium',
        });
      }
    }
  },
});
