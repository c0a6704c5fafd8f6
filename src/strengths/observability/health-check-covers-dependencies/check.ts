import { defineStrength } from '../../../engine/strength.js';
import type { CodeFacts } from '../../../facts/types.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';

/** Calls that reach a datastore or a dependency's health: a query, a ping, a terminus health indicator. */
const DEPENDENCY_CALL = /(^|\.)(ping|pingCheck|execute|exec|query|\$queryRaw|\$queryRawUnsafe|\$runCommandRaw|raw|fetchval|fetch_one|fetchone|scalar|command|checkHeap|checkStorage|check_database|check_db|checkDatabase|checkDb|checkRedis|check_redis)$/;
/** Callees that are not dependency checks though their last segment matches (a path join, a regex, argv). */
const NOT_DEPENDENCY = /^(re|path|os\.path|subprocess|child_process|RegExp|shell|this\.route|router|app)\./;

/** The health route's handler calls a datastore or dependency check (a query, a ping, a health indicator) inside its body. */
function dependencyCheck(file: CodeFacts, route: Route): { line: number; callee: string } | undefined {
  const fn = file.functions.find((f) => f.qualifiedName === route.handler && f.line >= route.line) ?? file.functions.find((f) => f.qualifiedName === route.handler);
  if (!fn) return undefined;
  const call = file.calls.find((c) => c.line > fn.line && c.line <= fn.endLine && DEPENDENCY_CALL.test(c.callee) && !NOT_DEPENDENCY.test(c.callee));
  return call ? { line: call.line, callee: call.callee } : undefined;
}

/** django-health-check with a dependency plugin installed and its URLs mounted. */
function djangoHealthCheck(project: Project): { path: string; line: number; plugins: string[] } | undefined {
  for (const file of project.code({ languages: ['python'] })) {
    if (!file.bindings.some((b) => b.name === 'INSTALLED_APPS')) continue;
    const lines = (project.readText(file.path) ?? '').split('\n');
    const plugins = lines.flatMap((l, i) => (/^\s*["']health_check\.(db|cache|storage|contrib\.[\w.]+)["']/.test(l) ? [{ line: i + 1, name: /health_check\.([\w.]+)/.exec(l)?.[1] ?? '' }] : []));
    const first = plugins[0];
    if (!first) continue;
    const mounted = project.code({ languages: ['python'] }).some((f) => /include\(\s*["']health_check\.urls["']/.test(project.readText(f.path) ?? ''));
    if (mounted) return { path: file.path, line: first.line, plugins: plugins.map((p) => p.name) };
  }
  return undefined;
}

export default defineStrength({
  meta: {
    code: 'STR068',
    name: 'health-check-covers-dependencies',
    category: 'observability',
    title: 'The health check checks the dependencies',
    description: 'Credits a service whose health or readiness endpoint checks its dependencies (a query, a ping, a health indicator) instead of answering a constant.',
    condition:
      'A health, readiness or liveness route of the service (`/health`, `/healthz`, `/ready` …) has a handler that calls a datastore or dependency check in its body (`execute("SELECT 1")`, `$queryRaw`, `ping()`, a NestJS terminus `pingCheck`), or django-health-check is installed with a database, cache or storage plugin and its URLs are mounted.',
    archetypes: ['service'],
    opposes: [
      { rule: 'shallow-health-check', scope: 'component' },
      { rule: 'missing-health-endpoint', scope: 'component' },
    ],
    references: ['Kubernetes docs: Configure Liveness, Readiness and Startup Probes', 'NestJS docs: Health checks (Terminus)', 'django-health-check docs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const route of project.inventory.runtime.health) {
      const component = project.componentOf(route.path)?.path ?? '.';
      const file = project.file(route.path);
      if (credited.has(component) || file?.kind !== 'code') continue;
      const check = dependencyCheck(file, route);
      if (!check) continue;
      credited.add(component);
      credit({
        message: `\`${route.method} ${route.route}\` checks a dependency (\`${check.callee}\`, line ${check.line}) before it answers: an instance that has lost its database reports unhealthy and is taken out of rotation.`,
        path: route.path,
        line: route.line,
        related: [{ path: route.path, line: check.line }],
      });
    }
    const django = djangoHealthCheck(project);
    if (django && !credited.has(project.componentOf(django.path)?.path ?? '.')) {
      credit({
        message: `django-health-check is mounted with the ${django.plugins.map((p) => `\`${p}\``).join(', ')} check${django.plugins.length === 1 ? '' : 's'}: the health URL fails when a dependency does.`,
        path: django.path,
        line: django.line,
      });
    }
  },
});
