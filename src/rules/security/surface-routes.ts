/**
 * Helpers the surface rules share: which routes of a component's surface are judged as exposed (not registered
 * only in development, not refusing every caller, not a development file), and how a route is named in a message.
 * Not a rule (the registry only takes folders with a rule.ts).
 */
import type { ComponentProfile } from '../../model/report.js';
import { inDevOnlyBranch } from '../../project/knowledge/dev-only.js';
import type { Project } from '../../project/project.js';
import { surfaceOf, type ComponentSurface, type SurfaceRoute } from '../../project/surface/index.js';
import { isDevOnlyPath } from './shared.js';

/** An inline handler that only refuses (`ctx.status = 405`, `ctx.throw(500)`, `res.sendStatus(404)`): it changes nothing. */
const REFUSING_HANDLER = /status\s*=\s*(404|405|501)\b|\.throw\(\s*\d{3}|sendStatus\(\s*(404|405|501)\s*\)|status\(\s*(404|405|501)\s*\)|method not allowed/i;

function refusesOnly(project: Project, r: SurfaceRoute): boolean {
  if (r.route.handler !== '(inline)') return false;
  const file = project.file(r.declared.path);
  const call = file?.kind === 'code' ? file.calls.find((c) => c.line === r.declared.line && c.args[0]?.kind === 'string') : undefined;
  const handler = call?.args[call.args.length - 1];
  return handler?.kind === 'lambda' && REFUSING_HANDLER.test(handler.text);
}

function devOnly(project: Project, r: SurfaceRoute): boolean {
  const file = project.file(r.declared.path);
  return isDevOnlyPath(r.declared.path) || (file?.kind === 'code' && inDevOnlyBranch(file, r.declared.line));
}

/** The routes of a component that the security rules judge: exposed in production and able to do something. */
export function exposedRoutes(project: Project, component: ComponentProfile): { surface: ComponentSurface; routes: SurfaceRoute[] } {
  const surface = surfaceOf(project, component);
  return { surface, routes: surface.routes.filter((r) => !r.conditional && !devOnly(project, r) && !refusesOnly(project, r)) };
}

export function describeRoute(r: SurfaceRoute): string {
  return `${r.method === 'ANY' ? '' : `${r.method} `}${r.path}`;
}

export function handlerName(r: SurfaceRoute): string {
  return r.route.handler === '(inline)' ? 'inline handler' : r.route.handler;
}

/** Up to `max` routes, as `POST /items, DELETE /items/{id}, …`. */
export function listRoutes(routes: readonly SurfaceRoute[], max = 5): string {
  return routes.slice(0, max).map(describeRoute).join(', ') + (routes.length > max ? `, … (${routes.length} in all)` : '');
}

/** Severity moved by exposure: a service known to be internal drops a step; a public one, or one whose exposure is not shown, keeps it. */
export function byExposure(surface: ComponentSurface, severity: 'high' | 'medium'): 'high' | 'medium' | 'low' {
  if (surface.exposure.level !== 'internal') return severity;
  return severity === 'high' ? 'medium' : 'low';
}

export function exposureNote(surface: ComponentSurface): string {
  const first = surface.exposure.evidence[0];
  if (surface.exposure.level === 'public') return first ? ` The service is public (${first.detail}, ${first.path}:${first.line}).` : ' The service is public.';
  return surface.exposure.level === 'internal' ? ' The service is configured as internal, so only callers inside its network can reach it.' : ' The repository does not show how the service is exposed.';
}
