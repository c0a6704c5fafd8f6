/**
 * What one protection does: authenticate, authorise, limit the rate, mark a route public, or nothing. The name is
 * read first; where the check's code can be found (a dependency function, a guard class, a middleware factory, a
 * hook), the code decides: a check that refuses is enforced, one that returns a constant or can never refuse is a
 * placeholder, one whose refusals all hide behind a setting that defaults to off is a placeholder with that
 * setting, and one that only identifies the caller (sets `req.user` and calls `next()`) protects nothing.
 */
import type { CodeFacts, FunctionFact } from '../../facts/types.js';
import type { Project } from '../project.js';
import { analyseCheck, analyseClassCheck, resolveClass, resolveFunctions, sourceOf, where, type CheckAnalysis, type FunctionRef } from './code.js';
import type { Enforcement, Placeholder, Protection, Where } from './model.js';
import { AUTHZ_WORD, isExplicitlyPublic, RATE_LIMIT_WORD, wordsOf } from './names.js';
import { dependencyTarget, namesIn } from './protections.js';
import { envDefault, isOff, settingDefault } from './settings.js';

export interface Verdict {
  /** Authenticates the caller: how well. */
  auth?: Enforcement;
  /** Checks a role, permission or ownership: how well. */
  authz?: Enforcement;
  placeholder?: Placeholder;
  /** The code that does the check. */
  code?: Where;
  public?: boolean;
  rateLimit?: boolean;
}

/** Library checks whose code is not in the repository but whose behaviour is known: they refuse. */
const LIBRARY_CHECK =
  /^(login_required|permission_required|user_passes_test|staff_member_required|superuser_required|jwt_required|fresh_jwt_required|jwt_refresh_token_required|auth\.login_required|auth_required|requires_auth|passport\.authenticate|AuthGuard|IsAuthenticated|IsAdminUser|IsAuthenticatedOrReadOnly|DjangoModelPermissions|DjangoObjectPermissions|LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|HTTPBearer|HTTPBasic|OAuth2PasswordBearer|APIKeyHeader|verify_jwt_in_request|requireAuth|withAuth|clerkMiddleware|expressjwt|expressJwt|koaJwt|jwt)$/;

function judgeAnalysis(project: Project, a: CheckAnalysis, ref: FunctionRef, name: string): Verdict {
  const code = where(ref);
  // Refuses bad credentials but lets a caller without any through: it identifies, it does not require.
  if (a.optional) return { auth: 'none', code };
  if (a.refusal || a.verifies) {
    if (a.gated) {
      const setting = settingDefault(project, a.gated.condition, ref.file.path);
      if (setting && isOff(setting.value)) {
        return { auth: 'placeholder', placeholder: { reason: `does nothing unless \`${a.gated.condition}\` holds, and \`${setting.name}\` defaults to ${setting.value || 'empty'}`, at: a.gated.at, setting: { name: setting.name, at: setting.at, value: setting.value } }, code };
      }
    }
    return { auth: 'enforced', code };
  }
  if (a.constant) return { auth: 'placeholder', placeholder: { reason: `\`${name}\` ${a.constant}: it never refuses a caller`, at: code }, code };
  return { auth: 'none', code };
}

/** `return NOOPAuth()` as the fallback of a provider that picks an implementation by setting. */
function selectionFallback(project: Project, ref: FunctionRef): Verdict | undefined {
  const text = sourceOf(project, ref.file, ref.fn);
  const returned = [...text.matchAll(/return\s+([A-Z]\w*)\(\s*\)/g)].map((m) => m[1] ?? '');
  if (returned.length < 2) return undefined;
  const judged = returned.map((name) => {
    const cls = resolveClass(project, ref.file, name);
    const check = cls ? analyseClassCheck(project, cls) : undefined;
    return { name, cls, refuses: Boolean(check?.analysis.refusal || check?.analysis.verifies), code: check?.code };
  });
  const fallback = judged[judged.length - 1];
  if (!fallback?.cls || fallback.refuses || !judged.some((j) => j.refuses)) return undefined;
  const env = envDefault(project, /AUTH/i);
  const at = fallback.code ? where(fallback.code) : { path: fallback.cls.file.path, line: fallback.cls.cls.line };
  return {
    auth: 'placeholder',
    placeholder: {
      reason: `\`${ref.fn.name}\` falls back to \`${fallback.name}\`, which accepts every caller, unless configuration selects ${judged
        .filter((j) => j.refuses)
        .map((j) => `\`${j.name}\``)
        .join(' or ')}${env ? ` (\`${env.name}\` defaults to \`${env.value}\`)` : ''}`,
      at,
      ...(env ? { setting: { name: env.name, at: env.at, value: env.value } } : {}),
    },
    code: where(ref),
  };
}

/** One name defined twice under a condition (`if not settings.auth.enabled: def authenticated(): return True`). */
function conditionalDefinitions(project: Project, refs: FunctionRef[], name: string): Verdict | undefined {
  if (refs.length < 2) return undefined;
  const analysed = refs.map((r) => ({ ref: r, a: analyseCheck(project, r) }));
  const open = analysed.find((x) => x.a.constant && !x.a.refusal);
  if (!open || !analysed.some((x) => x.a.refusal || x.a.verifies)) return undefined;
  const branch = (open.ref.file.branches ?? []).find((b) => b.line <= open.ref.fn.line && open.ref.fn.endLine <= b.endLine);
  const negated = branch ? /^\s*(not\b|!)/.test(branch.condition) : false;
  const setting = branch ? settingDefault(project, branch.condition, open.ref.file.path) : undefined;
  // The open variant is defined when the condition holds: `not enabled` holds when the setting is off.
  const openByDefault = setting ? (negated ? isOff(setting.value) : !isOff(setting.value)) : false;
  if (!openByDefault) return { auth: 'enforced', code: where(analysed.find((x) => x.a.refusal)?.ref ?? refs[0] as FunctionRef) };
  return {
    auth: 'placeholder',
    placeholder: {
      reason: `when \`${branch?.condition ?? ''}\`, \`${name}\` is defined so that it ${open.a.constant ?? 'lets everyone through'}, and \`${setting?.name ?? ''}\` is \`${setting?.value ?? ''}\` by default`,
      at: where(open.ref),
      ...(setting ? { setting: { name: setting.name, at: setting.at, value: setting.value } } : {}),
    },
    code: where(open.ref),
  };
}

/** FastAPI sub-dependencies of a dependency function: `def auth_user(handler = Depends(get_auth_handler))`. */
function subDependencies(fn: FunctionFact): string[] {
  return fn.params.flatMap((p) => [p.default?.text ?? '', p.annotation ?? '']).map(dependencyTarget).filter((x): x is string => x !== undefined);
}

function judgeFunction(project: Project, file: CodeFacts, name: string, depth: number): Verdict | undefined {
  const refs = resolveFunctions(project, file, name);
  if (refs.length === 0) return undefined;
  const conditional = conditionalDefinitions(project, refs, name);
  if (conditional) return conditional;
  const ref = refs[0] as FunctionRef;
  const a = analyseCheck(project, ref);
  if (a.refusal || a.verifies || a.constant) return judgeAnalysis(project, a, ref, name);
  if (depth < 3) {
    for (const sub of subDependencies(ref.fn)) {
      const inner = judgeName(project, ref.file, sub, depth + 1);
      if (inner?.auth === 'enforced' || inner?.auth === 'placeholder') return { ...inner, code: inner.code ?? where(ref) };
    }
  }
  return selectionFallback(project, ref) ?? judgeAnalysis(project, a, ref, name);
}

function judgeName(project: Project, file: CodeFacts, raw: string, depth = 0): Verdict | undefined {
  const name = (dependencyTarget(raw) ?? raw).replace(/\(.*$/s, '').replace(/^@/, '').trim();
  if (!/^[A-Za-z_$][\w.$]*$/.test(name)) return undefined;
  if (LIBRARY_CHECK.test(name) || LIBRARY_CHECK.test(name.split('.').pop() ?? '')) {
    const local = resolveFunctions(project, file, name);
    if (local.length === 0 && !resolveClass(project, file, name)) return { auth: 'enforced' };
  }
  const fromFunction = judgeFunction(project, file, name, depth);
  if (fromFunction) return fromFunction;
  const cls = resolveClass(project, file, name);
  if (cls) {
    const { code, analysis } = analyseClassCheck(project, cls);
    if (code) return judgeAnalysis(project, analysis, code, name);
  }
  return undefined;
}

/** What a protection does. */
export function judgeProtection(project: Project, p: Protection): Verdict {
  const text = p.text;
  if (isExplicitlyPublic(text)) return { public: true };
  if (RATE_LIMIT_WORD.test(text) && !wordsOf(text.replace(RATE_LIMIT_WORD, '')).auth) return { rateLimit: true };
  const file = project.file(p.context ?? p.at.path);
  const words = wordsOf(text);
  let verdict: Verdict | undefined;
  if (file?.kind === 'code') {
    for (const name of namesIn(text)) {
      const v = judgeName(project, file, name);
      if (!v) continue;
      if (!verdict || rank(v.auth) > rank(verdict.auth)) verdict = v;
    }
  }
  if (!verdict) {
    // Nothing readable: the name is all there is.
    if (!words.auth && !words.authz) return {};
    return { auth: 'enforced', ...(words.authz ? { authz: 'enforced' as const } : {}) };
  }
  const authz = words.authz || AUTHZ_WORD.test(text) ? verdict.auth : undefined;
  // A check whose name says neither counts only when its code refuses callers for want of credentials (a
  // `pull_project` hook that sends strangers to the login page), not for bad input.
  if (!words.auth && !words.authz) return verdict.auth === 'enforced' && refusesForCredentials(project, verdict.code) ? verdict : {};
  return { ...verdict, ...(authz ? { authz } : {}) };
}

/**
 * A protection whose code is at hand (a hook or middleware given inline, a function the name did not explain):
 * the code decides; a function whose name says nothing counts only when it refuses for want of credentials.
 */
export function judgeCodeAt(project: Project, at: Where, text: string): Verdict {
  const file = project.file(at.path);
  if (file?.kind !== 'code') return {};
  const index = file.functions.findIndex((f) => f.line === at.line);
  const fn = file.functions[index];
  if (!fn) return {};
  const ref: FunctionRef = { file, fn, index };
  const verdict = judgeAnalysis(project, analyseCheck(project, ref), ref, fn.name || 'hook');
  const words = wordsOf(fn.name || '');
  if (isExplicitlyPublic(fn.name) || isExplicitlyPublic(text)) return { public: true };
  if (!words.auth && !words.authz) return verdict.auth === 'enforced' && refusesForCredentials(project, verdict.code) ? verdict : {};
  return { ...verdict, ...(words.authz ? { authz: verdict.auth ?? 'none' } : {}) };
}

export function refusesForCredentials(project: Project, at: Where | undefined): boolean {
  const file = at ? project.file(at.path) : undefined;
  const fn = at ? project.functionAt(at.path, at.line) : undefined;
  return file?.kind === 'code' && fn !== undefined && HANDLER_AUTH.test(sourceOf(project, file, fn));
}

export function rank(state: Enforcement | undefined): number {
  return state === 'enforced' ? 4 : state === 'unknown' ? 3 : state === 'placeholder' ? 2 : state === 'none' ? 1 : 0;
}

/** In the handler: a check of the caller that answers 401/403 or sends to the login page. */
const HANDLER_AUTH =
  /\b401\b|HTTP_401|Unauthori[sz]ed|UNAUTHORIZED|NotAuthenticated|AuthenticationFailed|redirect\w*\([^)]*(log_?in|authenticate|sign_?in)|login_url|\bis_authenticated\b|\bisAuthenticated\s*\(|!\s*session\b|\bnot\s+session\b|!\s*(req|request|ctx)\.(user|session|auth)\b|\bnot\s+(request\.)?(current_)?user\b|!\s*(user|currentUser|userId)\b|\bunauthorized\s*\(|close\(\s*(code\s*=\s*)?(1008|4001|4003|4401|4403)\b|WS_1008_POLICY_VIOLATION/;
/** In the handler: a role, permission or ownership check that answers 403 (or refuses). */
const HANDLER_AUTHZ =
  /\b403\b|HTTP_403|Forbidden|PermissionDenied|has_perm|has_permission|hasPermission|check_permission|checkPermission|\bcan\s*\(|is_admin|isAdmin|is_superuser|is_staff|\brole\s*(==|===|!=|!==|\bin\b)|\.role\s*(==|===|!=|!==)|requirePermission|\.(owner|user_?id|userId|author_?id|authorId|created_?by)\s*(!=|!==|==|===)/;
/** Queries scoped to the caller: ownership or tenant in the filter. */
const OWNER_SCOPE =
  /\b(user|current_?user|currentUser|request\.user|req\.user|session\.user|ctx\.state\.user|auth)\.(id|user_?id|userId|pk|uuid|sub)\b|\b(user_?id|owner(_id)?|author(_id)?|created_?by|userId|ownerId|authorId|creatorId|tenant_?id|tenantId|organization_?id|organizationId|org_?id|orgId|workspace_?id|workspaceId|team_?id|teamId|account_?id|accountId)\s*(=|:|==)\s*(user|current_?user|currentUser|request\.user|req\.user|session\.user|ctx\.state\.user|auth|me|caller|principal|self\.request\.user|g\.user)\b|\bowner\s*=\s*request\.user|Q\(owner=request\.user\)|filter\([^)]*=\s*(request\.)?user\b/;
const REFUSAL_WORDS = /\.close\(|\braise\b|\babort\s*\(|\bthrow\b|\.status\s*\(|\.code\s*\(|sendStatus|redirect|return\s+(Response|NextResponse|new Response|res\.|reply\.|jsonify|JsonResponse|HttpResponse|c\.json|json\()|Response\.json|status(_code)?\s*=/;

export interface HandlerChecks {
  auth?: Where;
  authz?: Where;
  ownership?: Where;
}

/** Checks written in the handler itself (and in the functions it calls directly in the same file). */
export function handlerChecks(project: Project, ref: FunctionRef): HandlerChecks {
  const text = sourceOf(project, ref.file, ref.fn);
  const lines = text.split('\n');
  const lineOf = (re: RegExp): Where | undefined => {
    const index = lines.findIndex((l) => re.test(l));
    return index === -1 ? undefined : { path: ref.file.path, line: ref.fn.line + index };
  };
  const out: HandlerChecks = {};
  const refuses = REFUSAL_WORDS.test(text);
  if (refuses) {
    const auth = lineOf(HANDLER_AUTH);
    if (auth) out.auth = auth;
    const authz = lineOf(HANDLER_AUTHZ);
    if (authz) out.authz = authz;
  }
  const owner = lineOf(OWNER_SCOPE);
  if (owner) out.ownership = owner;
  return out;
}
