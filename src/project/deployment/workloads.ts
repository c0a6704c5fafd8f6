/**
 * Kubernetes workloads, from plain manifests and from Helm charts (read through their default values), with the
 * objects around them: the Services that select them, the Ingresses and routes that reach those Services,
 * disruption budgets, autoscalers and network policies.
 */
import { at, items, str } from '../../facts/located.js';
import type { HelmChart, K8sObject } from '../inventory/infra.js';
import type { HelmField, HelmObject, Tri } from '../inventory/helm.js';
import type { Project } from '../project.js';

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod', 'Job', 'CronJob']);
const LONG_RUNNING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export interface ManifestWorkload {
  origin: 'manifest';
  path: string;
  line: number;
  kind: string;
  name: string;
  object: K8sObject;
}

export interface HelmWorkload {
  origin: 'helm';
  path: string;
  line: number;
  kind: string;
  name: string;
  chart: HelmChart;
  object: HelmObject;
}

export type Workload = ManifestWorkload | HelmWorkload;

function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  return keys.every((k) => labels[k] === selector[k]);
}

const NOT_SHIPPED = new Set(['test', 'fixture', 'example', 'docs']);

/** Objects from manifests that ship: not tests, examples, docs or kustomize patches. */
export function manifestObjects(project: Project): K8sObject[] {
  return project.inventory.infra.kubernetes.filter((o) => {
    const role = project.file(o.path)?.role;
    return role !== undefined && !NOT_SHIPPED.has(role) && !o.patch;
  });
}

/** Long-running workloads (or the given kinds), from manifests and from Helm charts that render them by default. */
export function workloads(project: Project, kinds: ReadonlySet<string> = LONG_RUNNING_KINDS): Workload[] {
  const out: Workload[] = [];
  for (const object of manifestObjects(project)) {
    if (!kinds.has(object.kind)) continue;
    // A fragment without images is an overlay's patch or a partial example: nothing to judge.
    if (object.containers.length === 0 || object.containers.some((c) => c.image === '')) continue;
    out.push({ origin: 'manifest', path: object.path, line: object.nameLine, kind: object.kind, name: object.name, object });
  }
  for (const chart of project.inventory.infra.helm) {
    const several = chart.objects.filter((o) => LONG_RUNNING_KINDS.has(o.kind) && o.renders === 'yes').length > 1;
    for (const object of chart.objects) {
      // Only what renders with the default values is judged; `unknown` (a range, an undecidable condition) is not.
      if (!kinds.has(object.kind) || object.renders !== 'yes') continue;
      const name = several ? `${chart.name}/${templateStem(object.template) || object.kind.toLowerCase()}` : chart.name;
      out.push({ origin: 'helm', path: object.template, line: object.line, kind: object.kind, name, chart, object });
    }
  }
  return out;
}

/**
 * Image names a build tool replaces at deploy time: skaffold artifacts (`image: adservice`), kustomize `images:`
 * entries with a new tag or digest. A manifest naming them carries a placeholder, not the image that runs.
 */
export function substitutedImages(project: Project): Set<string> {
  const out = new Set<string>();
  for (const file of project.data('yaml')) {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    for (const doc of file.documents) {
      if (/^skaffold\.ya?ml$/.test(name)) {
        for (const artifact of items(at(doc, 'build', 'artifacts'))) {
          const image = str(at(artifact, 'image'));
          if (image) out.add(image);
        }
      } else if (/^kustomization\.ya?ml$/.test(name)) {
        for (const entry of items(at(doc, 'images'))) {
          const image = str(at(entry, 'name'));
          if (image && (at(entry, 'newTag') || at(entry, 'digest') || at(entry, 'newName'))) out.add(image);
        }
      }
    }
  }
  return out;
}

/**
 * Objects are matched to a workload by labels only within the same top folder: manifests rarely name their
 * namespace, and two example apps in one repository often share labels (`app: frontend`).
 */
function sameUnit(a: { path: string }, b: { path: string }): boolean {
  return a.path.split('/')[0] === b.path.split('/')[0];
}

/** Services that send traffic to a manifest workload. */
export function servicesOf(project: Project, workload: ManifestWorkload): K8sObject[] {
  return manifestObjects(project).filter((o) => o.kind === 'Service' && sameUnit(o, workload) && o.selector && Object.keys(o.selector).length > 0 && selects(o.selector, workload.object.podLabels));
}

/** Objects of a kind in the same chart that render (yes) or might (unknown) with the default values. */
export function chartObjects(chart: HelmChart, kind: string): HelmObject[] {
  return chart.objects.filter((o) => o.kind === kind && o.renders !== 'no');
}

/** `hub-deployment.yaml` → `hub`, `deployment.yaml` → ``, `api-svc.yaml` → `api`: what a template is about. */
function templateStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '');
  return name.replace(/(^|-)(deployment|deploy|statefulset|sts|daemonset|service|svc)$/, '');
}

/**
 * The workload serves traffic: a Service selects it. In a chart with one workload, a Service that renders counts;
 * with several, the Service must be named like the workload's template (`hub-deployment.yaml` ↔ `hub-service.yaml`).
 */
export function servesTraffic(project: Project, workload: Workload): Tri {
  if (workload.origin === 'helm') {
    const services = chartObjects(workload.chart, 'Service');
    const several = workload.chart.objects.filter((o) => LONG_RUNNING_KINDS.has(o.kind) && o.renders !== 'no').length > 1;
    const mine = several ? services.filter((s) => templateStem(s.template) === templateStem(workload.path)) : services;
    return mine.some((s) => s.renders === 'yes') ? 'yes' : mine.length > 0 ? 'unknown' : 'no';
  }
  if (servicesOf(project, workload).length > 0) return 'yes';
  return workload.object.containers.some((c) => c.ports.length > 0) ? 'unknown' : 'no';
}

/** Outside traffic reaches the workload: an Ingress/HTTPRoute to one of its Services, or a LoadBalancer/NodePort Service. */
export function publicEntry(project: Project, workload: Workload): { path: string; line: number; what: string } | null {
  if (workload.origin === 'helm') {
    const entry = [...chartObjects(workload.chart, 'Ingress'), ...chartObjects(workload.chart, 'HTTPRoute')].find((o) => o.renders === 'yes');
    return entry ? { path: entry.template, line: entry.line, what: entry.kind } : null;
  }
  const services = servicesOf(project, workload);
  const external = services.find((s) => s.serviceType === 'LoadBalancer' || s.serviceType === 'NodePort');
  if (external) return { path: external.path, line: external.nameLine, what: `${external.serviceType} Service \`${external.name}\`` };
  const names = new Set(services.map((s) => s.name));
  const route = manifestObjects(project).find((o) => (o.kind === 'Ingress' || o.kind === 'HTTPRoute') && sameUnit(o, workload) && (o.backends ?? []).some((b) => names.has(b)));
  return route ? { path: route.path, line: route.nameLine, what: `${route.kind} \`${route.name}\`` } : null;
}

/** A PodDisruptionBudget covers the workload. */
export function disruptionBudget(project: Project, workload: Workload): { path: string; line: number } | null | 'unknown' {
  if (workload.origin === 'helm') {
    const pdbs = chartObjects(workload.chart, 'PodDisruptionBudget');
    const sure = pdbs.find((p) => p.renders === 'yes');
    if (sure) return { path: sure.template, line: sure.line };
    return pdbs.length > 0 ? 'unknown' : null;
  }
  const pdb = manifestObjects(project).find((o) => o.kind === 'PodDisruptionBudget' && sameUnit(o, workload) && selects(o.selector, workload.object.podLabels));
  return pdb ? { path: pdb.path, line: pdb.nameLine } : null;
}

/** An autoscaler targets the workload. */
export function autoscaler(project: Project, workload: Workload): { path: string; line: number } | null | 'unknown' {
  if (workload.origin === 'helm') {
    const hpas = [...chartObjects(workload.chart, 'HorizontalPodAutoscaler'), ...chartObjects(workload.chart, 'ScaledObject')];
    const sure = hpas.find((p) => p.renders === 'yes');
    if (sure) return { path: sure.template, line: sure.line };
    return hpas.length > 0 ? 'unknown' : null;
  }
  const hpa = manifestObjects(project).find((o) => o.scaleTarget && sameUnit(o, workload) && o.scaleTarget.name === workload.name && o.scaleTarget.kind === workload.kind);
  return hpa ? { path: hpa.path, line: hpa.nameLine } : null;
}

/** A NetworkPolicy selects the workload's pods (an empty podSelector selects every pod of its namespace). */
export function networkPolicy(project: Project, workload: Workload): { path: string; line: number } | null | 'unknown' {
  if (workload.origin === 'helm') {
    const policies = chartObjects(workload.chart, 'NetworkPolicy');
    const sure = policies.find((p) => p.renders === 'yes');
    if (sure) return { path: sure.template, line: sure.line };
    return policies.length > 0 ? 'unknown' : null;
  }
  const policy = manifestObjects(project).find((o) => o.kind === 'NetworkPolicy' && sameUnit(o, workload) && selects(o.selector ?? {}, workload.object.podLabels));
  return policy ? { path: policy.path, line: policy.nameLine } : null;
}

/** "`.Values.resources` (values.yaml:12)": the values that drive a Helm field, with their lines. */
export function describeDrivers(chart: HelmChart, field: HelmField | undefined): string {
  const drivers = field?.drivers ?? [];
  if (drivers.length === 0) return '';
  // When some drivers switch the field off, those are the ones to name.
  const off = drivers.filter((d) => d.truth === 'no');
  if (off.length > 0 && off.length < drivers.length) return describeDrivers(chart, { ...field, drivers: off } as HelmField);
  const file = chart.values?.path ?? 'values.yaml';
  return drivers
    .slice(0, 2)
    .map((d) => `\`.Values.${d.path}\`${d.line === null ? ` (not set in ${file})` : ` (${file}:${d.line})`}`)
    .join(', ');
}

/** Related locations for a Helm field: the values lines that drive it. */
export function driverLocations(chart: HelmChart, field: HelmField | undefined): Array<{ path: string; line: number }> {
  const file = chart.values?.path;
  if (!file) return [];
  const drivers = field?.drivers ?? [];
  // For a field that renders empty, the values that switch it off come first: that is where the fix goes.
  const ordered = field?.state === 'empty' ? [...drivers.filter((d) => d.truth === 'no'), ...drivers.filter((d) => d.truth !== 'no')] : drivers;
  return ordered.filter((d) => d.line !== null).slice(0, 2).map((d) => ({ path: file, line: d.line ?? 1 }));
}

/**
 * A Helm field as a rule reports it: `absent` (the template never writes it), `empty` (written, but the values that
 * fill it are empty with the defaults), `set`, or `unknown`; with the line where a fix goes (the values line when a
 * value drives it, else the template line) and the words that say which value drives it.
 */
export interface HelmFieldView {
  state: 'absent' | 'empty' | 'set' | 'unknown';
  at: { path: string; line: number };
  related: Array<{ path: string; line: number }>;
  via: string;
  field?: HelmField;
}

export function helmField(workload: HelmWorkload, name: keyof HelmObject['fields']): HelmFieldView {
  const field = workload.object.fields[name];
  if (!field) return { state: 'absent', at: { path: workload.path, line: workload.line }, related: [], via: '' };
  const values = driverLocations(workload.chart, field);
  const via = describeDrivers(workload.chart, field);
  const first = values[0];
  if (field.state === 'empty' && first) return { state: 'empty', at: first, related: [{ path: workload.path, line: field.line }], via, field };
  return { state: field.state, at: { path: workload.path, line: field.line }, related: values, via, field };
}
