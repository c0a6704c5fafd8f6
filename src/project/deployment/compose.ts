/**
 * Compose stacks: the compose files of one folder that are deployed together (`docker compose -f compose.yml -f
 * compose.deploy.yml`), with each service seen through every file that mentions it. The local override and
 * test/CI files are left out: they are not what runs in production.
 */
import type { ComposeFile, ComposeService } from '../inventory/infra.js';
import type { Project } from '../project.js';
import { dirOf } from '../../util/paths.js';
import { byCodePoint } from '../../util/order.js';
import { pushTo } from '../../util/group.js';

export interface StackService {
  name: string;
  /** Every definition of the service, in file order (base file first). */
  parts: Array<{ file: ComposeFile; service: ComposeService }>;
  image?: string;
  /** Where the image is named. */
  imageAt?: { path: string; line: number };
}

export interface ComposeStack {
  dir: string;
  files: ComposeFile[];
  services: StackService[];
}

/** Base files first (compose.yml, docker-compose.yml), then the others by name. */
function fileRank(path: string): number {
  return /(^|\/)(docker-)?compose\.ya?ml$/.test(path) ? 0 : 1;
}

export function deployStacks(project: Project): ComposeStack[] {
  const byDir = new Map<string, ComposeFile[]>();
  for (const file of project.inventory.infra.compose) {
    if (file.purpose !== 'deploy') continue;
    const dir = dirOf(file.path);
    pushTo(byDir, dir, file);
  }
  const stacks: ComposeStack[] = [];
  for (const [dir, files] of [...byDir.entries()].sort((a, b) => byCodePoint(a[0], b[0]))) {
    files.sort((a, b) => fileRank(a.path) - fileRank(b.path) || byCodePoint(a.path, b.path));
    const services = new Map<string, StackService>();
    for (const file of files) {
      for (const service of file.services) {
        const entry = services.get(service.name) ?? { name: service.name, parts: [] };
        entry.parts.push({ file, service });
        if (service.image) {
          entry.image = service.image;
          entry.imageAt = { path: file.path, line: service.imageLine ?? service.line };
        }
        services.set(service.name, entry);
      }
    }
    stacks.push({ dir, files, services: [...services.values()] });
  }
  return stacks;
}

/** `8080:8080`, `0.0.0.0:80:80` publish on every interface; `127.0.0.1:5432:5432` only on the host itself. */
export function publishedPublicly(port: string): boolean {
  const value = port.replace(/^["']|["']$/g, '');
  if (!value.includes(':')) return /^\d+(-\d+)?(\/\w+)?$/.test(value) ? true : false;
  return !/^(127\.0\.0\.1|localhost|\[::1\]|::1):/.test(value);
}

/** A Traefik `Host(...)` router on the service (`traefik.http.routers.x.rule=Host(...)`), a Caddy or nginx-proxy route. */
export function proxyRoute(service: StackService): { path: string; line: number; detail: string } | null {
  for (const { file, service: part } of [...service.parts].reverse()) {
    const traefik = part.labels.find((l) => /traefik\.http\.routers\.[^.=]+\.rule=.*Host(SNI)?\(/.test(l.value));
    if (traefik) return { path: file.path, line: traefik.line, detail: traefik.value.slice(traefik.value.indexOf('=') + 1) };
    const caddy = part.labels.find((l) => /^caddy(_\d+)?=/.test(l.value));
    if (caddy) return { path: file.path, line: caddy.line, detail: caddy.value };
    const virtualHost = part.environment.find((e) => e.name === 'VIRTUAL_HOST');
    if (virtualHost) return { path: file.path, line: virtualHost.line, detail: `VIRTUAL_HOST=${virtualHost.value ?? ''}` };
  }
  return null;
}
