/** Who a container runs as, from the image and from what the orchestrator overrides. */
import type { ImageUse } from './images.js';
import { contextSources, finalChain } from './images.js';
import { joinPath } from '../../util/paths.js';
import { workloads } from './workloads.js';
import type { Project } from '../project.js';

export interface UserSetting {
  value: string;
  path: string;
  line: number;
}

/** `root`, `0`, `0:0`, `root:root`. */
export function isRootUser(value: string): boolean {
  const user = value.trim().split(':')[0]?.trim() ?? '';
  return user === 'root' || user === '0';
}

/** Base images whose default user is not root. */
const NON_ROOT_BASES = [/(^|\/)distroless\/.+:.*nonroot/, /-nonroot(:|$)/, /^cgr\.dev\/chainguard\//, /^(docker\.io\/)?bitnami\//, /nginx-unprivileged/, /rootless/];

export function nonRootBase(image: string, tag: string): boolean {
  const ref = tag ? `${image}:${tag}` : image;
  return NON_ROOT_BASES.some((re) => re.test(ref));
}

/** The USER the final image runs as: the last USER of the final stage or of the stages it builds on. */
export function imageUser(use: ImageUse): UserSetting | null {
  for (const stage of finalChain(use.dockerfile)) {
    if (stage.user) return { value: stage.user.value, path: use.dockerfile.path, line: stage.user.line };
  }
  return null;
}

/** Programs that start as root only to drop to another user before running the app. */
const PRIVILEGE_DROP = /\b(gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst\s+-u|setuidgid|su\s+-c|su\s+\S+\s+-c|sudo\s+-u|chroot\s+--userspec)\b/;

/** The image's start command (or the script it runs) drops privileges. */
export function dropsPrivileges(project: Project, use: ImageUse): { path: string; line: number } | null {
  const commands = [use.final.entrypoint, use.final.cmd].filter((c): c is { value: string; line: number } => c !== undefined);
  for (const command of commands) {
    if (PRIVILEGE_DROP.test(command.value)) return { path: use.dockerfile.path, line: command.line };
    for (const script of scriptsRun(project, use, command.value)) {
      const text = project.readText(script) ?? '';
      const index = text.split('\n').findIndex((l) => PRIVILEGE_DROP.test(l) && !l.trim().startsWith('#'));
      if (index !== -1) return { path: script, line: index + 1 };
    }
  }
  return null;
}

/**
 * Repository files a container command runs: the scripts it names, mapped back from their path in the image
 * through the Dockerfile's COPY instructions (`COPY ./start.sh /opt/start.sh` + `CMD /opt/start.sh`).
 */
export function scriptsRun(project: Project, use: ImageUse, command: string): string[] {
  const out = new Set<string>();
  const words = command.split(/\s+/).filter((w) => /\.(sh|bash)$/.test(w) || /(^|\/)[\w.-]*(entrypoint|startup|start)[\w.-]*$/i.test(w));
  const add = (source: string): void => {
    for (const context of use.contexts) {
      const path = joinPath(context, source);
      if (project.file(path)) out.add(path);
    }
  };
  for (const word of words) {
    for (const stage of use.dockerfile.stages) {
      for (const copy of stage.copies) {
        const sources = contextSources(copy);
        const dest = copy.value.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--')).pop() ?? '';
        for (const source of sources) {
          const whole = source === '.' || source === './';
          const target = whole ? dest.replace(/\/$/, '') : dest.endsWith('/') || sources.length > 1 ? `${dest.replace(/\/$/, '')}/${source.slice(source.lastIndexOf('/') + 1)}` : dest;
          if (!whole && target === word) add(source);
          else if (whole && word.startsWith(`${target}/`)) add(word.slice(target.length + 1));
        }
      }
    }
    if (!word.startsWith('/')) add(word);
  }
  return [...out].sort();
}

/** A securityContext that makes the container run as a non-root user. */
export function nonRootContext(context: unknown): boolean {
  if (!context || typeof context !== 'object') return false;
  const c = context as Record<string, unknown>;
  return c['runAsNonRoot'] === true || (typeof c['runAsUser'] === 'number' && c['runAsUser'] > 0);
}

/** Last path segment of an image reference without tag or digest: `ghcr.io/acme/api:1.2` → `api`. */
export function imageBaseName(ref: string): string {
  const withoutDigest = ref.split('@')[0] ?? ref;
  const name = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  return name.split(':')[0] ?? name;
}

/** Names the image is known by: the compose `image:` of services that build it, and its component's name and folder. */
export function imageNames(use: ImageUse): Set<string> {
  const names = new Set<string>();
  for (const { service } of use.services) if (service.image && !service.image.includes('$')) names.add(imageBaseName(service.image));
  if (use.component && use.component.path !== '.') {
    names.add(use.component.name);
    names.add(use.component.path.slice(use.component.path.lastIndexOf('/') + 1));
  }
  return names;
}

/**
 * The orchestrator runs the image as a non-root user: a compose service that builds it sets `user:`, or a
 * Kubernetes container with the image's name sets runAsNonRoot/runAsUser (container or pod level).
 */
export function orchestratorNonRoot(project: Project, use: ImageUse): UserSetting | null {
  for (const { compose, service } of use.services) {
    if (service.user && !isRootUser(service.user.value) && compose.purpose === 'deploy') return { value: service.user.value, path: compose.path, line: service.user.line };
  }
  const names = imageNames(use);
  for (const w of workloads(project)) {
    if (w.origin !== 'manifest') continue;
    for (const c of w.object.containers) {
      if (!names.has(imageBaseName(c.image))) continue;
      if (nonRootContext(c.securityContext)) return { value: 'runAsNonRoot', path: w.path, line: c.securityContextLine ?? c.line };
      if (nonRootContext(w.object.podSecurityContext)) return { value: 'runAsNonRoot', path: w.path, line: w.object.podSecurityContextLine ?? w.line };
    }
  }
  return null;
}

