import { defineStrength } from '../../../engine/strength.js';
import { surfaceOf } from '../../../project/surface/index.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';
import { APPLIED_ONCE } from '../../../project/surface/model.js';

/** Names inside `Depends(x)`, `Security(x)`, `UseGuards(X)` and decorators of a route. */
function guardNames(route: Route): string[] {
  const texts = [...route.guards, ...route.params];
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\b(?:Depends|Security|UseGuards)\(\s*([\w.]+)/g)].map((m) => (m[1] ?? '').split('.').pop() ?? '')))].filter(Boolean);
}

/** A guard with a variant that lets everyone in: a function of that name that is a stub or whose whole body returns True. */
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
    description: 'Credits a service whose every state-changing route (three or more, not public by design) requires an authenticated caller.',
    condition:
      'In the service surface, the component has three or more routes that change data and are not public by design (login, sign-up, webhooks, health …), and on every one of them authentication is enforced (a guard, dependency, decorator, hook or middleware that refuses callers without valid credentials; a placeholder that always lets the caller in does not count).',
    archetypes: ['service'],
    opposes: [{ rule: 'route-without-authentication', scope: 'component' }],
    references: ['OWASP ASVS 4.1.1', 'CWE-306'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const component of project.components) {
      if (component.archetype !== 'service') continue;
      const routes = surfaceOf(project, component).routes;
      // Authentication applied once for many routes is credited by authentication-enforced-centrally.
      if (routes.some((r) => r.auth.state === 'enforced' && (r.auth.all ?? []).some((p) => APPLIED_ONCE.has(p.via)))) continue;
      const writes = routes.filter((r) => r.changesData && r.auth.publicByDesign === undefined && r.conditional === undefined);
      const first = writes[0];
      if (!first || writes.length < 3 || !writes.every((r) => r.auth.state === 'enforced')) continue;
      if (writes.some((r) => guardNames(r.route).some((g) => switchedOff(project, g)))) continue;
      credit({
        message: `All ${writes.length} state-changing routes that are not public by design require an authenticated caller.`,
        path: first.declared.path,
        line: first.declared.line,
      });
    }
  },
});
