/**
 * Django and Django REST framework: what protects a URLconf entry. A function view by its decorators (or the
 * wrapper in the URLconf); a class-based view by its permission classes, auth mixins, decorators and a `dispatch`
 * of a project-defined base that refuses, through every base class the project defines; app-wide by DRF's
 * `DEFAULT_PERMISSION_CLASSES` and an authenticating middleware in `MIDDLEWARE`.
 */
import type { ClassFact, CodeFacts } from '../../facts/types.js';
import type { Route } from '../inventory/runtime.js';
import type { Project } from '../project.js';
import { analyseCheck, resolveClass, resolveFunctions, type ClassRef } from './code.js';
import { judgeProtection, refusesForCredentials, type Verdict } from './judge.js';
import type { Protection } from './model.js';

/** Django and DRF base classes whose behaviour is known (no auth of their own). */
const FRAMEWORK_BASES =
  /^(View|TemplateView|RedirectView|ListView|DetailView|CreateView|UpdateView|DeleteView|FormView|APIView|GenericAPIView|ViewSet|GenericViewSet|ModelViewSet|ReadOnlyModelViewSet|object|(generic|generics|viewsets|mixins|views|edit|detail|list)\.\w+|\w+(Create|List|Retrieve|Update|Destroy)\w*(APIView|Mixin|ViewSet))$/;
const AUTH_MIXIN = /(LoginRequired|PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired|AccessMixin)Mixin$|^(LoginRequiredMixin|PermissionRequiredMixin|UserPassesTestMixin|AccessMixin)$/;
const AUTHZ_MIXIN = /PermissionRequired|UserPassesTest|StaffRequired|SuperuserRequired/;
const DRF_WRITE_BASES = /(Create|Update|Destroy|ModelViewSet|ListCreate|RetrieveUpdate|FormView|CreateView|UpdateView|DeleteView)/;
const WRITE_METHODS = /^(post|put|patch|delete|create|update|partial_update|destroy|perform_create|perform_update|perform_destroy|form_valid)$/;
const OPEN_PERMISSIONS = /^\(?\[?\s*(AllowAny|permissions\.AllowAny)?\s*,?\s*\]?\)?$/;

export interface DjangoGlobal {
  /** DRF `DEFAULT_PERMISSION_CLASSES` that require a caller. */
  drfDefault?: Protection;
  /** A middleware in `MIDDLEWARE` that refuses anonymous requests. */
  middleware?: Protection;
}

export function djangoGlobals(project: Project): DjangoGlobal {
  const out: DjangoGlobal = {};
  for (const file of project.code({ languages: ['python'] })) {
    const text = project.readText(file.path) ?? '';
    if (!/DEFAULT_PERMISSION_CLASSES|MIDDLEWARE/.test(text)) continue;
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /DEFAULT_PERMISSION_CLASSES/.test(l) && !/^\s*#/.test(l));
    if (start !== -1 && !out.drfDefault) {
      const block = lines.slice(start, start + 6).join(' ');
      const value = /DEFAULT_PERMISSION_CLASSES['"]?\s*[:=]\s*[([]([^)\]]*)[)\]]/.exec(block)?.[1] ?? '';
      if (value.trim() !== '' && !/AllowAny/.test(value)) out.drfDefault = { via: 'settings', text: `DEFAULT_PERMISSION_CLASSES ${value.replace(/\s+/g, ' ').trim()}`, at: { path: file.path, line: start + 1 } };
    }
    const mw = lines.findIndex((l) => /^\s*MIDDLEWARE\s*=/.test(l));
    if (mw !== -1 && !out.middleware) {
      for (let i = mw; i < Math.min(lines.length, mw + 40); i++) {
        const entry = /^\s*["']([\w.]+)["']/.exec(lines[i] ?? '')?.[1];
        if (!entry || !/login|auth/i.test(entry) || /AuthenticationMiddleware$|contrib\.auth\.middleware\.\w*Remote/.test(entry)) continue;
        if (/LoginRequiredMiddleware$/.test(entry) || refusingMiddleware(project, entry)) out.middleware = { via: 'settings', text: entry, at: { path: file.path, line: i + 1 } };
        if (/\]/.test(lines[i] ?? '')) break;
      }
    }
  }
  return out;
}

/** `app.middleware.LoginRequired` → the class, whose `__call__`/`process_view` refuses. */
function refusingMiddleware(project: Project, dotted: string): boolean {
  const parts = dotted.split('.');
  const name = parts.pop() ?? '';
  const stem = parts.join('/');
  const file = project.code({ languages: ['python'] }).find((f) => f.path.endsWith(`${stem}.py`) || f.path.endsWith(`${stem}/__init__.py`));
  const cls = file?.classes.find((c) => c.name === name);
  if (!file || !cls) return false;
  const method = file.functions.findIndex((f) => f.className === name && /^(__call__|process_view|process_request)$/.test(f.name));
  const fn = file.functions[method];
  return fn !== undefined && analyseCheck(project, { file, fn, index: method }).refusal !== undefined;
}

export interface ViewVerdict extends Verdict {
  by?: Protection;
  authzBy?: Protection;
  /** The view changes data (a write method or a write base class). */
  write: boolean;
  /** A Django REST framework view: the default permission classes apply. */
  drf: boolean;
  /** A base class could not be read: a check may live there. */
  unknownBase: boolean;
  handlerAt?: { path: string; line: number };
}

function ancestry(project: Project, start: ClassRef): { classes: ClassRef[]; unknownBase: boolean } {
  const classes: ClassRef[] = [];
  const queue: ClassRef[] = [start];
  let unknownBase = false;
  while (queue.length > 0 && classes.length < 12) {
    const current = queue.shift() as ClassRef;
    if (classes.some((c) => c.cls === current.cls)) continue;
    classes.push(current);
    for (const base of current.cls.bases) {
      const short = base.split('.').pop() ?? base;
      const next = resolveClass(project, current.file, base);
      if (next) queue.push(next);
      else if (!FRAMEWORK_BASES.test(base) && !FRAMEWORK_BASES.test(short) && !AUTH_MIXIN.test(short) && !/^(metaclass|abc\.|Generic\[|Protocol)/.test(base)) unknownBase = true;
    }
  }
  return { classes, unknownBase };
}

function judgeClass(project: Project, ref: ClassRef, global: DjangoGlobal): ViewVerdict {
  const { classes, unknownBase } = ancestry(project, ref);
  const bases = classes.flatMap((c) => c.cls.bases).join(' ');
  const drf = /APIView|ViewSet|GenericAPIView|generics\.|viewsets\./.test(bases);
  const write = DRF_WRITE_BASES.test(bases) || classes.some((c) => c.cls.methods.some((m) => WRITE_METHODS.test(m)));
  const at = { path: ref.file.path, line: ref.cls.line };
  const base: ViewVerdict = { write, drf, unknownBase, handlerAt: at };
  const permission = classes.map((c) => ({ c, f: c.cls.fields.find((f) => f.name === 'permission_classes') })).find((x) => x.f?.value !== undefined);
  if (permission?.f?.value) {
    const text = permission.f.value.text;
    if (OPEN_PERMISSIONS.test(text.trim())) return { ...base, public: true };
    const p: Protection = { via: 'view-class', text: `permission_classes=${text}`, at: { path: permission.c.file.path, line: permission.f.line } };
    const v = judgeProtection(project, p);
    const authz = /IsAdmin|Permission|Owner|Staff|Superuser|Role/.test(text.replace(/IsAuthenticated\w*/g, '')) ? (v.auth ?? 'enforced') : undefined;
    return { ...base, auth: v.auth ?? 'enforced', by: p, ...(authz ? { authz, authzBy: p } : {}) };
  }
  const mixins = classes.flatMap((c) => c.cls.bases.map((b) => ({ c, b }))).filter(({ b }) => AUTH_MIXIN.test(b.split('.').pop() ?? b));
  const mixin = mixins[0];
  if (mixin) {
    const p: Protection = { via: 'view-class', text: mixin.b, at: { path: mixin.c.file.path, line: mixin.c.cls.line } };
    const permission = mixins.find(({ b }) => AUTHZ_MIXIN.test(b));
    const authzBy: Protection | undefined = permission ? { via: 'view-class', text: permission.b, at: { path: permission.c.file.path, line: permission.c.cls.line } } : undefined;
    return { ...base, auth: 'enforced', by: p, ...(authzBy ? { authz: 'enforced' as const, authzBy } : {}) };
  }
  const decorated = classes.flatMap((c) => c.cls.decorators.map((d) => ({ c, d }))).find(({ d }) => /login_required|permission_required|user_passes_test|staff_member_required|superuser_required/.test(d.text));
  if (decorated) {
    const p: Protection = { via: 'decorator', text: decorated.d.text, at: { path: decorated.c.file.path, line: decorated.d.line } };
    return { ...base, auth: 'enforced', by: p, ...(/permission|staff|superuser/.test(decorated.d.text) ? { authz: 'enforced' as const, authzBy: p } : {}) };
  }
  // A project-defined base or mixin whose `dispatch` refuses anonymous callers (`ApiTokenRequiredMixin`).
  for (const c of classes) {
    const index = c.file.functions.findIndex((f) => f.className === c.cls.name && /^(dispatch|initial|check_permissions)$/.test(f.name));
    const fn = c.file.functions[index];
    if (!fn) continue;
    const a = analyseCheck(project, { file: c.file, fn, index });
    if (a.refusal && refusesForCredentials(project, { path: c.file.path, line: fn.line })) return { ...base, auth: 'enforced', by: { via: 'view-class', text: `${c.cls.name}.${fn.name}`, at: { path: c.file.path, line: fn.line }, code: { path: c.file.path, line: fn.line } } };
  }
  if (drf && global.drfDefault) return { ...base, auth: 'enforced', by: global.drfDefault };
  if (global.middleware) return { ...base, auth: 'enforced', by: global.middleware };
  return { ...base, auth: unknownBase ? 'unknown' : 'none' };
}

function judgeFunctionView(project: Project, file: CodeFacts, name: string, wrapper: string | undefined, global: DjangoGlobal): ViewVerdict | undefined {
  const ref = resolveFunctions(project, file, name)[0];
  if (!ref) return undefined;
  const at = { path: ref.file.path, line: ref.fn.line };
  const base: ViewVerdict = { write: false, drf: ref.fn.decorators.some((d) => d.name === 'api_view'), unknownBase: false, handlerAt: at };
  const methods = ref.fn.decorators.find((d) => d.name === 'api_view' || d.name === 'require_http_methods' || d.name === 'require_POST');
  base.write = methods ? /POST|PUT|PATCH|DELETE/.test(methods.text) || methods.name === 'require_POST' : /request\.method\s*==\s*["'](POST|PUT|PATCH|DELETE)/.test(project.readText(ref.file.path)?.split('\n').slice(ref.fn.line - 1, ref.fn.endLine).join('\n') ?? '');
  const candidates: Protection[] = [
    ...(wrapper ? [{ via: 'decorator' as const, text: wrapper, at: { path: file.path, line: 1 } }] : []),
    ...ref.fn.decorators.filter((d) => !/^(api_view|require_\w+|csrf_exempt|never_cache|cache_page|transaction\.\w+)$/.test(d.name)).map((d) => ({ via: 'decorator' as const, text: d.text, at: { path: ref.file.path, line: d.line } })),
  ];
  for (const p of candidates) {
    if (/permission_classes\(\s*\[?\s*(AllowAny)?\s*\]?\s*\)/.test(p.text)) return { ...base, public: true };
    const v = judgeProtection(project, p);
    if (v.public) return { ...base, public: true };
    if (v.auth === 'enforced' || v.auth === 'placeholder') return { ...base, auth: v.auth, by: p, ...(v.placeholder ? { placeholder: v.placeholder } : {}), ...(v.authz ? { authz: v.authz, authzBy: p } : {}) };
  }
  if (base.drf && global.drfDefault) return { ...base, auth: 'enforced', by: global.drfDefault };
  if (global.middleware && !ref.fn.decorators.some((d) => /login_not_required/.test(d.name))) return { ...base, auth: 'enforced', by: global.middleware };
  return { ...base, auth: 'none' };
}

/** What protects a Django URLconf entry or DRF router registration. */
export function judgeDjangoRoute(project: Project, route: Route, global: DjangoGlobal): ViewVerdict | undefined {
  const file = project.file(route.path);
  if (file?.kind !== 'code') return undefined;
  const wrapped = /^(\w[\w.]*)\((.+)\)$/s.exec(route.handler);
  const wrapper = wrapped && !/\.as_view$/.test(wrapped[1] ?? '') && /login|permission|auth|staff|superuser/i.test(wrapped[1] ?? '') ? wrapped[1] : undefined;
  const inner = wrapper ? (wrapped?.[2] ?? route.handler) : route.handler;
  const viewName = /([A-Za-z_][\w.]*?)\.as_view\b/.exec(inner)?.[1];
  if (viewName || /^[A-Z]/.test(inner.split('.').pop() ?? '')) {
    const ref = resolveClass(project, file, viewName ?? inner);
    return ref ? judgeClass(project, ref, global) : undefined;
  }
  return judgeFunctionView(project, file, inner.replace(/\(.*$/s, ''), wrapper, global);
}

export function isWriteView(cls: ClassFact): boolean {
  return cls.methods.some((m) => WRITE_METHODS.test(m));
}
