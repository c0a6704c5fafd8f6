/**
 * Deployment files as data: Dockerfiles, compose files, Kubernetes manifests, Helm charts, Procfiles.
 * Pure functions of facts; every item carries its path and line.
 */
import type { DataFacts, DockerfileFacts, FileFacts, LNode, TextFacts } from '../../facts/types.js';
import { at, entries, entry, isMap, isSeq, items, str, toPlain } from '../../facts/located.js';
import { readHelmObjects, type HelmObject } from './helm.js';
import { dirOf, joinPath } from '../../util/paths.js';

export interface DockerStage {
  line: number;
  image: string;
  /** Tag after `:`, '' when none (implicitly `latest`). */
  tag: string;
  digest: boolean;
  alias?: string;
  /** The stage starts FROM an earlier stage of the same file. */
  fromStage: boolean;
  user?: { value: string; line: number };
  healthcheck?: { value: string; line: number };
  cmd?: { value: string; line: number };
  entrypoint?: { value: string; line: number };
  expose: Array<{ value: string; line: number }>;
  /** COPY/ADD: `from` is the `--from=` stage or image, when given. */
  copies: Array<{ value: string; line: number; endLine: number; keyword: string; from?: string }>;
  runs: Array<{ value: string; line: number; endLine: number }>;
}

export interface DockerfileInfo {
  path: string;
  dir: string;
  stages: DockerStage[];
}

export interface ComposeService {
  name: string;
  line: number;
  image?: string;
  imageLine?: number;
  /** Build context, relative to the repository root. */
  build?: string;
  dockerfile?: string;
  command?: string;
  commandLine?: number;
  entrypoint?: string;
  entrypointLine?: number;
  /** `user:` (uid[:gid] or name) the container runs as. */
  user?: { value: string; line: number };
  ports: Array<{ value: string; line: number }>;
  environment: Array<{ name: string; value: string | null; line: number }>;
  envFiles: string[];
  healthcheck?: { test: string; line: number };
  labels: Array<{ value: string; line: number }>;
  profiles: string[];
  /** `volumes:` entries as written (`db-data:/var/lib/postgresql/data`, `./src:/app/src`). */
  volumes: Array<{ value: string; line: number }>;
}

/**
 * What a compose file is for, from its name and place: `deploy` (compose.yml, compose.prod.yml, docker-stack.yml),
 * `dev` (the override, which `docker compose` merges only when no `-f` is given, *.dev/*.local files, files in
 * hidden folders such as .devcontainer, and files that build nothing and publish ports on 127.0.0.1 only), or
 * `test` (*.test/*.ci/*.e2e files and files under test folders).
 */
export type ComposePurpose = 'deploy' | 'dev' | 'test';

export interface ComposeFile {
  path: string;
  /** compose.override.yml / docker-compose.override.yml: merged only when no `-f` is given (local development). */
  override: boolean;
  purpose: ComposePurpose;
  /** Why the purpose is not what the name says (compose-purpose.ts), in words. */
  purposeReason?: string;
  services: ComposeService[];
}

export interface K8sProbe {
  kind: 'liveness' | 'readiness' | 'startup';
  line: number;
  path?: string;
  /** Line of `path:` (HTTP probes). */
  pathLine?: number;
  port?: string;
  type: 'http' | 'tcp' | 'exec' | 'grpc' | 'unknown';
}

export interface K8sContainer {
  name: string;
  line: number;
  image: string;
  imageLine?: number;
  ports: string[];
  probes: K8sProbe[];
  resources: { requests: boolean; limits: boolean; line: number | null };
  securityContext: Record<string, unknown> | null;
  securityContextLine?: number;
  env: Array<{ name: string; line: number }>;
  /** Pod volumes this container mounts, by name, with their mount paths. */
  mounts: Array<{ name: string; mountPath: string }>;
}

export interface K8sVolume {
  name: string;
  /** `pvc` (persistentVolumeClaim), `ephemeral` (emptyDir), `host` (hostPath), `config` (configMap/secret/projected/downwardAPI) or `other`. */
  kind: 'pvc' | 'ephemeral' | 'host' | 'config' | 'other';
}

export interface K8sObject {
  path: string;
  line: number;
  kind: string;
  name: string;
  /** Line of `metadata.name` (or `kind:` when there is none): where findings about the object point. */
  nameLine: number;
  replicas?: number;
  containers: K8sContainer[];
  podSecurityContext: Record<string, unknown> | null;
  podSecurityContextLine?: number;
  /** Pod volumes (workloads). */
  volumes: K8sVolume[];
  /** StatefulSet volumeClaimTemplates, by name. */
  claimTemplates: string[];
  /** Labels of the pod template (workloads). */
  podLabels: Record<string, string>;
  /** `matchLabels` of a Service, PodDisruptionBudget or NetworkPolicy (podSelector) selector; {} selects every pod. */
  selector?: Record<string, string>;
  /** HorizontalPodAutoscaler: the workload it scales. */
  scaleTarget?: { kind: string; name: string };
  /** For Ingresses: TLS and hosts. */
  tls?: boolean;
  hosts?: string[];
  /** metadata.annotations (Ingresses: TLS terminated by a cloud load balancer, cert-manager …). */
  annotations?: Record<string, string>;
  /** Services an Ingress or HTTPRoute sends traffic to. */
  backends?: string[];
  /** Service `type` (ClusterIP when not written). */
  serviceType?: string;
  /** A kustomize patch (listed under `patches`/`patchesStrategicMerge` of a kustomization): a fragment, not a whole object. */
  patch?: boolean;
}

export interface HelmChart {
  path: string;
  dir: string;
  name: string;
  values: { path: string; doc: LNode | null } | null;
  templates: Array<{ path: string; values: string[]; kinds: string[] }>;
  /** The objects the templates declare, read through the chart's default values (see helm.ts). */
  objects: HelmObject[];
}

export interface ProcfileEntry {
  path: string;
  line: number;
  process: string;
  command: string;
}

export interface InfraInventory {
  dockerfiles: DockerfileInfo[];
  compose: ComposeFile[];
  kubernetes: K8sObject[];
  helm: HelmChart[];
  procfiles: ProcfileEntry[];
}

/** Last path segment of an image reference without tag or digest: `ghcr.io/acme/api:1.2` → `api`. */
export function imageBaseName(ref: string): string {
  // A tag computed by a command substitution (`freqtrade:$(echo "$BRANCH" | sed -e "s/\//_/g")`) may hold slashes.
  const withoutDigest = (ref.split('@')[0] ?? ref).replace(/:\$\(.*$/s, '');
  const name = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return name.split(':')[0] ?? name;
}

function parseImage(ref: string): { image: string; tag: string; digest: boolean } {
  const digest = ref.includes('@sha256:');
  const withoutDigest = ref.split('@')[0] ?? ref;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? { image: withoutDigest, tag: '', digest } : { image: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
}

/** `["fastapi", "run"]` → `fastapi run`; shell form unchanged. */
function execForm(args: string): string {
  if (!args.trim().startsWith('[')) return args;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) ? parsed.map(String).join(' ') : args;
  } catch {
    return args;
  }
}

export function readDockerfile(file: DockerfileFacts): DockerfileInfo {
  const stages: DockerStage[] = [];
  const aliases = new Set<string>();
  for (const ins of file.instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const ref = words[0] ?? '';
      const asIndex = words.findIndex((w) => w.toLowerCase() === 'as');
      const alias = asIndex !== -1 ? words[asIndex + 1] : undefined;
      const stage: DockerStage = { line: ins.line, ...parseImage(ref), fromStage: aliases.has(ref), expose: [], copies: [], runs: [] };
      if (alias) {
        stage.alias = alias;
        aliases.add(alias);
      }
      stages.push(stage);
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    const entry = { value: ins.keyword === 'CMD' || ins.keyword === 'ENTRYPOINT' ? execForm(ins.args) : ins.args, line: ins.line };
    const spanned = { ...entry, endLine: ins.endLine };
    switch (ins.keyword) {
      case 'USER':
        stage.user = entry;
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = entry;
        break;
      case 'CMD':
        stage.cmd = entry;
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = entry;
        break;
      case 'EXPOSE':
        stage.expose.push(entry);
        break;
      case 'COPY':
      case 'ADD':
        {
          const from = ins.flags?.find((f) => f.startsWith('--from='))?.slice('--from='.length);
          stage.copies.push(from === undefined ? { ...spanned, keyword: ins.keyword } : { ...spanned, keyword: ins.keyword, from });
        }
        break;
      case 'RUN':
        stage.runs.push(spanned);
        break;
      default:
        break;
    }
  }
  return { path: file.path, dir: dirOf(file.path), stages };
}

function scalarList(node: LNode | undefined): Array<{ value: string; line: number }> {
  if (isSeq(node)) return items(node).map((n) => ({ value: str(n) ?? JSON.stringify(toPlain(n)), line: n.line }));
  const single = str(node);
  return single !== undefined && node ? [{ value: single, line: node.line }] : [];
}

function commandText(node: LNode | undefined): string | undefined {
  if (isSeq(node)) return items(node).map((n) => str(n) ?? '').join(' ');
  return str(node);
}

export function isComposeFile(path: string): boolean {
  return /(^|\/)(docker-)?compose(\.[\w-]+)*\.ya?ml$/.test(path);
}

export function readCompose(file: DataFacts): ComposeFile | null {
  const doc = file.documents[0] ?? undefined;
  const services = at(doc, 'services');
  if (!isMap(services)) return null;
  const dir = dirOf(file.path);
  const out: ComposeService[] = [];
  for (const e of entries(services)) {
    const s = e.value;
    const build = at(s, 'build');
    const context = str(build) ?? str(at(build, 'context'));
    const environmentNode = at(s, 'environment');
    const environment: ComposeService['environment'] = [];
    if (isMap(environmentNode)) {
      for (const v of entries(environmentNode)) environment.push({ name: v.key, value: str(v.value) ?? null, line: v.line });
    } else {
      for (const item of items(environmentNode)) {
        const text = str(item) ?? '';
        const eq = text.indexOf('=');
        environment.push({ name: eq === -1 ? text : text.slice(0, eq), value: eq === -1 ? null : text.slice(eq + 1), line: item.line });
      }
    }
    const labelsNode = at(s, 'labels');
    const labels = isMap(labelsNode) ? entries(labelsNode).map((l) => ({ value: `${l.key}=${str(l.value) ?? ''}`, line: l.line })) : scalarList(labelsNode);
    const healthTest = at(s, 'healthcheck', 'test');
    const service: ComposeService = {
      name: e.key,
      line: e.line,
      ports: scalarList(at(s, 'ports')),
      environment,
      envFiles: scalarList(at(s, 'env_file')).map((f) => joinPath(dir, f.value)),
      labels,
      profiles: scalarList(at(s, 'profiles')).map((p) => p.value),
      volumes: items(at(s, 'volumes')).map((v) => ({ value: str(v) ?? `${str(at(v, 'source')) ?? ''}:${str(at(v, 'target')) ?? ''}`, line: v.line })),
    };
    const imageNode = at(s, 'image');
    const image = str(imageNode);
    if (image && imageNode) {
      service.image = image;
      service.imageLine = imageNode.line;
    }
    if (context !== undefined) service.build = joinPath(dir, context);
    const dockerfile = str(at(build, 'dockerfile'));
    if (dockerfile) service.dockerfile = joinPath(service.build ?? dir, dockerfile);
    const commandNode = at(s, 'command');
    const command = commandText(commandNode);
    if (command && commandNode) {
      service.command = command;
      service.commandLine = commandNode.line;
    }
    const entrypointNode = at(s, 'entrypoint');
    const entrypoint = commandText(entrypointNode);
    if (entrypoint && entrypointNode) {
      service.entrypoint = entrypoint;
      service.entrypointLine = entrypointNode.line;
    }
    const userNode = at(s, 'user');
    const user = str(userNode);
    if (user && userNode) service.user = { value: user, line: userNode.line };
    if (healthTest) service.healthcheck = { test: commandText(healthTest) ?? '', line: healthTest.line };
    out.push(service);
  }
  const override = /(^|\/)(docker-)?compose\.override\.ya?ml$/.test(file.path);
  // Backing services for local development: nothing is built, and every published port is bound to the loopback address.
  const published = out.flatMap((s) => s.ports);
  const localOnly = published.length > 0 && out.every((s) => s.build === undefined) && published.every((p) => /^(127\.0\.0\.1|localhost|\[::1\]):/.test(p.value));
  const purpose = composePurpose(file.path, file.role, override);
  return { path: file.path, override, purpose: purpose === 'deploy' && localOnly ? 'dev' : purpose, services: out };
}

function composePurpose(path: string, role: FileFacts['role'], override: boolean): ComposePurpose {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (role === 'test' || role === 'fixture' || /[.-](test|tests|ci|e2e|integration|spec)([.-]|\.ya?ml$)/.test(name)) return 'test';
  if (override || role === 'example' || role === 'docs' || /[.-](dev|develop|development|local|debug)([.-]|\.ya?ml$)/.test(name) || path.split('/').slice(0, -1).some((d) => d.startsWith('.'))) return 'dev';
  return 'deploy';
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet']);

function podSpec(doc: LNode, kind: string): LNode | undefined {
  if (kind === 'Pod') return at(doc, 'spec');
  if (kind === 'CronJob') return at(doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return at(doc, 'spec', 'template', 'spec');
}

function readProbe(kind: K8sProbe['kind'], node: LNode | undefined): K8sProbe | null {
  if (!node) return null;
  const http = at(node, 'httpGet');
  if (http) {
    const probe: K8sProbe = { kind, line: node.line, type: 'http' };
    const pathNode = at(http, 'path');
    const path = str(pathNode);
    const port = str(at(http, 'port'));
    if (path !== undefined && pathNode) {
      probe.path = path;
      probe.pathLine = pathNode.line;
    }
    if (port !== undefined) probe.port = port;
    return probe;
  }
  const tcp = at(node, 'tcpSocket');
  if (tcp) {
    const port = str(at(tcp, 'port'));
    return port === undefined ? { kind, line: node.line, type: 'tcp' } : { kind, line: node.line, type: 'tcp', port };
  }
  if (at(node, 'exec')) return { kind, line: node.line, type: 'exec' };
  if (at(node, 'grpc')) return { kind, line: node.line, type: 'grpc' };
  return { kind, line: node.line, type: 'unknown' };
}

function readContainer(node: LNode): K8sContainer {
  const resources = at(node, 'resources');
  const probes = (
    [
      ['liveness', 'livenessProbe'],
      ['readiness', 'readinessProbe'],
      ['startup', 'startupProbe'],
    ] as const
  )
    .map(([kind, key]) => readProbe(kind, at(node, key)))
    .filter((p): p is K8sProbe => p !== null);
  const security = at(node, 'securityContext');
  const imageNode = at(node, 'image');
  const container: K8sContainer = {
    name: str(at(node, 'name')) ?? '',
    line: node.line,
    image: str(imageNode) ?? '',
    ports: items(at(node, 'ports')).map((p) => str(at(p, 'containerPort')) ?? ''),
    probes,
    resources: { requests: isMap(at(resources, 'requests')), limits: isMap(at(resources, 'limits')), line: entry(node, 'resources')?.line ?? null },
    securityContext: security ? (toPlain(security) as Record<string, unknown>) : null,
    env: items(at(node, 'env')).map((e) => ({ name: str(at(e, 'name')) ?? '', line: e.line })),
    mounts: items(at(node, 'volumeMounts')).map((m) => ({ name: str(at(m, 'name')) ?? '', mountPath: str(at(m, 'mountPath')) ?? '' })),
  };
  if (imageNode) container.imageLine = imageNode.line;
  if (security) container.securityContextLine = entry(node, 'securityContext')?.line ?? security.line;
  return container;
}

function volumeKind(node: LNode): K8sVolume['kind'] {
  if (at(node, 'persistentVolumeClaim')) return 'pvc';
  if (at(node, 'emptyDir') || at(node, 'ephemeral')) return 'ephemeral';
  if (at(node, 'hostPath')) return 'host';
  if (at(node, 'configMap') || at(node, 'secret') || at(node, 'projected') || at(node, 'downwardAPI')) return 'config';
  return 'other';
}

function stringRecord(node: LNode | undefined): Record<string, string> {
  return Object.fromEntries(entries(node).map((e) => [e.key, str(e.value) ?? '']));
}

export function readKubernetes(file: DataFacts, patches: ReadonlySet<string> = new Set()): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of file.documents) {
    if (!doc) continue;
    const kind = str(at(doc, 'kind'));
    const apiVersion = str(at(doc, 'apiVersion'));
    if (!kind || !apiVersion) continue;
    const object: K8sObject = {
      path: file.path,
      line: doc.line,
      kind,
      name: str(at(doc, 'metadata', 'name')) ?? str(at(doc, 'metadata', 'generateName'))?.replace(/-$/, '') ?? '',
      nameLine: entry(at(doc, 'metadata'), 'name')?.line ?? entry(at(doc, 'metadata'), 'generateName')?.line ?? entry(doc, 'kind')?.line ?? doc.line,
      containers: [],
      podSecurityContext: null,
      volumes: [],
      claimTemplates: [],
      podLabels: {},
    };
    if (WORKLOAD_KINDS.has(kind)) {
      const spec = podSpec(doc, kind);
      object.containers = items(at(spec, 'containers')).map(readContainer);
      const security = at(spec, 'securityContext');
      object.podSecurityContext = security ? (toPlain(security) as Record<string, unknown>) : null;
      if (security) object.podSecurityContextLine = entry(spec, 'securityContext')?.line ?? security.line;
      const replicas = at(doc, 'spec', 'replicas');
      if (replicas?.t === 'scalar' && typeof replicas.value === 'number') object.replicas = replicas.value;
      object.volumes = items(at(spec, 'volumes')).map((v) => ({ name: str(at(v, 'name')) ?? '', kind: volumeKind(v) }));
      object.claimTemplates = items(at(doc, 'spec', 'volumeClaimTemplates')).map((t) => str(at(t, 'metadata', 'name')) ?? '');
      object.podLabels = stringRecord(kind === 'Pod' ? at(doc, 'metadata', 'labels') : at(doc, 'spec', 'template', 'metadata', 'labels'));
    }
    if (kind === 'Service') {
      object.selector = stringRecord(at(doc, 'spec', 'selector'));
      object.serviceType = str(at(doc, 'spec', 'type')) ?? 'ClusterIP';
    }
    if (kind === 'PodDisruptionBudget') object.selector = stringRecord(at(doc, 'spec', 'selector', 'matchLabels'));
    if (kind === 'NetworkPolicy') object.selector = stringRecord(at(doc, 'spec', 'podSelector', 'matchLabels'));
    if (kind === 'HorizontalPodAutoscaler' || kind === 'ScaledObject') {
      const target = at(doc, 'spec', 'scaleTargetRef');
      object.scaleTarget = { kind: str(at(target, 'kind')) ?? 'Deployment', name: str(at(target, 'name')) ?? '' };
    }
    if (kind === 'Ingress') {
      object.annotations = stringRecord(at(doc, 'metadata', 'annotations'));
      object.tls = items(at(doc, 'spec', 'tls')).length > 0;
      object.hosts = items(at(doc, 'spec', 'rules')).map((r) => str(at(r, 'host')) ?? '').filter(Boolean);
      const paths = items(at(doc, 'spec', 'rules')).flatMap((r) => items(at(r, 'http', 'paths')));
      const backends = [...paths.map((p) => at(p, 'backend')), at(doc, 'spec', 'defaultBackend'), at(doc, 'spec', 'backend')];
      object.backends = [...new Set(backends.map((b) => str(at(b, 'service', 'name')) ?? str(at(b, 'serviceName')) ?? '').filter(Boolean))];
    }
    if (kind === 'HTTPRoute' || kind === 'GRPCRoute') {
      const refs = items(at(doc, 'spec', 'rules')).flatMap((r) => items(at(r, 'backendRefs')));
      object.backends = [...new Set(refs.map((b) => str(at(b, 'name')) ?? '').filter(Boolean))];
    }
    if (patches.has(file.path)) object.patch = true;
    out.push(object);
  }
  return out;
}

const VALUES_REF = /\.Values\.([A-Za-z0-9_.]+)/g;

export function readHelmCharts(files: readonly FileFacts[]): HelmChart[] {
  const charts: HelmChart[] = [];
  for (const file of files) {
    if (!file.path.endsWith('Chart.yaml') || file.kind !== 'data') continue;
    const dir = dirOf(file.path);
    const prefix = dir === '.' ? '' : `${dir}/`;
    const valuesFile = files.find((f) => f.path === `${prefix}values.yaml` || f.path === `${prefix}values.yml`);
    const templates = files
      .filter((f): f is TextFacts => f.kind === 'text' && f.path.startsWith(`${prefix}templates/`))
      .map((t) => ({
        path: t.path,
        values: [...new Set([...t.text.matchAll(VALUES_REF)].map((m) => m[1] ?? ''))].sort(),
        kinds: [...new Set([...t.text.matchAll(/^kind:\s*(\w+)/gm)].map((m) => m[1] ?? ''))].sort(),
      }));
    const values = valuesFile?.kind === 'data' ? { path: valuesFile.path, doc: valuesFile.documents[0] ?? null } : null;
    const objects = files
      .filter((f): f is TextFacts => f.kind === 'text' && f.path.startsWith(`${prefix}templates/`) && /\.ya?ml$/.test(f.path) && f.role !== 'test')
      .flatMap((t) => readHelmObjects(t.path, t.text, values));
    charts.push({ path: file.path, dir, name: str(at(file.documents[0] ?? undefined, 'name')) ?? dir, values, templates, objects });
  }
  return charts;
}

export function readProcfile(file: TextFacts): ProcfileEntry[] {
  const out: ProcfileEntry[] = [];
  file.text.split('\n').forEach((line, i) => {
    const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line.trim());
    if (match?.[1] && match[2]) out.push({ path: file.path, line: i + 1, process: match[1], command: match[2].trim() });
  });
  return out;
}

/** Files a kustomization applies as patches: fragments of objects, not whole objects. */
function kustomizePatches(files: readonly FileFacts[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'data' || !/(^|\/)kustomization\.ya?ml$/.test(file.path)) continue;
    const doc = file.documents[0];
    const dir = dirOf(file.path);
    const listed = [...items(at(doc, 'patchesStrategicMerge')), ...items(at(doc, 'patches')).map((p) => at(p, 'path') ?? p), ...items(at(doc, 'patchesJson6902')).map((p) => at(p, 'path') ?? p)];
    for (const node of listed) {
      const rel = str(node);
      if (rel && /\.ya?ml$/.test(rel)) out.add(joinPath(dir, rel));
    }
  }
  return out;
}

export function buildInfraInventory(files: readonly FileFacts[]): InfraInventory {
  const inventory: InfraInventory = { dockerfiles: [], compose: [], kubernetes: [], helm: readHelmCharts(files), procfiles: [] };
  const chartDirs = inventory.helm.map((c) => c.dir);
  const patches = kustomizePatches(files);
  for (const file of files) {
    if (file.role === 'fixture') continue;
    if (file.kind === 'dockerfile') inventory.dockerfiles.push(readDockerfile(file));
    else if (file.kind === 'text' && /(^|\/)Procfile$/.test(file.path)) inventory.procfiles.push(...readProcfile(file));
    else if (file.kind === 'data' && file.language === 'yaml') {
      if (isComposeFile(file.path)) {
        const compose = readCompose(file);
        if (compose) inventory.compose.push(compose);
      } else if (!file.path.startsWith('.github/') && !chartDirs.some((d) => file.path.startsWith(`${d}/`))) {
        inventory.kubernetes.push(...readKubernetes(file, patches));
      }
    }
  }
  return inventory;
}
