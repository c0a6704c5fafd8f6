/**
 * How a route is protected, read from the route inventory and the code around it: guards, dependencies,
 * decorators, middleware, Django/DRF views and their permission classes, and app-wide guards.
 */
import type { ClassFact, CodeFacts } from '../../facts/types.js';
import type { Project } from '../../project/project.js';
import type { Route } from '../../project/inventory/runtime.js';

/** Words that name an authentication or authorisation check (guards, dependencies, decorators, middleware). */
const AUTH =
  /auth|login_?required|logged_?in|jwt|token|current_?user|permission|guard|requires?_?(user|login|admin|role|scope)|verify_?(user|token|key|api)|api_?key|oauth|bearer|\bSecurity\(|signed_?in|passport|\broles?\b|admin|superuser|staff|principal/i;
/** Names that contain an auth word but are not a check: CSRF tokens, routers of auth routes, security headers. */
const NOT_AUTH = /\w*csrf\w*|\w*(Controller|Router|Routes|routes|router|Module)\b|helmet\([\s\S]*|\w*Throttl\w*/gi;

/** Markers that a route is public on purpose: `@Public()`, `AllowAny`, `auth.optional`, `@AllowAnonymous`. */
const EXPLICITLY_PUBLIC = /(^|\W)(Public|AllowAny|AllowAnonymous|Anonymous|SkipAuth|NoAuth|IsPublic|optional)\b/i;

/** Middleware that authenticates every request it sees: `app.use(auth)`, `passport.authenticate('jwt')`, `expressjwt({…})`. */
const GLOBAL_AUTH =
  /^(auth|authenticate|authentication|authorize|authorization|requireAuth\w*|ensureAuth\w*|ensureLoggedIn|isAuthenticated|isLoggedIn|checkJwt|verifyJwt|verifyToken|jwtAuth\w*|jwt|expressjwt|expressJwt|koaJwt|passport\.authenticate|basicAuth|bearerAuth|apiKeyAuth|requireUser|requireLogin|loginRequired|authMiddleware|authGuard|fastify\.authenticate)\b/i;
/** Mounting a router of auth routes, starting passport, or handling errors is not authenticating. */
const NOT_MIDDLEWARE = /\.routes\(|Router|router|Controller|\.initialize\(|\.session\(|Error|Handler/;

/** Calls by which a request hook turns a caller away. */
const REFUSES = /(^|\.)(abort|Unauthorized|Forbidden|unauthorized|redirect|login_required|verify_jwt_in_request|verify_\w+|authenticate|check_auth\w*)$/;

/** Decorators that only document or shape a NestJS route; they protect nothing. */
const NOT_A_GUARD = /^@?(Api[A-Z]\w*|SerializeOptions|HttpCode|Header|Redirect|Render|Version|UseInterceptors|UsePipes|UseFilters|Throttle|SkipThrottle)\b/;

/** DRF permission classes that let anyone in. */
const OPEN_PERMISSIONS = /^\(?\[?\s*(AllowAny|permissions\.AllowAny)?\s*,?\s*\]?\)?$/;

export function isAuthGuard(text: string): boolean {
  if (NOT_A_GUARD.test(text) || isExplicitlyPublic(text)) return false;
  const useGuards = /UseGuards\(([\s\S]*)\)/.exec(text);
  if (useGuards) return (useGuards[1] ?? '').split(',').some((g) => g.trim() !== '' && !/Throttl/i.test(g));
  return AUTH.test(text.replace(NOT_AUTH, ''));
}

export function isExplicitlyPublic(text: string): boolean {
  return EXPLICITLY_PUBLIC.test(text) && !/UseGuards/.test(text);
}

/** FastAPI `CurrentUser = Annotated[User, Depends(get_current_user)]`: alias name → its definition. */
export function dependencyAliases(project: Project): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of project.code({ languages: ['python'] })) {
    for (const b of file.bindings) if (b.fn === -1 && b.via === 'assign' && /\b(Depends|Security)\(/.test(b.value.text)) out.set(b.name, b.value.text);
  }
  return out;
}

/** Class-based FastAPI views (`@controller(router) class X(BaseUserController)`): a class field `user = Depends(get_current_user)` here or in a base class. */
function classDependencyGuarded(project: Project, className: string, aliases: ReadonlyMap<string, string>): boolean {
  const queue = [className];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < 12) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const cls = findClass(project, name)?.cls;
    if (!cls) continue;
    const guarded = cls.fields.some((f) => {
      const text = `${f.annotation ?? ''} ${f.value?.text ?? ''}`;
      const alias = aliases.get((f.annotation ?? '').replace(/^Annotated\[|\]$/g, ''));
      return (/\b(Depends|Security)\(/.test(text) && AUTH.test(text)) || (alias !== undefined && AUTH.test(alias));
    });
    if (guarded) return true;
    queue.push(...cls.bases.map((b) => b.split('.').pop() ?? b));
  }
  return false;
}

/** The route's guards and dependency parameters include an authentication check. */
export function routeGuarded(route: Route, aliases: ReadonlyMap<string, string>, project?: Project): boolean {
  if (route.guards.some(isAuthGuard)) return true;
  const className = route.handler.includes('.') ? route.handler.split('.')[0] : undefined;
  if (project && className && route.framework !== 'nestjs' && classDependencyGuarded(project, className, aliases)) return true;
  return route.params.some((p) => {
    if (/\b(Depends|Security)\(/.test(p) && AUTH.test(p.replace(/OAuth2PasswordRequestForm/g, ''))) return true;
    const alias = aliases.get(p.replace(/^Annotated\[|\]$/g, ''));
    return alias !== undefined && AUTH.test(alias);
  });
}

export function routePublicMarked(route: Route): boolean {
  return route.guards.some(isExplicitlyPublic);
}

/** Where auth is applied to everything at once, if anywhere: the location and what it is. */
export interface GlobalAuth {
  path: string;
  line: number;
  detail: string;
  /** Frameworks it covers. */
  frameworks: readonly string[];
}

function djangoGlobalAuth(project: Project): GlobalAuth | undefined {
  for (const file of project.code({ languages: ['python'] })) {
    const text = project.readText(file.path) ?? '';
    if (!/DEFAULT_PERMISSION_CLASSES|LoginRequiredMiddleware/.test(text)) continue;
    const lines = text.split('\n');
    const index = lines.findIndex((l) => /LoginRequiredMiddleware/.test(l) && !/^\s*#/.test(l));
    if (index !== -1) return { path: file.path, line: index + 1, detail: 'LoginRequiredMiddleware', frameworks: ['django', 'django-rest-framework'] };
    const start = lines.findIndex((l) => /DEFAULT_PERMISSION_CLASSES/.test(l));
    const block = lines.slice(start, start + 6).join(' ');
    const value = /DEFAULT_PERMISSION_CLASSES['"]?\s*:\s*[([]([^)\]]*)[)\]]/.exec(block)?.[1] ?? '';
    if (value.trim() !== '' && !/AllowAny/.test(value)) return { path: file.path, line: start + 1, detail: `DRF DEFAULT_PERMISSION_CLASSES ${value.trim()}`, frameworks: ['django-rest-framework'] };
  }
  return undefined;
}

/** App-wide authentication: NestJS APP_GUARD / useGlobalGuards, Express/Koa `app.use(auth)`, Flask `before_request`, Django/DRF settings. */
export function globalAuth(project: Project): GlobalAuth[] {
  const out: GlobalAuth[] = [];
  for (const file of project.code()) {
    const appGuard = file.imports.find((i) => i.module === '@nestjs/core' && i.names.includes('APP_GUARD'));
    if (appGuard) out.push({ path: file.path, line: appGuard.line, detail: 'APP_GUARD provider', frameworks: ['nestjs'] });
    for (const call of file.calls) {
      if (/\.useGlobalGuards$/.test(call.callee) && call.args.some((a) => !/Throttl/.test(a.text))) out.push({ path: file.path, line: call.line, detail: `${call.callee}(…)`, frameworks: ['nestjs'] });
      if (/(^|\.)(use|addHook)$/.test(call.callee) && call.args.some((a) => a.kind !== 'string' && GLOBAL_AUTH.test(a.text) && !NOT_MIDDLEWARE.test(a.text) && !isExplicitlyPublic(a.text))) {
        out.push({ path: file.path, line: call.line, detail: `${call.callee}(${call.args.map((a) => a.text).join(', ').slice(0, 60)})`, frameworks: ['express', 'koa', 'fastify', 'hono'] });
      }
      if (/(^|\.)before_request$/.test(call.callee) && call.args.some((a) => AUTH.test(a.text))) out.push({ path: file.path, line: call.line, detail: `${call.callee}(…)`, frameworks: ['flask', 'quart'] });
      if (/(^|\.)add_middleware$/.test(call.callee) && /Auth/i.test(call.args[0]?.text ?? '')) out.push({ path: file.path, line: call.line, detail: `${call.callee}(${call.args[0]?.text ?? ''})`, frameworks: ['fastapi', 'starlette'] });
    }
    file.functions.forEach((fn, index) => {
      const hook = fn.decorators.find((d) => /(^|\.)(before_request|before_app_request)$/.test(d.name));
      // A hook that only reads the session (`if current_user.is_authenticated: …`) protects nothing: it must refuse.
      const refuses = file.calls.some((c) => c.fn === index && REFUSES.test(c.callee));
      if (hook && refuses) out.push({ path: file.path, line: hook.line, detail: `@${hook.name} ${fn.name}`, frameworks: ['flask', 'quart'] });
    });
  }
  const django = djangoGlobalAuth(project);
  if (django) out.push(django);
  return out;
}

const pythonClasses = new WeakMap<Project, Map<string, { file: CodeFacts; cls: ClassFact }>>();

/** A Django view class by name (the last segment of `views.ArticleView.as_view()`), with its file: the first one defined, in path order. */
export function findClass(project: Project, name: string): { file: CodeFacts; cls: ClassFact } | undefined {
  let byName = pythonClasses.get(project);
  if (!byName) {
    byName = new Map();
    for (const file of project.code({ languages: ['python'] })) for (const cls of file.classes) if (!byName.has(cls.name)) byName.set(cls.name, { file, cls });
    pythonClasses.set(project, byName);
  }
  return byName.get(name);
}

const DRF_WRITE_BASES = /(Create|Update|Destroy|ModelViewSet|ListCreate|RetrieveUpdate|FormView|CreateView|UpdateView|DeleteView)/;
const WRITE_METHODS = /^(post|put|patch|delete|create|update|partial_update|destroy|perform_create|perform_update|perform_destroy|form_valid)$/;

export interface ViewJudgement {
  guarded: boolean;
  public: boolean;
  write: boolean;
  line: number;
  /** A Django REST framework view (DRF's default permission classes apply). */
  drf: boolean;
}

/** Django and DRF base classes whose code is not in the project but whose behaviour is known (no auth of their own). */
const FRAMEWORK_BASES = /^(View|TemplateView|RedirectView|ListView|DetailView|CreateView|UpdateView|DeleteView|FormView|APIView|GenericAPIView|ViewSet|GenericViewSet|ModelViewSet|ReadOnlyModelViewSet|object|(generic|generics|viewsets|mixins|views|edit|detail|list)\.\w+|\w+(Create|List|Retrieve|Update|Destroy)\w*(APIView|Mixin))$/;
const AUTH_MIXIN = /(LoginRequired|PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired|Access)Mixin$/;

/**
 * Django class-based view or DRF view: permission classes and auth mixins decide, through every base class the
 * project defines. Undefined when the class or one of its bases cannot be read (a third-party base may check auth).
 */
export function judgeViewClass(project: Project, name: string, drfDefaultGuarded: boolean): ViewJudgement | undefined {
  const found = findClass(project, name);
  if (!found) return undefined;
  const ancestry: ClassFact[] = [];
  const queue: ClassFact[] = [found.cls];
  let unknownBase = false;
  let mixinGuard = false;
  while (queue.length > 0 && ancestry.length < 12) {
    const cls = queue.shift() as ClassFact;
    if (ancestry.includes(cls)) continue;
    ancestry.push(cls);
    for (const base of cls.bases) {
      const short = base.split('.').pop() ?? base;
      if (AUTH_MIXIN.test(short)) mixinGuard = true;
      const defined = findClass(project, short)?.cls;
      if (defined) queue.push(defined);
      else if (!FRAMEWORK_BASES.test(base) && !FRAMEWORK_BASES.test(short) && !/^(metaclass|abc\.)/.test(base)) unknownBase = true;
    }
  }
  const bases = ancestry.flatMap((c) => c.bases).join(' ');
  const permission = ancestry.map((c) => c.fields.find((f) => f.name === 'permission_classes')?.value?.text).find((t) => t !== undefined);
  const write = DRF_WRITE_BASES.test(bases) || ancestry.some((c) => c.methods.some((m) => WRITE_METHODS.test(m)));
  const decorated = ancestry.some((c) => c.decorators.some((d) => AUTH.test(d.text)) || c.fields.some((f) => f.name === 'permission_required'));
  const drf = /APIView|ViewSet|GenericAPIView|generics\.|viewsets\./.test(bases);
  if (permission !== undefined) {
    const open = OPEN_PERMISSIONS.test(permission.trim());
    const guarded = !open && (AUTH.test(permission.replace(/AllowAny/g, '')) || /IsAuthenticated|Permission/.test(permission));
    return { guarded, public: open, write, line: found.cls.line, drf };
  }
  const guarded = mixinGuard || decorated || (drf && drfDefaultGuarded);
  if (!guarded && unknownBase) return undefined;
  return { guarded, public: false, write, line: found.cls.line, drf };
}
