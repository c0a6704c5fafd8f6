import { defineRule } from '../../../engine/rule.js';
import type { Route } from '../../../project/inventory/runtime.js';
import type { Project } from '../../../project/project.js';
import { inDevOnlyBranch } from '../../../project/knowledge/dev-only.js';
import { isDevOnlyPath } from '../shared.js';
import { dependencyAliases, globalAuth, judgeViewClass, routeGuarded, routePublicMarked, type GlobalAuth } from '../auth-checks.js';

type MessageId = 'siblingsGuarded' | 'elsewhereGuarded';

/** One route as judged here. */
interface Judged {
  path: string;
  line: number;
  method: string;
  route: string;
  handler: string;
  framework: string;
  /** Routes of one router, blueprint, controller or urls module. */
  group: string;
  guarded: boolean;
  /** Public on purpose: marked so, or an auth flow (login, signup, password reset, webhook, health …). */
  public: boolean;
  write: boolean;
  reads: boolean;
}

const WRITE = /POST|PUT|PATCH|DELETE/;
/** Above this many weakly-evidenced gaps, the service's auth scheme is evidently not understood: report none. */
const MAX_WEAK = 5;

/** Path segments and handler words of routes that must be reachable without a session. */
const PUBLIC_WORDS =
  /(^|[/_.\-{<:])(login|logout|log-?in|sign-?in|sign_in|sign-?up|sign_up|register|registration|token|tokens|refresh|password|passwords|forgot|reset|recover|recovery|confirm|confirmation|verify|verification|activate|activation|callback|webhook|webhooks|hook|hooks|oauth|oauth2|sso|saml|openid|csrf|magic|unsubscribe|subscribe|newsletter|contact|health|healthz|ready|readyz|live|livez|ping|metrics|docs|openapi|swagger|redoc|static|assets|public|favicon|robots|version)([/_.\-}>]|$)/i;
/** Controllers and route files that hold the authentication flow itself. */
const AUTH_GROUP = /(^|[/_.-])(auth|authentication|login|account|accounts|session|sessions|registration|signup|oauth|sso)([/_.-]|$)/i;
/** `POST /users` with no session: self-registration. */
const REGISTRATION = /\/(users|accounts|members|customers|signups)\/?$/i;
const PATH_PARAM = /[{:<]|\(\?P</;

function snake(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

function isPublicByDesign(route: string, handler: string, group: string, method: string): boolean {
  if (PUBLIC_WORDS.test(route) || PUBLIC_WORDS.test(`.${snake(handler)}.`.replace(/_/g, '.'))) return true;
  if (!PATH_PARAM.test(route) && method.includes('POST') && (AUTH_GROUP.test(group) || REGISTRATION.test(route))) return true;
  return false;
}

function groupOf(route: Route): string {
  return `${route.path}#${route.owner ?? route.handler.split('.')[0] ?? ''}`;
}

/** Django URLconf entries and DRF router registrations, judged through their view classes. */
function djangoRoutes(project: Project, drfDefaultGuarded: boolean): Judged[] {
  const out: Judged[] = [];
  const entries: Array<{ path: string; line: number; route: string; view: string }> = [];
  for (const r of project.inventory.runtime.routes) {
    if (r.framework !== 'django' && r.framework !== 'django-rest-framework') continue;
    const view = /(\w+)\.as_view\(/.exec(r.handler)?.[1];
    if (view) entries.push({ path: r.path, line: r.line, route: r.route, view });
  }
  for (const file of project.code({ languages: ['python'] })) {
    if (!file.calls.some((c) => /(^|\.)(DefaultRouter|SimpleRouter)$/.test(c.callee))) continue;
    for (const call of file.calls) {
      const view = call.args[1];
      if (!/\.register$/.test(call.callee) || call.args[0]?.kind !== 'string' || view?.kind !== 'identifier') continue;
      entries.push({ path: file.path, line: call.line, route: `/${String(call.args[0].value).replace(/^\^|\$$/g, '')}`, view: view.text });
    }
  }
  for (const e of entries) {
    const judged = judgeViewClass(project, e.view, drfDefaultGuarded);
    if (!judged) continue;
    out.push({
      path: e.path,
      line: e.line,
      method: 'ANY',
      route: e.route,
      handler: e.view,
      framework: judged.drf ? 'django-rest-framework' : 'django',
      group: e.path,
      guarded: judged.guarded,
      public: judged.public || isPublicByDesign(e.route, e.view, e.path, judged.write ? 'POST' : 'GET'),
      write: judged.write,
      reads: !judged.write,
    });
  }
  return out;
}

/** An inline handler that only refuses (`ctx.status = 405`, `ctx.throw(500)`, `res.sendStatus(404)`): it changes nothing. */
const REFUSING_HANDLER = /status\s*=\s*(404|405|501)\b|\.throw\(\s*\d{3}|sendStatus\(\s*(404|405|501)\s*\)|status\(\s*(404|405|501)\s*\)|method not allowed/i;

function refusesOnly(project: Project, r: Route): boolean {
  if (r.handler !== '(inline)') return false;
  const file = project.file(r.path);
  const call = file?.kind === 'code' ? file.calls.find((c) => c.line === r.line && c.args[0]?.kind === 'string') : undefined;
  const handler = call?.args[call.args.length - 1];
  return handler?.kind === 'lambda' && REFUSING_HANDLER.test(handler.text);
}

/** A route registered inside `if (isDev)` or `if settings.DEBUG:` exists only on a developer's machine. */
function devOnlyRoute(project: Project, r: Route): boolean {
  const file = project.file(r.path);
  return file?.kind === 'code' && inDevOnlyBranch(file, r.line);
}

function judgeRoutes(project: Project, covered: (r: Route) => boolean, drfDefaultGuarded: boolean): Judged[] {
  const aliases = dependencyAliases(project);
  const out: Judged[] = [];
  for (const r of project.inventory.runtime.routes) {
    if (r.framework === 'django' || r.framework === 'django-rest-framework') continue;
    // A router included only under a condition (development, a feature flag) is not judged as exposed.
    if (r.includedWhen || isDevOnlyPath(r.path) || devOnlyRoute(project, r) || refusesOnly(project, r)) continue;
    const group = groupOf(r);
    out.push({
      path: r.path,
      line: r.line,
      method: r.method,
      route: r.route,
      handler: r.handler,
      framework: r.framework,
      group,
      guarded: covered(r) || routeGuarded(r, aliases, project),
      public: routePublicMarked(r) || isPublicByDesign(r.route, r.handler, group, r.method),
      write: WRITE.test(r.method),
      reads: /GET/.test(r.method),
    });
  }
  return [...out, ...djangoRoutes(project, drfDefaultGuarded)];
}

function handlerName(j: Judged): string {
  return j.handler === '(inline)' ? 'inline handler' : j.handler;
}

function describe(j: Judged): string {
  return `${j.method === 'ANY' ? '' : `${j.method} `}${j.route}`;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC003',
    name: 'route-without-authentication',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    title: 'Route without authentication',
    description: 'A web route that changes or reads user data with no authentication, where the same router or application protects its other routes.',
    archetypes: ['service'],
    nonGoal: 'Only multi-user services are judged: a CLI, a local dev server or a static file server serves whoever runs it, by design.',
    nonGoalFor: { library: 'A library that declares routes leaves authentication to the application that mounts them: whoever mounts the router decides who may call it.' },
    messages: {
      siblingsGuarded: '`{{route}}` ({{handler}}) requires no authentication, while other routes in this {{unit}} do ({{guarded}} of them, e.g. line {{example}}): anyone can call it.',
      elsewhereGuarded: '`{{route}}` ({{handler}}) changes data and requires no authentication, while the service protects routes elsewhere (e.g. {{example}}); if it is public on purpose, mark it so.',
    },
    fix: 'Add the authentication the neighbouring routes use (a guard, dependency, decorator or middleware), or apply auth once at the router/app level and mark the few public routes explicitly (`@Public()`, `AllowAny`).',
    acceptance: 'Every route that reads or changes user data requires an authenticated caller; public routes are explicit and few.',
    references: ['CWE-306: Missing Authentication for Critical Function', 'CWE-862: Missing Authorization', 'OWASP API Security Top 10 2023: API2 Broken Authentication, API5 Broken Function Level Authorization'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report, strength }) {
    const globals = globalAuth(project);
    const coveredBy = (r: Route): GlobalAuth | undefined =>
      globals.find((g) => g.frameworks.includes(r.framework) && (project.componentOf(g.path)?.path ?? '.') === (project.componentOf(r.path)?.path ?? '.'));
    const drfDefaultGuarded = globals.some((g) => g.frameworks.includes('django-rest-framework'));
    const judged = judgeRoutes(project, (r) => coveredBy(r) !== undefined, drfDefaultGuarded);
    for (const g of globals) {
      const count = judged.filter((j) => g.frameworks.includes(j.framework)).length;
      if (count > 0) strength({ title: 'Authentication applied app-wide', message: `Authentication is applied once for the whole application (${g.detail}), covering ${count} routes.`, path: g.path, line: g.line });
    }
    const anyGuarded = judged.filter((j) => j.guarded);
    const weak: Array<{ j: Judged; elsewhere: Judged }> = [];
    for (const j of judged) {
      if (j.guarded || j.public) continue;
      const siblings = judged.filter((s) => s !== j && s.group === j.group && s.guarded && (j.write || s.reads));
      if (siblings.length > 0 && (j.write || PATH_PARAM.test(j.route))) {
        const first = siblings[0] as Judged;
        report({
          messageId: 'siblingsGuarded',
          data: { route: describe(j), handler: handlerName(j), guarded: siblings.length, unit: j.framework === 'nestjs' ? 'controller' : j.framework.startsWith('django') ? 'URLconf' : 'router', example: first.line },
          path: j.path,
          line: j.line,
          related: [{ path: first.path, line: first.line }],
          // Reading one record without a login is often the design (a public article next to a personal feed):
          // worth a look, not a high.
          ...(j.write ? {} : { severity: 'medium' as const, confidence: 'low' as const }),
        });
        continue;
      }
      const elsewhere = anyGuarded.find((g) => g.group !== j.group);
      if (j.write && elsewhere) weak.push({ j, elsewhere });
    }
    // Many unprotected routers in a service that protects others: auth is applied in a way not understood here
    // (a base class, a decorator factory, a gateway). Silence beats a guess.
    if (weak.length <= MAX_WEAK) {
      for (const { j, elsewhere } of weak) {
        report({
          messageId: 'elsewhereGuarded',
          data: { route: describe(j), handler: handlerName(j), example: `${elsewhere.path}:${elsewhere.line}` },
          path: j.path,
          line: j.line,
          related: [{ path: elsewhere.path, line: elsewhere.line }],
          severity: 'medium',
          confidence: 'low',
        });
      }
    }
    const writes = judged.filter((j) => j.write && !j.public);
    if (globals.length === 0 && writes.length >= 3 && writes.every((j) => j.guarded)) {
      const first = writes[0] as Judged;
      strength({ title: 'Every state-changing route requires authentication', message: `All ${writes.length} state-changing routes that are not public by design require an authenticated caller (guards, dependencies or decorators on each).`, path: first.path, line: first.line });
    }
  },
});
