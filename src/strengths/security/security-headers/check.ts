import type { CodeFacts } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';
import type { Project } from '../../../project/project.js';

/** Middleware packages that set CSP, HSTS, frame options and friends. */
const HEADER_PACKAGES = /^(helmet|@fastify\/helmet|koa-helmet|fastify-helmet|@hono\/secure-headers)$/;

interface Place {
  path: string;
  line: number;
  what: string;
  related?: { path: string; line: number };
}

/** `app.use(helmet())`, `app.register(helmet, …)`, `app.use('*', secureHeaders())`: the imported middleware is mounted. */
function mountedHeaderMiddleware(file: CodeFacts): Place | undefined {
  const imported = file.imports.filter((i) => HEADER_PACKAGES.test(i.module));
  const names = imported.flatMap((i) => i.names.filter((n) => n !== '*'));
  const required = file.calls.some((c) => c.callee === 'require' && c.args.some((a) => HEADER_PACKAGES.test(String(a.value ?? ''))));
  if (names.length === 0 && !required) return undefined;
  const mount = file.calls.find((c) => /(^|\.)(use|register)$/.test(c.callee) && c.args.some((a) => names.some((n) => new RegExp(`^${n.replace(/[$]/g, '\\$&')}\\b`).test(a.text)) || /\bhelmet\b|require\(["']@fastify\/helmet["']\)/.test(a.text)));
  return mount ? { path: file.path, line: mount.line, what: `\`${imported[0]?.module ?? 'helmet'}\` is mounted` } : undefined;
}

/** Flask-Talisman wrapping the app: `Talisman(app)` or `talisman.init_app(app)`. */
function talisman(file: CodeFacts): Place | undefined {
  if (!file.imports.some((i) => /^flask_talisman$/.test(i.module))) return undefined;
  const call = file.calls.find((c) => (/(^|\.)Talisman$/.test(c.callee) && c.args.length > 0) || /talisman\.init_app$/i.test(c.callee));
  return call ? { path: file.path, line: call.line, what: 'Flask-Talisman wraps the app' } : undefined;
}

/** Django: SecurityMiddleware installed with HSTS on (SECURE_HSTS_SECONDS > 0) or a CSP middleware installed. */
function djangoSecurity(project: Project, file: CodeFacts): Place | undefined {
  if (!file.bindings.some((b) => b.name === 'MIDDLEWARE')) return undefined;
  const lines = (project.readText(file.path) ?? '').split('\n');
  const middleware = lines.findIndex((l) => /["']django\.middleware\.security\.SecurityMiddleware["']/.test(l) && !/^\s*#/.test(l));
  if (middleware === -1) return undefined;
  const hsts = file.bindings.find((b) => b.name === 'SECURE_HSTS_SECONDS' && b.value.text !== '0' && b.value.value !== 0);
  const csp = lines.findIndex((l) => /["'](csp\.middleware\.CSPMiddleware|django\.middleware\.csp\.ContentSecurityPolicyMiddleware)["']/.test(l) && !/^\s*#/.test(l));
  if (!hsts && csp === -1) return undefined;
  return {
    path: file.path,
    line: middleware + 1,
    what: `Django's SecurityMiddleware is installed${hsts ? ' with HSTS on' : ''}${csp !== -1 ? ' with a Content-Security-Policy middleware' : ''}`,
    related: hsts ? { path: file.path, line: hsts.line } : { path: file.path, line: csp + 1 },
  };
}

export default defineStrength({
  meta: {
    code: 'STR067',
    name: 'security-headers',
    category: 'security',
    title: 'Security headers set on every response',
    description: 'Credits a web app that mounts middleware setting browser security headers (CSP, HSTS, frame options, nosniff) on every response: helmet, Flask-Talisman, or Django SecurityMiddleware with HSTS or CSP.',
    condition:
      'Production code mounts helmet (`app.use(helmet())`, `app.register(helmet)`, koa-helmet, Hono secure-headers) or wraps a Flask app with Flask-Talisman; or Django settings install `SecurityMiddleware` and turn HSTS on (`SECURE_HSTS_SECONDS` not 0) or install a CSP middleware. An import that is never mounted earns nothing.',
    archetypes: ['service', 'frontend'],
    opposes: [],
    references: ['OWASP Secure Headers Project', 'helmet docs', 'Django docs: Security middleware'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const file of project.code()) {
      const component = project.componentOf(file.path)?.path ?? '.';
      if (credited.has(component)) continue;
      const place = file.language === 'python' ? (talisman(file) ?? djangoSecurity(project, file)) : mountedHeaderMiddleware(file);
      if (!place) continue;
      credited.add(component);
      credit({
        message: `${place.what}: every response carries browser security headers without each route having to remember them.`,
        path: place.path,
        line: place.line,
        ...(place.related ? { related: [place.related] } : {}),
      });
    }
  },
});
