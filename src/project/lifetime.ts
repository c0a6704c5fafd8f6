/**
 * Does a component run as a long-lived process? Services and workers do; so does a CLI whose command starts a
 * server (a static file server, a dev server): an error that kills its process takes the server down with it.
 */
import type { CodeLanguage } from '../facts/types.js';
import type { ComponentProfile } from '../model/report.js';
import type { Project } from './project.js';

export interface Lifetime {
  longLived: boolean;
  /** Why: the archetype, or the server a CLI starts (`https.createServer(…) at source/server.ts:120`). */
  reason: string;
}

export function lifetimeOf(project: Project, component: ComponentProfile): Lifetime {
  if (component.archetype === 'service' || component.archetype === 'worker') return { longLived: true, reason: `a ${component.archetype}` };
  if (component.archetype !== 'cli') return { longLived: false, reason: `a ${component.archetype}` };
  const server = project.inventory.runtime.servers.find((s) => project.componentOf(s.path) === component);
  if (server) return { longLived: true, reason: `a CLI that runs a server (${server.detail} at ${server.path}:${server.line})` };
  return { longLived: false, reason: 'a one-shot CLI' };
}

export const JS_LANGUAGES: readonly CodeLanguage[] = ['typescript', 'tsx', 'javascript'];
