/**
 * Who can reach a service, from what the repository deploys: an Ingress, a LoadBalancer or NodePort Service, a
 * published compose port or a Traefik host rule, a Procfile web process, a platform file (Fly, Render, Heroku,
 * Vercel, Railway, App Engine, Cloud Run); and its CORS policy. Wrong or missing exposure only moves severities.
 */
import type { ComponentProfile } from '../../model/report.js';
import type { Project } from '../project.js';
import type { ExposureInfo, Where } from './model.js';

const PLATFORM_FILE = /(^|\/)(fly\.toml|render\.yaml|app\.json|vercel\.json|railway\.(json|toml)|app\.yaml|netlify\.toml|Procfile|heroku\.yml|wrangler\.(toml|jsonc?)|service\.yaml)$/;

function speaksFor(project: Project, component: ComponentProfile, path: string): boolean {
  const owner = project.componentOf(path)?.path ?? '.';
  return owner === component.path || owner === '.';
}

function cors(project: Project, component: ComponentProfile): ExposureInfo['cors'] {
  for (const file of project.code()) {
    if ((project.componentOf(file.path)?.path ?? '.') !== component.path) continue;
    for (const call of file.calls) {
      const isCors = /(^|\.)(cors|CORS)$/.test(call.callee) || (/\.add_middleware$/.test(call.callee) && /CORSMiddleware/.test(call.args[0]?.text ?? '')) || (/\.register$/.test(call.callee) && /cors/i.test(call.args[0]?.text ?? ''));
      if (!isCors) continue;
      const text = `${call.args.map((a) => a.text).join(' ')} ${Object.entries(call.kwargs)
        .map(([k, v]) => `${k}=${v.text}`)
        .join(' ')}`;
      const anyOrigin = /origins?\s*[:=]\s*(\[\s*)?["'`]\*["'`]|origin\s*:\s*true|allow_origins\s*=\s*\[\s*["']\*["']/.test(text) || (call.args.length === 0 && Object.keys(call.kwargs).length === 0);
      const credentials = /credentials\s*[:=]\s*(true|True)/.test(text);
      return { path: file.path, line: call.line, detail: `${call.callee}(${text.trim().slice(0, 80)})`, anyOrigin, credentials };
    }
  }
  for (const file of project.code({ languages: ['python'] })) {
    if ((project.componentOf(file.path)?.path ?? '.') !== component.path || !/settings/.test(file.path)) continue;
    const b = file.bindings.find((x) => /^CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL|ALLOWED_ORIGINS)$/.test(x.name));
    if (b) return { path: file.path, line: b.line, detail: `${b.name} = ${b.value.text}`, anyOrigin: /ALL/.test(b.name) && b.value.value === true, credentials: file.bindings.some((x) => x.name === 'CORS_ALLOW_CREDENTIALS' && x.value.value === true) };
  }
  return undefined;
}

export function exposureOf(project: Project, component: ComponentProfile): ExposureInfo {
  const evidence: Array<Where & { detail: string }> = [];
  const { infra } = project.inventory;
  for (const o of infra.kubernetes) {
    if (!speaksFor(project, component, o.path)) continue;
    if (o.kind === 'Ingress' || o.kind === 'IngressRoute' || o.kind === 'HTTPRoute') evidence.push({ path: o.path, line: o.line, detail: `${o.kind} ${o.name}${o.hosts?.length ? ` (${o.hosts.join(', ')})` : ''}` });
    if (o.kind === 'Service' && (o.serviceType === 'LoadBalancer' || o.serviceType === 'NodePort')) evidence.push({ path: o.path, line: o.line, detail: `Service ${o.name} of type ${o.serviceType}` });
  }
  const names = new Set([component.name, project.root.split('/').pop() ?? ''].map((n) => n.toLowerCase()).filter((n) => n.length > 2));
  for (const compose of infra.compose) {
    if (compose.override || !speaksFor(project, component, compose.path)) continue;
    for (const s of compose.services) {
      const built = s.build !== undefined && (project.componentOf(`${compose.path.includes('/') ? compose.path.slice(0, compose.path.lastIndexOf('/') + 1) : ''}${s.build.replace(/^\.\/?/, '')}/x`)?.path ?? '.') === component.path;
      // The project's own published image (`acme/shop:latest` for the shop repository) runs this component too.
      const image = (s.image ?? '').replace(/[:@].*$/, '').split('/').pop()?.toLowerCase() ?? '';
      const owned = built || (s.build === undefined && names.has(image));
      if (!owned) continue;
      const host = s.labels.find((l) => /traefik\.http\.routers\.[^.]+\.rule=.*Host\(/.test(l.value));
      if (host) evidence.push({ path: compose.path, line: host.line, detail: `compose service \`${s.name}\` routed by Traefik: ${host.value.slice(0, 60)}` });
      const published = s.ports.filter((p) => !/^(127\.0\.0\.1|localhost):/.test(p.value));
      if (published[0]) evidence.push({ path: compose.path, line: published[0].line, detail: `compose service \`${s.name}\` publishes ${published.map((p) => p.value).join(', ')}` });
    }
  }
  for (const p of infra.procfiles) if (p.process === 'web' && speaksFor(project, component, p.path)) evidence.push({ path: p.path, line: p.line, detail: `Procfile web process` });
  for (const path of project.files.map((f) => f.path)) if (PLATFORM_FILE.test(path) && !/Procfile$/.test(path) && speaksFor(project, component, path) && (project.file(path)?.role ?? 'config') !== 'test') evidence.push({ path, line: 1, detail: `platform file ${path.split('/').pop() ?? path}` });
  const corsPolicy = cors(project, component);
  const configuredInternal = component.configured === true && component.exposure === 'internal' && component.evidence.some((e) => e.path === '.seaworthy.yml' && /\binternal\b/.test(e.detail));
  const level = configuredInternal ? 'internal' : component.exposure === 'public' || evidence.length > 0 ? 'public' : 'unknown';
  return { level, evidence: evidence.slice(0, 6), ...(corsPolicy ? { cors: corsPolicy } : {}) };
}
