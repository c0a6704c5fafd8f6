/**
 * What the names of guards, dependencies, decorators and middleware say they do, and which routes are public by
 * design. Names are a first reading only: where the code of a check can be read, the code decides (surface/code.ts).
 */

/** Words that name an authentication check. */
export const AUTH_WORD =
  /auth|login_?required|logged_?in|jwt|token|current_?user|requires?_?(user|login|session)|verify_?(user|token|key|api|session|request)|api_?key|oauth|bearer|\bSecurity\(|signed_?in|passport|principal|session_?required|ensure_?(user|session)|getUser|get_user|IsAuthenticated|LoginRequired|need_auth/i;
/** Words that name an authorization check (a permission, role, admin or owner check). */
export const AUTHZ_WORD =
  /permission|\broles?\b|Roles\(|RolesGuard|role_?required|requires?_?(role|admin|scope|permission)|admin|superuser|staff|owner|scopes?\b|policy|policies|authori[sz]|\bacl\b|ability|\bcan_\w+|privilege|access_?level|check_?access|has_?access|is_?member|membership/i;
/** Names that contain an auth word but are not a check: CSRF tokens, routers and controllers of the auth flow, security headers, limiters. */
const NOT_A_CHECK = /\w*csrf\w*|\w*(Controller|Router|Routes|routes|router|Module|Schema|Dto|Form)\b|helmet\([\s\S]*|\w*Throttl\w*|\w*rate_?limit\w*|token_?(bucket|counter)|no_?auth|AllowAny|optional_?auth|auth_?optional|OAuth2PasswordRequestForm/gi;
/** Decorators that only document or shape a NestJS route; they protect nothing. */
const NOT_A_GUARD = /^@?(Api[A-Z]\w*|SerializeOptions|HttpCode|Header|Redirect|Render|Version|UseInterceptors|UsePipes|UseFilters|Throttle|SkipThrottle|Body|Param|Query|Req|Res)\b/;
/** Markers that a route is public on purpose: `@Public()`, `AllowAny`, `auth.optional`, `@AllowAnonymous`, `requires_no_auth`. */
const EXPLICITLY_PUBLIC = /(^|\W)(Public|AllowAny|AllowAnonymous|Anonymous|SkipAuth|NoAuth|IsPublic|no_?auth\w*|requires_?no_?auth|auth_?exempt|login_?exempt|public_?route|optional)\b/i;
/** Words of rate limiters. */
export const RATE_LIMIT_WORD = /rate_?limit|throttl|limiter|slow_?down|brute|\blimit\(\s*["'`]\d/i;

export function isExplicitlyPublic(text: string): boolean {
  return EXPLICITLY_PUBLIC.test(text) && !/UseGuards/.test(text);
}

/** The name says: authentication, authorization (which needs a caller too), or neither. */
export function wordsOf(text: string): { auth: boolean; authz: boolean } {
  if (NOT_A_GUARD.test(text) || isExplicitlyPublic(text) || RATE_LIMIT_WORD.test(text)) return { auth: false, authz: false };
  const useGuards = /UseGuards\(([\s\S]*)\)/.exec(text);
  if (useGuards) {
    const guards = (useGuards[1] ?? '').split(',').filter((g) => g.trim() !== '' && !/Throttl/i.test(g));
    return { auth: guards.length > 0, authz: guards.some((g) => AUTHZ_WORD.test(g)) };
  }
  const cleaned = text.replace(NOT_A_CHECK, '');
  return { auth: AUTH_WORD.test(cleaned), authz: AUTHZ_WORD.test(cleaned) };
}

/** Path segments and handler words of routes that must be reachable without a session. */
const PUBLIC_WORDS =
  /(^|[/_.\-{<:])(login|logout|log-?in|log-?out|sign-?in|sign_in|sign-?out|sign-?up|sign_up|register|registration|token|tokens|refresh|password|passwords|forgot|reset|recover|recovery|confirm|confirmation|verify|verification|activate|activation|callback|webhook|webhooks|hook|hooks|oauth|oauth2|sso|saml|openid|csrf|magic|unsubscribe|subscribe|newsletter|contact|health|healthz|healthcheck|ready|readyz|live|livez|ping|metrics|docs|openapi|swagger|redoc|static|assets|public|favicon|robots|version|authenticate|exit)([/_.\-}>]|$)/i;
/** Controllers and route files that hold the authentication flow itself. */
const AUTH_GROUP = /(^|[/_.-])(auth|authentication|login|account|accounts|session|sessions|registration|signup|oauth|sso)([/_.-]|$)/i;
/** `POST /users` with no session: self-registration. */
const REGISTRATION = /\/(users|accounts|members|customers|signups)\/?$/i;
const PATH_PARAM = /[{:<]|\(\?P</;

function snake(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
}

/** Why a route must be reachable without a session, if it must: `login`, `health`, `self-registration`. */
export function publicByDesign(path: string, handler: string, group: string, method: string): string | undefined {
  const inPath = PUBLIC_WORDS.exec(path)?.[2];
  if (inPath) return inPath.toLowerCase();
  const inHandler = PUBLIC_WORDS.exec(`.${snake(handler)}.`.replace(/_/g, '.'))?.[2];
  if (inHandler) return inHandler.toLowerCase();
  // The router's own file or variable names the auth flow (`auth.controller.ts`, `auth_router`), not the folder it sits in.
  const unit = group.slice(group.lastIndexOf('/') + 1);
  if (!PATH_PARAM.test(path) && /POST|ANY/.test(method) && (AUTH_GROUP.test(unit) || REGISTRATION.test(path))) return REGISTRATION.test(path) ? 'self-registration' : 'authentication flow';
  return undefined;
}

export function hasPathParameter(path: string): boolean {
  return PATH_PARAM.test(path);
}

/** Credential, reset and signup endpoints: what brute force and abuse go after. */
export const CREDENTIAL_ROUTE = /(^|[/_.-])(login|log-in|signin|sign-in|token|password|passwords|forgot|reset|recover|recovery|register|registration|signup|sign-up|otp|2fa|mfa|magic|authenticate|verify)([/_.-]|$)/i;
/** Endpoints that cost money or CPU per call: LLM calls, search, exports, e-mail, uploads, ingestion. */
export const COSTLY_ROUTE = /(^|[/_.-])(chat|chats|completions?|generate|generation|llm|prompt|ask|query|stream|runs?|agents?|embed|embeddings?|ingest|search|export|exports|upload|uploads|import|send|invite|invites|sms|transcribe|summari[sz]e|crawl|scrape|pixel\.gif|script\.js|ingress|collect|event|events|track)([/_.-]|$)/i;
