/**
 * Reading the code of a check: which function or class a name used in a file refers to (local, imported, a
 * sibling workspace package, a factory call), its source without comments, and what it does with a caller:
 * refuse (raise, abort, 401/403, redirect to a login page), only under a setting, or never (a constant, a stub, a
 * pass-through). Answers are cached per function.
 */
import type { ClassFact, CodeFacts, FunctionFact } from '../../facts/types.js';
import type { Project } from '../project.js';
import { resolveImport } from '../resolve-import.js';
import { pythonModuleFile } from '../python-symbols.js';
import type { Where } from './model.js';

export interface FunctionRef {
  file: CodeFacts;
  fn: FunctionFact;
  index: number;
}

export interface ClassRef {
  file: CodeFacts;
  cls: ClassFact;
}

const sourceCache = new WeakMap<FunctionFact, string>();

/** Lines `from`..`to` (1-based, inclusive) of a file, line comments blanked. */
export function linesWithoutComments(project: Project, file: CodeFacts, from: number, to: number): string {
  const lines = (project.readText(file.path) ?? '').split('\n').slice(from - 1, to);
  const commented = new Set(file.comments.filter((c) => c.line >= from && c.line <= to).map((c) => c.line));
  const marker = file.language === 'python' ? /(^|\s)#.*$/ : /(^|\s)\/\/.*$/;
  return lines.map((l, i) => (commented.has(from + i) ? l.replace(marker, '') : l)).join('\n');
}

/** The text of a function (nested functions included), comments blanked. */
export function sourceOf(project: Project, file: CodeFacts, fn: FunctionFact): string {
  let text = sourceCache.get(fn);
  if (text === undefined) {
    text = linesWithoutComments(project, file, fn.line, fn.endLine);
    sourceCache.set(fn, text);
  }
  return text;
}

function moduleOf(project: Project, file: CodeFacts, module: string): CodeFacts | undefined {
  if (file.language === 'python') return resolveImport(project, file, module) ?? pythonModuleFile(project, file.path, module);
  return resolveImport(project, file, module);
}

function topLevel(file: CodeFacts, name: string): FunctionRef[] {
  const out: FunctionRef[] = [];
  file.functions.forEach((fn, index) => {
    if (fn.parent === -1 && fn.className === undefined && (fn.name === name || fn.name === `exports.${name}` || fn.name === `module.exports.${name}`)) out.push({ file, fn, index });
  });
  return out;
}

function methodOf(file: CodeFacts, cls: string, name: string): FunctionRef | undefined {
  const index = file.functions.findIndex((f) => f.className === cls && f.name === name);
  const fn = file.functions[index];
  return fn ? { file, fn, index } : undefined;
}

/** A module's default export, as far as facts tell: `export default function x`, `module.exports = fn`, or its only function. */
function defaultExport(file: CodeFacts, hint: string): FunctionRef[] {
  const named = topLevel(file, hint);
  if (named.length > 0) return named;
  const exported = file.functions.findIndex((f) => f.parent === -1 && /^(module\.exports|exports\.default|default)$/.test(f.name));
  if (exported !== -1) return [{ file, fn: file.functions[exported] as FunctionFact, index: exported }];
  const assigned = file.bindings.find((b) => b.fn === -1 && b.name === 'module.exports' && b.value.kind === 'identifier');
  if (assigned) return topLevel(file, assigned.value.text);
  const top = file.functions.map((fn, index) => ({ file, fn, index })).filter((r) => r.fn.parent === -1 && r.fn.className === undefined);
  return top.length === 1 ? top : [];
}

/** A top-level binding `const jwt = authenticate("jwt")`: the factory it calls. */
function factoryOf(project: Project, file: CodeFacts, name: string, depth: number): FunctionRef[] {
  const binding = file.bindings.find((b) => b.fn === -1 && b.via === 'assign' && (b.name === name || b.name === `exports.${name}` || b.name === `module.exports.${name}`));
  if (binding?.value.kind !== 'call' || !binding.value.callee || depth > 2) return [];
  return resolveFunctions(project, file, binding.value.callee, depth + 1);
}

/**
 * Every definition a name used in `file` may refer to: `get_user`, `deps.get_user`, `auth.jwt`, `Guard.canActivate`.
 * A module may define one name twice under a condition (`if not settings.auth.enabled: def authenticated()…`).
 */
export function resolveFunctions(project: Project, file: CodeFacts, name: string, depth = 0): FunctionRef[] {
  const clean = name.replace(/^@/, '').replace(/\(.*$/s, '').replace(/^await\s+/, '').trim();
  if (!clean || depth > 3) return [];
  const dot = clean.lastIndexOf('.');
  if (dot === -1) {
    const local = topLevel(file, clean);
    if (local.length > 0) return local;
    const imp = file.imports.find((i) => i.names.includes(clean) || i.renamed?.[clean] !== undefined || (i.alias === clean && i.names.includes('default')) || (i.alias === clean && i.names.length === 0));
    if (!imp) return factoryOf(project, file, clean, depth);
    const target = moduleOf(project, file, imp.module);
    if (!target) return [];
    const imported = imp.renamed?.[clean] ?? clean;
    if (imp.names.includes(imported) && imported !== 'default') {
      const found = topLevel(target, imported);
      return found.length > 0 ? found : factoryOf(project, target, imported, depth);
    }
    return defaultExport(target, clean);
  }
  const owner = clean.slice(0, dot);
  const member = clean.slice(dot + 1);
  const cls = file.classes.find((c) => c.name === owner);
  if (cls) {
    const m = methodOf(file, cls.name, member);
    return m ? [m] : [];
  }
  const head = owner.split('.')[0] ?? owner;
  const imp = file.imports.find((i) => i.alias === head || i.names.includes(head) || i.renamed?.[head] !== undefined || (i.names.length === 0 && i.module === owner));
  if (!imp) return [];
  let target: CodeFacts | undefined;
  if (file.language === 'python' && imp.names.length > 0 && (imp.names.includes(head) || imp.renamed?.[head] !== undefined)) {
    const imported = imp.renamed?.[head] ?? head;
    target = moduleOf(project, file, `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${imported}`);
    // `from app.auth import Guard` then `Guard.check`: a class, not a module.
    if (!target) {
      const home = moduleOf(project, file, imp.module);
      const klass = home?.classes.find((c) => c.name === imported);
      const m = home && klass ? methodOf(home, klass.name, member) : undefined;
      return m ? [m] : [];
    }
  } else target = moduleOf(project, file, imp.module);
  if (!target) return [];
  const found = topLevel(target, member);
  return found.length > 0 ? found : factoryOf(project, target, member, depth);
}

/** The class a name used in `file` refers to, through imports. */
export function resolveClass(project: Project, file: CodeFacts, name: string): ClassRef | undefined {
  const clean = name.replace(/\(.*$/s, '').replace(/\[.*$/s, '').trim();
  const short = clean.split('.').pop() ?? clean;
  const local = file.classes.find((c) => c.name === short);
  if (local) return { file, cls: local };
  const head = clean.split('.')[0] ?? clean;
  const imp = file.imports.find((i) => i.names.includes(short) || i.renamed?.[short] !== undefined || i.alias === head || i.names.includes(head));
  if (imp) {
    const imported = imp.renamed?.[short] ?? short;
    const candidates = [imp.module, `${imp.module}${imp.module.endsWith('.') ? '' : '.'}${head}`];
    for (const module of candidates) {
      const target = moduleOf(project, file, module);
      const cls = target?.classes.find((c) => c.name === imported);
      if (target && cls) return { file: target, cls };
    }
  }
  // A name no import explains (a star import, a re-export): the only class of that name in the project.
  const all = project.code({ languages: file.language === 'python' ? ['python'] : ['typescript', 'tsx', 'javascript'] }).flatMap((f) => f.classes.filter((c) => c.name === short).map((cls) => ({ file: f, cls })));
  return all.length === 1 ? all[0] : undefined;
}

/** A method of a class or of one of its project-defined bases (nearest first). */
export function methodInHierarchy(project: Project, ref: ClassRef, names: readonly string[]): FunctionRef | undefined {
  const queue: ClassRef[] = [ref];
  const seen = new Set<ClassFact>();
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift() as ClassRef;
    if (seen.has(current.cls)) continue;
    seen.add(current.cls);
    for (const name of names) {
      const m = methodOf(current.file, current.cls.name, name);
      if (m) return m;
    }
    for (const base of current.cls.bases) {
      const next = resolveClass(project, current.file, base);
      if (next) queue.push(next);
    }
  }
  return undefined;
}

export function where(ref: FunctionRef): Where {
  return { path: ref.file.path, line: ref.fn.line };
}

/** Python: raising, aborting, a 401/403 answer, a redirect to the login page. */
const PY_REFUSAL =
  /\braise\b|\babort\s*\(|\b40[13]\b|HTTP_40[13]|\b(Unauthori[sz]ed|Forbidden|PermissionDenied|NotAuthenticated|AuthenticationFailed|HTTPUnauthorized|HTTPForbidden|HttpResponseForbidden|FORBIDDEN|UNAUTHORIZED)\b|redirect\w*\s*\([^)]*(log_?in|authenticate|sign_?in)|redirect_to_login|\.unauthorized\s*\(|login_manager\.unauthorized|return\s+False\b/;
/** JS: throwing, a 401/403 answer, `ctx.throw`, a redirect, a guard returning false, an error passed to `next`. */
const JS_REFUSAL =
  /\bthrow\b|\.(status|code)\s*\(\s*40[13]|sendStatus\s*\(\s*40[13]|\bstatus(Code)?\s*[:=]\s*40[13]|\.throw\s*\(|\b(Unauthori[sz]ed|Forbidden)\w*\s*\(|\b(FORBIDDEN|UNAUTHORIZED)\b|redirect\s*\(|\breturn\s+false\b|\bnext\s*\(\s*(new\s+\w+|err\w*|e)\s*[,)]|reply\.(unauthorized|forbidden)|,\s*40[13]\s*\)|\bstatus\s*:\s*40[13]\b|Response\.json\([^)]*40[13]/;
/** Calls that verify credentials and fail on bad ones by themselves. */
const VERIFIER =
  /\b(jwt\.(verify|decode)|jwtVerify|jose\.jwtVerify|verifyIdToken|verify_id_token|verify_jwt_in_request|jwt_required|passport\.authenticate|HTTPBearer|HTTPBasic|OAuth2PasswordBearer|APIKeyHeader|APIKeyCookie|request\.jwtVerify|req\.jwtVerify|authenticate_credentials|check_password_hash|compare_digest|timingSafeEqual)\b/;
/** Callees worth following for a refusal: checks, not data access. */
const CHECK_CALLEE = /verify|check|decode|auth|token|validate|require|ensure|assert|session|login|permission|guard|credential|principal|current_?user/i;
const NOT_CHECK_CALLEE = /get_or_create|create|save|insert|update|delete|log|track|emit|send/i;

export interface CheckAnalysis {
  /** Turns some callers away: where. */
  refusal?: Where;
  /** Verifies credentials with a library call that fails on bad ones. */
  verifies?: Where;
  /** Returns a constant or is a placeholder body (`pass`, `return True`, `return {"id": 1}`, a TODO). */
  constant?: string;
  /** Every refusal sits under an `if` on a setting (`if (config?.roles_active)`): the check is off unless it is on. */
  gated?: { condition: string; at: Where };
  /** Every refusal sits under `if token:`: bad credentials are refused, but a caller without any passes. */
  optional?: Where;
}

const analysisCache = new WeakMap<FunctionFact, CheckAnalysis>();

function lineOfMatch(text: string, re: RegExp, first: number): number | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => re.test(l));
  return index === -1 ? undefined : first + index;
}

const SETTING_CONDITION = /\b(config|settings?|conf|options|env|feature|flag|enabled|active|is_?enabled|ENABLE\w*|\w+_ENABLED|process\.env|os\.environ)\b/i;
const REQUEST_CONDITION = /\b(req|request|ctx|token|user|session|header|headers|auth\w*|bearer|cookie|credentials?)\b/i;

/** Lines inside a `catch`/`except` body of the function: errors handled there are not checks. */
function inCatch(ref: FunctionRef, line: number): boolean {
  return ref.file.handlers.some((h) => h.line >= ref.fn.line && h.endLine <= ref.fn.endLine && h.line <= line && line <= h.endLine);
}

/** A verifying call inside a `try` whose handler lets the caller through (returns null, logs): it refuses nobody. */
function swallowed(project: Project, ref: FunctionRef, line: number, refusal: RegExp): boolean {
  const handler = ref.file.handlers.find((h) => h.tryLine !== undefined && h.tryLine <= line && line < h.line && h.line >= ref.fn.line && h.endLine <= ref.fn.endLine);
  if (!handler) return false;
  const text = (project.readText(ref.file.path) ?? '').split('\n').slice(handler.line - 1, handler.endLine).join('\n');
  return !refusal.test(text.replace(/^[^\n]*/, '')) && !handler.raises;
}

/** All refusal lines of a function lie in `if` bodies on a setting: the branch it hides behind. */
function gatedBy(ref: FunctionRef, lines: number[]): CheckAnalysis['gated'] {
  // Errors passed on from a `catch` are not the check; the check is what the branch guards.
  const refusals = lines.filter((l) => !inCatch(ref, l));
  if (refusals.length === 0) return undefined;
  const branches = (ref.file.branches ?? []).filter((b) => b.line >= ref.fn.line && b.endLine <= ref.fn.endLine && SETTING_CONDITION.test(b.condition) && !REQUEST_CONDITION.test(b.condition.replace(/\b(config|settings?)\s*(\?\.|\.)\s*\w+/gi, '')));
  const branch = branches.find((b) => refusals.every((l) => b.line <= l && l <= b.endLine));
  return branch ? { condition: branch.condition, at: { path: ref.file.path, line: branch.line } } : undefined;
}

/** `if token and …:`, `if (authHeader) {`: a branch taken only when the caller sent credentials. */
const PRESENCE_TEST = /^\s*\(?\s*(this\.|self\.|req\.|request\.)?[\w.]*(token|auth\w*|authorization|header|bearer|api_?key|apikey|session|cookie|credentials?)\w*\s*(\)|$|and\b|&&|is not None|!==?\s*(null|undefined))/i;

function optionalBy(ref: FunctionRef, refusals: number[]): Where | undefined {
  if (refusals.length === 0) return undefined;
  const branch = (ref.file.branches ?? []).find((b) => b.line >= ref.fn.line && b.endLine <= ref.fn.endLine && PRESENCE_TEST.test(b.condition) && refusals.every((l) => b.line <= l && l <= b.endLine));
  return branch ? { path: ref.file.path, line: branch.line } : undefined;
}

const CONSTANT_BODY_PY = /^\s*(?:(?:"""[\s\S]*?"""|'''[\s\S]*?''')\s*)?(return\s+(True|None|\{[^{}]*\}|"[^"]*"|'[^']*'|\d+)|pass|\.\.\.)\s*$/;
const CONSTANT_BODY_JS = /^\s*((return\s+)?(true|null|undefined|\{[^{}]*\}|"[^"]*"|'[^']*'|\d+);?|)\s*$/;

/** The body of a function with its signature (and docstring) removed. */
function bodyOf(project: Project, ref: FunctionRef): string {
  const text = sourceOf(project, ref.file, ref.fn);
  if (ref.file.language === 'python') {
    const colon = text.search(/\)\s*(->\s*[^:]+)?:\s*(\n|$)/);
    return colon === -1 ? text : text.slice(text.indexOf(':', colon + 1) + 1);
  }
  const brace = text.indexOf('{', text.search(/=>|\)\s*(:\s*[^{]+)?\{/));
  return brace === -1 ? text.replace(/^[^=]*=>/, '') : text.slice(brace + 1, text.lastIndexOf('}'));
}

/** What a check function does with a caller, following the checks it calls (two levels). */
export function analyseCheck(project: Project, ref: FunctionRef, depth = 0): CheckAnalysis {
  const cached = analysisCache.get(ref.fn);
  if (cached) return cached;
  const out: CheckAnalysis = {};
  analysisCache.set(ref.fn, out);
  const text = sourceOf(project, ref.file, ref.fn);
  const signatureEnd = ref.file.language === 'python' ? (text.search(/:\s*\n/) + 1 || 0) : text.indexOf('{') + 1;
  const body = text.slice(signatureEnd);
  const offset = ref.fn.line + (text.slice(0, signatureEnd).match(/\n/g)?.length ?? 0);
  const refusal = ref.file.language === 'python' ? PY_REFUSAL : JS_REFUSAL;
  const refusalLines = body
    .split('\n')
    .map((l, i) => (refusal.test(l) ? offset + i : -1))
    .filter((l) => l !== -1);
  if (refusalLines[0] !== undefined) out.refusal = { path: ref.file.path, line: refusalLines[0] };
  const verifyLine = lineOfMatch(body, VERIFIER, offset);
  if (verifyLine !== undefined && !swallowed(project, ref, verifyLine, refusal)) out.verifies = { path: ref.file.path, line: verifyLine };
  const gate = gatedBy(ref, refusalLines);
  if (gate) out.gated = gate;
  const optional = optionalBy(ref, verifyLine === undefined ? refusalLines : [...refusalLines, verifyLine]);
  if (optional) out.optional = optional;
  const stripped = bodyOf(project, ref);
  const constantBody = ref.file.language === 'python' ? CONSTANT_BODY_PY : CONSTANT_BODY_JS;
  if (ref.fn.stub || constantBody.test(stripped)) out.constant = ref.fn.stub ? `has a placeholder body (${ref.fn.stub})` : `returns \`${stripped.trim().replace(/^return\s+/, '').replace(/;$/, '').slice(0, 40)}\``;
  else if (ref.file.markers.some((m) => m.line >= ref.fn.line && m.line <= ref.fn.endLine && /TODO|FIXME/.test(m.marker)) && !out.refusal) out.constant = 'is a TODO';
  if (!out.refusal && !out.verifies && depth < 2) {
    const index = ref.index;
    for (const call of ref.file.calls) {
      if (call.fn < 0 || call.line < ref.fn.line || call.line > ref.fn.endLine || (call.fn !== index && ref.file.functions[call.fn]?.parent !== index)) continue;
      const name = call.callee.split('.').pop() ?? '';
      if (!CHECK_CALLEE.test(name) || NOT_CHECK_CALLEE.test(name)) continue;
      for (const target of resolveFunctions(project, ref.file, call.callee)) {
        if (target.fn === ref.fn) continue;
        const inner = analyseCheck(project, target, depth + 1);
        if (inner.refusal || inner.verifies) {
          out.refusal = { path: ref.file.path, line: call.line };
          break;
        }
      }
      if (out.refusal) break;
    }
  }
  return out;
}

/** The code of a class-based check: `__call__`, `dispatch`, `canActivate`, `has_permission`, `authenticate` … */
export const CHECK_METHODS = ['__call__', 'dispatch', 'canActivate', 'has_permission', 'has_object_permission', 'authenticate', 'check', 'verify', 'handle', 'use', 'before_request', 'process_request', '__init__'];

export function analyseClassCheck(project: Project, ref: ClassRef): { code?: FunctionRef; analysis: CheckAnalysis } {
  const code = methodInHierarchy(project, ref, CHECK_METHODS);
  return code ? { code, analysis: analyseCheck(project, code) } : { analysis: {} };
}
