/**
 * The route model: every entry point a web framework serves, with where it is declared, the router or app it is
 * declared on, and the mounts (includes, blueprints, `app.use('/api', router)`, plugins) that put it under a
 * prefix and may protect it. Built from facts only (routes/python.ts, routes/javascript.ts, routes/files.ts).
 */

export type RouteKind = 'http' | 'websocket' | 'sse' | 'graphql' | 'action';

/** Where a router, blueprint, plugin or sub-app is attached to its parent, and what the attachment adds. */
export interface Mount {
  path: string;
  line: number;
  /** Literal prefix added here ('' when none). */
  prefix: string;
  /** The prefix comes from configuration (`prefix=settings.API_V1_STR`): not known from the code. */
  prefixUnknown?: boolean;
  /** Dependencies, middleware or guards given at the mount (`include_router(r, dependencies=[...])`, `app.use('/x', auth, r)`). */
  guards: string[];
  /** The mount call as written, clipped. */
  detail: string;
  /** Key of the router or app the mount attaches to (`file#variable`). */
  parent: string;
  /** The mount sits in an `if` body: where, and the condition. */
  when?: { path: string; line: number; condition: string };
}

export interface Route {
  path: string;
  line: number;
  method: string;
  /** Route path with the literal router, blueprint, controller and include prefixes applied. */
  route: string;
  /** A prefix from configuration (`prefix=settings.API_V1_STR`) also applies: `route` is a suffix of the real path. */
  prefixUnknown?: boolean;
  /** Router/app variable the route is declared on (`router`, `app`, `bp`, `fastify`). */
  owner?: string;
  framework: string;
  handler: string;
  /** Decorators, dependencies, middleware and guards attached to the route, its router or controller. */
  guards: string[];
  /** Parameter annotations and default callees of the handler (FastAPI dependencies live here). */
  params: string[];
  /** The route's router is included only under a condition (`if settings.ENVIRONMENT == "local": include_router(...)`). */
  includedWhen?: { path: string; line: number; condition: string };
  /** HTTP unless said otherwise. */
  kind?: RouteKind;
  /** The mounts that attach the route's router to the app, innermost first. */
  mounts?: Mount[];
  /** Line of the handler function in `path`, when the handler is defined there (a decorated function, an inline callback). */
  handlerLine?: number;
  /** Route options given as an object (Fastify `{ preHandler, schema, config }`): their keys. */
  options?: string[];
}

/** A router or app object: `router = APIRouter(prefix="/items", dependencies=[...])`, `const r = express.Router()`. */
export interface RouterObject {
  path: string;
  line: number;
  variable: string;
  prefix: string;
  guards: string[];
}

/** A mount before its target is known to be a router: the target is named by a file and, when known, a variable. */
export interface PendingMount extends Mount {
  /** `file#variable`, or `file#*` when the whole module is the router (a default export, a plugin function). */
  target: string;
  /** What it is if the target turns out to hold no routes: middleware (`app.use('/api', requireAuth)`). */
  asHook?: Hook;
}

/** Joins a prefix and a path: `/api` + `items/` → `/api/items/`. */
export function joinRoute(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined === '' ? '/' : joined.startsWith('/') ? joined : `/${joined}`;
}

/**
 * Code that runs before the routes of an app, router or plugin: Express/Koa/Hono `use(mw)`, Fastify `addHook`,
 * Flask `before_request`, Starlette/FastAPI middleware, aiohttp middlewares, Next.js `middleware.ts`.
 */
export interface Hook {
  path: string;
  line: number;
  /** `file#variable` of the app, router or plugin instance it is attached to. */
  owner: string;
  /** The middleware or hook as written (`requireAuth`, `passport.authenticate('jwt')`, `(inline)`). */
  text: string;
  /** Line of an inline function given as the hook (its body is the check). */
  fnLine?: number;
  /** Only requests under this path prefix (`app.use('/api', auth)`, Hono `use('/api/*', auth)`, a Next.js matcher). */
  pathPrefix?: string;
  /** Applies only to routes and mounts declared after it in the same file (Express, Koa, Hono); Fastify hooks do not. */
  ordered: boolean;
  /** Runs for every route of the application, whatever router it sits in (Flask `before_app_request`, Next.js middleware). */
  appWide?: boolean;
  /** `hook` (framework hook), `middleware` (a middleware function or class). */
  kind: 'hook' | 'middleware';
}
