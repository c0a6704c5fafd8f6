/**
 * Which component's code a Kubernetes container or Helm chart runs: matched by image name against the images the
 * repository builds (compose `image:` of built services, component names and folders). A Helm chart whose image
 * matches nothing, in a repository with a single service, is taken to deploy that service, with lower certainty;
 * a plain manifest is not (third-party images such as redis or nginx are deployed next to the app).
 */
import type { ComponentProfile } from '../../model/report.js';
import { str } from '../../facts/located.js';
import { imageUses } from './images.js';
import { imageBaseName } from '../inventory/infra.js';
import { imageNames } from './security.js';
import type { Workload } from './workloads.js';
import type { Project } from '../project.js';

export interface Owner {
  component: ComponentProfile;
  /** `image`: the image name matched; `only-service`: the repository has one service and nothing contradicts it. */
  how: 'image' | 'only-service';
}

/** Image references a workload runs: its containers' images, or for a chart `.Values.image.repository`. */
function workloadImages(workload: Workload): string[] {
  if (workload.origin === 'manifest') return workload.object.containers.map((c) => c.image);
  const repository = str(workload.chart.values?.doc ? valueAt(workload.chart.values.doc, ['image', 'repository']) : undefined);
  return repository ? [repository] : [];
}

function valueAt(doc: Parameters<typeof str>[0], path: string[]): Parameters<typeof str>[0] {
  let node = doc;
  for (const key of path) node = node?.t === 'map' ? node.entries.find((e) => e.key === key)?.value : undefined;
  return node;
}

export function ownerOfImage(project: Project, image: string): ComponentProfile | null {
  const base = imageBaseName(image);
  if (base === '' || base.includes('{{') || base.includes('$')) return null;
  for (const use of imageUses(project)) {
    if (use.component && imageNames(use).has(base)) return use.component;
  }
  return project.components.find((c) => c.path !== '.' && (c.name === base || c.path.slice(c.path.lastIndexOf('/') + 1) === base)) ?? null;
}

export function ownerOf(project: Project, workload: Workload): Owner | null {
  const images = workloadImages(workload);
  for (const image of images) {
    const component = ownerOfImage(project, image);
    if (component) return { component, how: 'image' };
  }
  if (workload.origin !== 'helm') return null;
  const byName = project.components.find((c) => c.archetype !== 'infra' && (c.name === workload.chart.name || c.path.slice(c.path.lastIndexOf('/') + 1) === workload.chart.name));
  if (byName) return { component: byName, how: 'image' };
  const services = project.components.filter((c) => c.archetype === 'service');
  const only = services[0];
  return services.length === 1 && only ? { component: only, how: 'only-service' } : null;
}
