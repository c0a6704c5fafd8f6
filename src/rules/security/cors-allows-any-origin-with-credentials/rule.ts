import type { CallFact, CodeFacts, ValueFact } from '../../../facts/types.js';
import { defineRule } from '../../../engine/rule.js';
import { importedNames, isDevOnlyPath, moduleAliases } from '../shared.js';

type MessageId = 'starlette' | 'flaskCors' | 'djangoCors' | 'reflectOrigin' | 'manualReflect';

interface Hit {
  messageId: MessageId;
  line: number;
  endLine?: number;
  data?: Record<string, string>;
  related?: Array<{ path: string; line: number }>;
  confidence?: 'medium';
}

function isTrue(value: ValueFact | undefined): boolean {
  return value?.kind === 'bool' && value.value === true;
}

/** `["*"]`, `"*"`, `('*',)`. */
function isWildcard(value: ValueFact | undefined): boolean {
  return value !== undefined && /^[[(]?\s*['"]\*['"]\s*,?\s*[\])]?$/.test(value.text);
}

/** A regex that matches every origin: `.*`, `https?://.*`, `^.*$`. */
function isMatchAll(value: ValueFact | undefined): boolean {
  return value?.kind === 'string' && /^\^?(https?\??:\/\/)?\.\*\$?$/.test(String(value.value));
}

/** Starlette/FastAPI CORSMiddleware reflects the caller's Origin for credentialed requests when it allows every origin. */
function starletteHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  for (const call of file.calls) {
    const middleware = /(^|\.)add_middleware$|(^|\.)Middleware$/.test(call.callee) && /CORSMiddleware$/.test(call.args[0]?.text ?? '');
    if (!middleware && !/(^|\.)CORSMiddleware$/.test(call.callee)) continue;
    const origins = call.kwargs['allow_origins'];
    const regex = call.kwargs['allow_origin_regex'];
    if (isTrue(call.kwargs['allow_credentials']) && (isWildcard(origins) || isMatchAll(regex))) {
      hits.push({ messageId: 'starlette', line: call.line, endLine: call.endLine, data: { origins: (isWildcard(origins) ? origins : regex)?.text ?? '' } });
    }
  }
  return hits;
}

/** Flask-CORS echoes the request Origin when credentials are supported and origins are `*` (its default). */
function flaskCorsHits(file: CodeFacts): Hit[] {
  const names = importedNames(file, 'flask_cors');
  const hits: Hit[] = [];
  const check = (callee: string, kwargs: CallFact['kwargs'], line: number): void => {
    if (!isTrue(kwargs['supports_credentials'])) return;
    const origins = kwargs['origins'] ?? kwargs['resources'];
    const any = origins === undefined || isWildcard(origins) || /['"]origins['"]\s*:\s*['"]\*['"]/.test(origins.text);
    if (any) hits.push({ messageId: 'flaskCors', line, data: { call: callee }, confidence: 'medium' });
  };
  for (const call of file.calls) if (names.has(call.callee) && /^(CORS|cross_origin)$/.test(call.callee)) check(call.callee, call.kwargs, call.line);
  for (const fn of file.functions) for (const d of fn.decorators) if (d.name === 'cross_origin' && names.has('cross_origin')) check('cross_origin', d.kwargs, d.line);
  return hits;
}

/** The `cors` package, NestJS `enableCors`/`cors:` and @fastify/cors reflect the Origin for `origin: true` or a callback that always says yes. */
function reflectsEveryOrigin(origin: ValueFact | undefined): boolean {
  if (!origin) return false;
  if (origin.kind === 'bool') return origin.value === true;
  return origin.kind === 'lambda' && /\(\s*null\s*,\s*(true|origin)\s*\)\s*;?\s*}?\s*\)?$/.test(origin.text) && !/\b(if|includes|indexOf|test|has|match|===|==)\b/.test(origin.text);
}

function corsOptions(call: CallFact): ValueFact[] {
  const out: ValueFact[] = [];
  for (const arg of call.args) {
    if (arg.kind !== 'object') continue;
    out.push(arg);
    const nested = arg.props?.['cors'];
    if (nested?.kind === 'object') out.push(nested);
  }
  return out;
}

function jsHits(file: CodeFacts): Hit[] {
  const hits: Hit[] = [];
  const cors = new Set([...moduleAliases(file, 'cors', '@fastify/cors', '@koa/cors', 'hono/cors'), ...importedNames(file, 'hono/cors')]);
  for (const call of file.calls) {
    const relevant =
      cors.has(call.callee) || /(^|\.)enableCors$/.test(call.callee) || /^NestFactory\.create$/.test(call.callee) || (/(^|\.)(register|use)$/.test(call.callee) && cors.has(call.args[0]?.text ?? ''));
    if (!relevant) continue;
    for (const options of corsOptions(call)) {
      const origin = options.props?.['origin'];
      if (isTrue(options.props?.['credentials']) && reflectsEveryOrigin(origin)) {
        hits.push({ messageId: 'reflectOrigin', line: call.line, endLine: call.endLine, data: { origin: origin?.text ?? '' } });
      }
    }
  }
  // Hand-written headers: Allow-Origin set to the request's own Origin, with Allow-Credentials: true.
  const setHeader = (name: RegExp, value: RegExp): CallFact | undefined =>
    file.calls.find((c) => /(^|\.)(setHeader|header|set|append)$/.test(c.callee) && c.args[0]?.kind === 'string' && name.test(String(c.args[0].value)) && value.test(c.args[1]?.text ?? ''));
  const reflected = setHeader(/^access-control-allow-origin$/i, /\b(req|request|ctx)\.(headers?\.origin|get\(['"]origin['"]\)|header\(['"]origin['"]\))|headers\[['"]origin['"]\]/i);
  const credentials = setHeader(/^access-control-allow-credentials$/i, /^['"`]?true['"`]?$/);
  if (reflected && credentials) hits.push({ messageId: 'manualReflect', line: reflected.line, data: {}, related: [{ path: file.path, line: credentials.line }] });
  return hits;
}

export default defineRule<MessageId>({
  meta: {
    code: 'SEC005',
    name: 'cors-allows-any-origin-with-credentials',
    category: 'security',
    severity: 'high',
    confidence: 'high',
    title: 'CORS lets any origin make credentialed requests',
    description: 'CORS configuration that accepts every origin and also allows credentials, so the server echoes any site\'s Origin with Allow-Credentials: true.',
    archetypes: ['service'],
    nonGoal: 'A local development server or static file server that opens CORS behind an explicit flag serves its own user; there is no session of someone else to steal.',
    messages: {
      starlette: '`CORSMiddleware` allows every origin ({{origins}}) with `allow_credentials=True`: Starlette then echoes the caller\'s Origin for cookie-bearing requests, so any web site can read responses with the user\'s session.',
      flaskCors: '`{{call}}(supports_credentials=True)` with origins `*` (the default): Flask-CORS echoes the caller\'s Origin, so any web site can make credentialed requests and read the answers.',
      djangoCors: '`{{name}} = True` together with `CORS_ALLOW_CREDENTIALS = True`: django-cors-headers echoes the caller\'s Origin, so any web site can make credentialed requests and read the answers.',
      reflectOrigin: 'CORS `origin: {{origin}}` reflects every Origin and `credentials: true` allows cookies: any web site can call the API as the logged-in user and read the answers.',
      manualReflect: '`Access-Control-Allow-Origin` is set to the request\'s own Origin header and `Access-Control-Allow-Credentials` to true: any web site can make credentialed requests and read the answers.',
    },
    fix: 'List the trusted origins explicitly (from configuration) when credentials are allowed, or drop credentials for a public API that allows every origin.',
    acceptance: 'Credentialed CORS responses are sent only to an explicit allow-list of origins.',
    references: ['CWE-942: Permissive Cross-domain Policy with Untrusted Domains', 'CWE-346: Origin Validation Error', 'OWASP ASVS 4.0 §14.5.3', 'PortSwigger Web Security Academy: CORS'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const settings = new Map<string, { path: string; line: number }>();
    for (const file of project.code()) {
      if (isDevOnlyPath(file.path)) continue;
      const hits = file.language === 'python' ? [...starletteHits(file), ...flaskCorsHits(file)] : jsHits(file);
      const seen = new Set<number>();
      for (const hit of hits) {
        if (seen.has(hit.line)) continue;
        seen.add(hit.line);
        report({ messageId: hit.messageId, data: hit.data ?? {}, path: file.path, line: hit.line, ...(hit.endLine ? { endLine: hit.endLine } : {}), ...(hit.related ? { related: hit.related } : {}), ...(hit.confidence ? { confidence: hit.confidence } : {}) });
      }
      if (file.language !== 'python') continue;
      for (const b of file.bindings) {
        if (b.fn === -1 && /^(CORS_ALLOW_ALL_ORIGINS|CORS_ORIGIN_ALLOW_ALL|CORS_ALLOW_CREDENTIALS)$/.test(b.name) && isTrue(b.value)) settings.set(b.name, { path: file.path, line: b.line });
      }
    }
    const all = settings.get('CORS_ALLOW_ALL_ORIGINS') ?? settings.get('CORS_ORIGIN_ALLOW_ALL');
    const credentials = settings.get('CORS_ALLOW_CREDENTIALS');
    if (all && credentials) {
      const name = settings.has('CORS_ALLOW_ALL_ORIGINS') ? 'CORS_ALLOW_ALL_ORIGINS' : 'CORS_ORIGIN_ALLOW_ALL';
      report({ messageId: 'djangoCors', data: { name }, path: all.path, line: all.line, related: [credentials] });
    }
  },
});
