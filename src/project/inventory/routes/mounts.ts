/**
 * Putting routes under their mounts: each route's router is looked up among the mounts' targets, then the router it
 * is mounted on, up to the app. The route gets the prefixes (outermost first), the guards given at each mount and
 * on each parent router's constructor, the condition of a conditional include, and the chain itself as evidence.
 */
import { joinRoute, type Mount, type PendingMount, type Route, type RouterObject } from './model.js';

function fileOf(key: string): string {
  return key.slice(0, key.lastIndexOf('#'));
}

/** Does a mount's target name the router at `key` (`file#variable`)? A `file#*` target names every router of the file. */
function targets(mount: PendingMount, key: string): boolean {
  return mount.target === key || (mount.target.endsWith('#*') && fileOf(mount.target) === fileOf(key));
}

/** The mounts from the router at `key` up to the app, innermost first. */
export function mountChain(key: string, mounts: readonly PendingMount[]): PendingMount[] {
  const chain: PendingMount[] = [];
  const seen = new Set<string>();
  let current = key;
  while (!seen.has(current) && chain.length < 12) {
    seen.add(current);
    const candidates = mounts.filter((m) => targets(m, current) && !chain.includes(m));
    // An exact target wins over a whole-module one; a mount in another file wins over one in the router's own file.
    const mount = candidates.find((m) => m.target === current) ?? candidates.find((m) => m.path !== fileOf(current)) ?? candidates[0];
    if (!mount) break;
    chain.push(mount);
    current = mount.parent;
  }
  return chain;
}

function plain(mount: PendingMount): Mount {
  return { path: mount.path, line: mount.line, prefix: mount.prefix, ...(mount.prefixUnknown ? { prefixUnknown: true } : {}), guards: mount.guards, detail: mount.detail, parent: mount.parent, ...(mount.when ? { when: mount.when } : {}) };
}

/**
 * A target naming a variable the file has no router or app by (`app.use('/api', routes.api)` where the module
 * exports its `apiRouter` as `api`) names the module itself.
 */
function widenTargets(mounts: readonly PendingMount[], routes: readonly Route[], routers: ReadonlyMap<string, RouterObject>): PendingMount[] {
  const known = new Set([...routes.map((r) => `${r.path}#${r.owner ?? '*'}`), ...routers.keys(), ...mounts.map((m) => m.parent)]);
  // Never widened to the mounting file itself: a module does not mount itself.
  return mounts.map((m) => (m.target.endsWith('#*') || known.has(m.target) || fileOf(m.target) === m.path ? m : { ...m, target: `${fileOf(m.target)}#*` }));
}

export function applyMounts(routes: Route[], pending: readonly PendingMount[], routers: ReadonlyMap<string, RouterObject>): void {
  if (pending.length === 0) return;
  const mounts = widenTargets(pending, routes, routers);
  for (const route of routes) {
    const chain = mountChain(`${route.path}#${route.owner ?? '*'}`, mounts);
    if (chain.length === 0) continue;
    // The router a mount attaches to adds its own prefix too (`APIRouter(prefix="/{org}")`, a nested blueprint).
    const prefix = [...chain].reverse().reduce((p, m) => [routers.get(m.parent)?.prefix ?? '', m.prefix].reduce((q, x) => (x ? joinRoute(q, x) : q), p), '');
    if (prefix !== '' && prefix !== '/') route.route = joinRoute(prefix, route.route);
    if (chain.some((m) => m.prefixUnknown)) route.prefixUnknown = true;
    const when = chain.find((m) => m.when)?.when;
    if (when) route.includedWhen = when;
    const inherited = [...chain].reverse().flatMap((m) => [...(routers.get(m.parent)?.guards ?? []), ...m.guards]);
    route.guards = [...new Set(inherited.filter((g) => !route.guards.includes(g))), ...route.guards];
    route.mounts = chain.map(plain);
  }
}
