import { defineStrength } from '../../../engine/strength.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';
import { globalAuth, judgeRoutes } from '../../../rules/security/auth-checks.js';
import { byCodePoint } from '../../../util/order.js';

/** Names inside `Depends(x)`, `Security(x)`, `UseGuards(X)` and decorators of a route. */
function guardNames(route: Route): string[] {
  const texts = [...route.guards, ...route.params];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\b(?:Depends|Security|UseGuards)\(\s*([\w.]+)/g)].map((m) => (m[1] ?? '').split('.').pop() ?? '')))].filter(Boolean);
}

/** A guard with a variant that lets everyone in: a function of that name whose whole body returns True. */
function switchedOff(project: Project, name: string): boolean {
  for (const file of project.code()) {
    for (const fn of file.functions) {
      if (fn.name !== name) continue;
      if (fn.stub !== undefined) return true;
      const body = (project.readText(file.path) ?? '').split('\n').slice(fn.line, fn.endLine).join('\n');
      if (fn.statements <= 2 && /^\s*return\s+(True|true)\b/m.test(body) && !/\braise\b|\bthrow\b/.test(body)) return true;
    }
  }
  return false;
}

export default defineStrength({
  meta: {
    code: 'STR034',
    name: 'write-routes-authenticated',
    category: 'security',
    title: 'Every state-changing route requires authentication',
    description: 'Credits a service whose every state-changing route (three or more, not public by design) carries its own authentication guard, dependency or decorator.',
    condition:
      'No app-wide authentication applies, the service has three or more POST/PUT/PATCH/DELETE routes that are not public by design (login, sign-up, webhooks, health …), every one of them has an authentication guard, dependency or decorator, and no guard has a variant that always lets the caller in (`def authenticated(): return True` when auth is switched off).',
    archetypes: ['service'],
    opposes: [{ rule: 'route-without-authentication', scope: 'component' }],
    references: ['OWASP ASVS 4.1.1', 'CWE-306'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    if (globalAuth(project).length > 0) return;
    const judged = judgeRoutes(project, () => false, false);
    const byComponent = new Map<string, typeof judged>();
    for (const j of judged) {
      if (!j.write || j.public) continue;
      const component = project.componentOf(j.path)?.path ?? '.';
      byComponent.set(component, [...(byComponent.get(component) ?? []), j]);
    }
    const routes = project.inventory.runtime.routes;
    for (const [, writes] of [...byComponent.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
      const first = writes[0];
      if (!first || writes.length < 3 || !writes.every((j) => j.guarded)) continue;
      const guards = new Set(
        writes.flatMap((j) => {
          const route = routes.find((r) => r.path === j.path && r.line === j.line);
          return route ? guardNames(route) : [];
        }),
      );
      if ([...guards].some((g) => switchedOff(project, g))) continue;
      credit({ message: `All ${writes.length} state-changing routes that are not public by design require an authenticated caller (a guard, dependency or decorator on each).`, path: first.path, line: first.line });
    }
  },
});
