/**
 * The service surface: who can call what. For every entry point of a component (HTTP route, WebSocket, GraphQL
 * operation, server action): its method and full path, its handler, what authenticates the caller, what
 * authorises the action, what limits the rate, what the input contract is, and whether it changes data. Rules
 * and strengths read this instead of re-deriving it (surface/index.ts: `surfaceOf(project, component)`).
 */
import type { Route, RouteKind } from '../inventory/runtime.js';

export interface Where {
  path: string;
  line: number;
}

/** How a protection reaches the route. */
export type ProtectionVia =
  | 'dependency'
  | 'guard'
  | 'decorator'
  | 'middleware'
  | 'hook'
  | 'parent-router'
  | 'view-class'
  | 'settings'
  | 'handler'
  | 'app';

/** Protections applied once for many routes: app middleware, request hooks, a parent router's dependencies, framework settings. */
export const APPLIED_ONCE: ReadonlySet<ProtectionVia> = new Set<ProtectionVia>(['middleware', 'hook', 'parent-router', 'app', 'settings']);

/** One thing that runs before (or inside) the handler and may turn a caller away. */
export interface Protection {
  via: ProtectionVia;
  /** As written: `Depends(get_current_user)`, `@login_required`, `preHandler: requirePermission(["x"])`. */
  text: string;
  at: Where;
  /** The function that does the check, when it could be read. */
  code?: Where;
  /** The file whose imports explain `text`, when not the one at `at` (a dependency alias defined elsewhere). */
  context?: string;
}

/**
 * `enforced`: something refuses callers without valid credentials. `placeholder`: the enforcing code returns a
 * constant, is a stub, can never fail, or is switched off by a setting that defaults to off. `none`: nothing does.
 * `unknown`: a check may exist where seaworthy cannot read it (a base class or decorator from a package it does not know).
 */
export type Enforcement = 'enforced' | 'placeholder' | 'none' | 'unknown';

export interface Placeholder {
  /** Why it cannot refuse anyone: `returns a constant`, `never raises`, `off unless roles_active (default false)`. */
  reason: string;
  at: Where;
  /** The setting that would turn it on, and where its default is. */
  setting?: { name: string; at?: Where; value?: string };
}

export interface AuthInfo {
  state: Enforcement;
  by?: Protection;
  /** Every protection that authenticates the caller here (several may: a router dependency and an app guard). */
  all?: Protection[];
  placeholder?: Placeholder;
  /** Public by design: a login, signup, password-reset, webhook, health or docs route, or one marked public. */
  publicByDesign?: string;
}

export interface AuthzInfo {
  state: Enforcement;
  /** `role`, `permission`, `ownership`, `tenant`, `admin`. */
  kind?: 'role' | 'permission' | 'ownership' | 'tenant' | 'admin';
  by?: Protection;
  placeholder?: Placeholder;
  /** Data-changing routes of the same router/controller that do have an authorization check. */
  siblingsWith?: number;
}

export interface RateLimitInfo {
  scope: 'route' | 'app' | 'proxy' | 'none';
  by?: { text: string; at: Where };
}

export interface InputField {
  name: string;
  type: string;
  bounded: boolean;
  at: Where;
}

export interface InputInfo {
  /** The body/query model (`ItemCreate`, `CreateUserDto`, a Fastify `schema.body`, a zod schema). */
  model?: string;
  at?: Where;
  /** Declared and checked by the framework or a validator before the handler uses it. */
  validated: boolean;
  /** Numeric fields with no bound, strings with no length limit, where known. */
  fields?: InputField[];
}

export interface SurfaceRoute {
  method: string;
  path: string;
  /** `path` is a suffix of the real path: a prefix comes from configuration. */
  prefixUnknown?: boolean;
  kind: RouteKind;
  framework: string;
  declared: Where;
  handler: Where & { name: string };
  /** The router, blueprint, controller or URLconf it belongs to (`file#variable`), for sibling comparisons. */
  group: string;
  auth: AuthInfo;
  authz: AuthzInfo;
  rateLimit: RateLimitInfo;
  input: InputInfo;
  changesData: boolean;
  /** Writes reached from the handler that decide `changesData` (`session.add`, `prisma.user.update`). */
  writes?: Where[];
  /** Registered only under a condition (a development flag): not judged as exposed. */
  conditional?: { at: Where; condition: string };
  /** The route-model entry this was built from (rules that need guards or params read it). */
  route: Route;
}

export interface ExposureInfo {
  level: 'public' | 'internal' | 'unknown';
  /** What routes traffic to it from outside, or why it is internal. */
  evidence: Array<Where & { detail: string }>;
  /** CORS configuration, when the service sets one. */
  cors?: Where & { detail: string; anyOrigin: boolean; credentials: boolean };
}

export interface ComponentSurface {
  component: string;
  exposure: ExposureInfo;
  routes: SurfaceRoute[];
  /** A rate limiter applied to the whole app, or at a proxy/ingress the repository deploys. */
  appRateLimit?: RateLimitInfo;
  /** Rate-limit packages declared as dependencies but never imported or registered. */
  limiterDeclaredNotUsed?: Array<Where & { name: string }>;
}
