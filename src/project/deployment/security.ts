/** Who a container runs as, from the image and from what the orchestrator overrides. */
import type { ImageUse } from './images.js';
import { contextSources, finalChain, startCommand } from './images.js';
import { imageBaseName } from '../inventory/infra.js';
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

/** `ARG name=default` before the first FROM: the defaults a `FROM ${name}` reads. */
function globalArgs(project: Project, dockerfile: string): Map<string, string> {
  const out = new Map<string, string>();
  const file = project.file(dockerfile);
  if (file?.kind !== 'dockerfile') return out;
  for (const ins of file.instructions) {
    if (ins.keyword === 'FROM') break;
    const m = /^([A-Za-z_]\w*)=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(ins.keyword === 'ARG' ? ins.args.trim() : '');
    if (m?.[1]) out.set(m[1], m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * The image the final stage starts FROM, with `ARG` defaults and the `--build-arg`s of the builds that make it
 * substituted (`FROM ${sourceimage}:${sourcetag}`): its base name, or null when it stays unknown.
 */
function parentBase(project: Project, use: ImageUse): string | null {
  const root = finalChain(use.dockerfile).at(-1);
  if (!root || root.fromStage) return null;
  const values = globalArgs(project, use.dockerfile.path);
  const candidates = new Set<string>();
  const builds = use.ciBuilds.length > 0 ? use.ciBuilds.map((b) => b.build.args) : [{}];
  for (const args of builds) {
    const vars = new Map([...values, ...Object.entries(args)]);
    const image = root.image.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (whole, name: string) => vars.get(name) ?? whole);
    if (!image.includes('$')) candidates.add(imageBaseName(image));
  }
  return candidates.size === 1 ? ([...candidates][0] ?? null) : null;
}

/**
 * The user an image built FROM another image of the project inherits (`FROM freqtradeorg/freqtrade` over the
 * image the root Dockerfile builds, which ends with `USER ftuser`): USER carries over to derived images. Every
 * Dockerfile of the repository whose image goes by that name must agree; derived images resolve through theirs.
 */
export function inheritedUser(project: Project, use: ImageUse, uses: readonly ImageUse[], seen: ReadonlySet<string> = new Set()): UserSetting | null {
  const base = parentBase(project, use);
  if (!base) return null;
  const parents = uses.filter((u) => u !== use && !seen.has(u.dockerfile.path) && imageNamesOf(u).has(base));
  if (parents.length === 0) return null;
  const users = parents.map((p) => imageUser(p) ?? inheritedUser(project, p, uses, new Set([...seen, use.dockerfile.path])));
  const resolved = users.filter((u): u is UserSetting => u !== null);
  if (resolved.length === 0 || resolved.some((u) => isRootUser(u.value))) return null;
  return resolved[0] ?? null;
}

/** Names the image a Dockerfile builds goes by: CI tags and the `image:` of compose services that build it. */
function imageNamesOf(use: ImageUse): Set<string> {
  const refs = [...use.ciBuilds.flatMap((b) => b.build.tags), ...use.services.flatMap((s) => (s.service.image ? [s.service.image] : []))];
  return new Set(refs.map(imageBaseName).filter((b) => b !== '' && !b.includes('$') && !b.includes('EXPR')));
}

/** Programs that start as root only to drop to another user before running the app. */
const DROPPERS = new Set(['gosu', 'su-exec', 'setpriv', 'runuser', 's6-setuidgid', 'setuidgid', 'chpst', 'su', 'sudo', 'chroot', 'doas']);

/** The command switches user before the app runs: `gosu app …`, `su-exec app …`, `setpriv --reuid`, `chroot --userspec`, `su app -c`, `sudo -u app`. */
function dropsWith(argv: readonly string[]): boolean {
  const program = argv[0] ?? '';
  if (!DROPPERS.has(program)) return false;
  if (program === 'chroot') return argv.some((w) => w.startsWith('--userspec'));
  if (program === 'setpriv') return argv.some((w) => /^--(reuid|ruid|euid)/.test(w));
  if (program === 'chpst') return argv.includes('-u');
  if (program === 'su') return argv.includes('-c') && argv.slice(1).some((w) => !w.startsWith('-') && w !== 'root');
  if (program === 'sudo') return argv.some((w, i) => (w === '-u' || w === '--user') && argv[i + 1] !== 'root');
  return argv.length > 2 && argv[1] !== 'root' && argv[1] !== '0';
}

/** A server that switches to another user itself: uwsgi `--uid` (or `uid =` in its ini file), gunicorn/celery `--uid`/`--user`, supervisord programs with `user=`. */
function serverDrops(project: Project, use: ImageUse, argv: readonly string[]): { path: string; line: number } | null {
  const program = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  const option = (names: readonly string[]): string | undefined => {
    for (let i = 0; i < argv.length; i++) {
      const w = argv[i] ?? '';
      for (const name of names) {
        if (w === name) return argv[i + 1];
        if (w.startsWith(`${name}=`)) return w.slice(name.length + 1);
      }
    }
    return undefined;
  };
  const nonRoot = (v: string | undefined): boolean => v !== undefined && !isRootUser(v) && v !== '';
  if (program === 'uwsgi') {
    if (nonRoot(option(['--uid', '--setuid']))) return { path: use.dockerfile.path, line: use.final.line };
    for (const word of argv.slice(1).filter((w) => /\.ini$/.test(w) || w === '--ini')) {
      const ini = word === '--ini' ? option(['--ini']) : word;
      for (const path of ini ? sourcesOf(project, use, ini) : []) {
        const index = (project.readText(path) ?? '').split('\n').findIndex((l) => /^\s*(uid|setuid)\s*=\s*(\S+)/.test(l) && nonRoot(/=\s*(\S+)/.exec(l)?.[1]));
        if (index !== -1) return { path, line: index + 1 };
      }
    }
  }
  if ((program === 'gunicorn' || program === 'celery' || program === 'hypercorn') && nonRoot(option(['--uid', '--user', '-u']))) return { path: use.dockerfile.path, line: use.final.line };
  if (program === 'supervisord') {
    const conf = option(['-c', '--configuration']);
    for (const path of conf ? sourcesOf(project, use, conf) : []) {
      const lines = (project.readText(path) ?? '').split('\n');
      const headings = lines.flatMap((l, i) => (/^\s*\[/.test(l) ? [i] : []));
      const programs = headings.filter((i) => /^\s*\[program:/.test(lines[i] ?? ''));
      // Every program it starts runs as a non-root user: the line of the first program's user= is the evidence.
      const users = programs.map((start) => {
        const end = headings.find((h) => h > start) ?? lines.length;
        const index = lines.slice(start, end).findIndex((l) => /^\s*user\s*=/.test(l));
        return index === -1 || !nonRoot(lines[start + index]?.split('=')[1]?.trim()) ? -1 : start + index;
      });
      const first = users[0];
      if (first !== undefined && users.every((u) => u !== -1)) return { path, line: first + 1 };
    }
  }
  return null;
}

/**
 * The image's start command (or the scripts it runs, read with the shell parser) drops privileges before the app
 * runs: a user-switching program, or a server that switches user itself.
 */
export function dropsPrivileges(project: Project, use: ImageUse): { path: string; line: number } | null {
  const start = startCommand(use.dockerfile);
  const command = [start.entrypoint?.value, start.cmd?.value].filter((c): c is string => c !== undefined).join(' ');
  if (command === '') return null;
  const visit = (script: string, where: { path: string; line: number }, depth: number, seen: Set<string>): { path: string; line: number } | null => {
    for (const item of project.shell.read(script)) {
      if (item.kind !== 'command') continue;
      let argv = item.words.map((w) => w.text);
      while (['exec', 'nohup', 'command', 'env', 'tini', 'dumb-init', '/sbin/tini', '/usr/bin/dumb-init', '--'].includes(argv[0] ?? '')) argv = argv.slice(1).filter((w, i) => i > 0 || !w.startsWith('-'));
      const at = where.path === use.dockerfile.path ? where : { path: where.path, line: item.line + 1 };
      if (dropsWith(argv)) return at;
      const server = serverDrops(project, use, argv);
      if (server) return server;
      if (depth >= 3) continue;
      const first = argv[0] === 'sh' || argv[0] === 'bash' ? (argv[1] === '-c' ? undefined : argv[1]) : argv[0];
      if (argv[0] === 'sh' || argv[0] === 'bash') {
        if (argv[1] === '-c' && argv[2]) {
          const inner = visit(argv[2], where, depth + 1, seen);
          if (inner) return inner;
        }
      }
      for (const path of first ? scriptsRun(project, use, first) : []) {
        if (seen.has(path)) continue;
        seen.add(path);
        const found = visit(project.readText(path) ?? '', { path, line: 1 }, depth + 1, seen);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(command, { path: use.dockerfile.path, line: (start.entrypoint ?? start.cmd)?.line ?? use.final.line }, 0, new Set());
}

/**
 * A non-root USER that can become root without a password: a sudoers line with NOPASSWD for that user (or ALL) in
 * a RUN of the image's stages. Even limited to one program (`NOPASSWD: /bin/chown`), such a grant is usually
 * enough to take over the system (chown /etc/sudoers).
 */
export function passwordlessSudo(use: ImageUse, user: string): { path: string; line: number; grant: string } | null {
  const name = user.split(':')[0] ?? user;
  for (const stage of finalChain(use.dockerfile)) {
    for (const run of stage.runs) {
      const grant = /(?:^|[\s"'])([%\w.-]+)\s+ALL\s*=\s*(?:\([^)]*\)\s*)?NOPASSWD:\s*([^"'\n;&|>]+)/.exec(run.value);
      if (grant && (grant[1] === name || grant[1] === 'ALL' || grant[1]?.startsWith('%'))) return { path: use.dockerfile.path, line: run.line, grant: `${grant[1]} NOPASSWD: ${(grant[2] ?? '').trim()}` };
    }
  }
  return null;
}

/**
 * Repository files a container command runs: the scripts it names, mapped back from their path in the image
 * through the Dockerfile's COPY instructions (`COPY ./start.sh /opt/start.sh` + `CMD /opt/start.sh`).
 */
export function scriptsRun(project: Project, use: ImageUse, command: string): string[] {
  const words = command.split(/\s+/).filter((w) => /\.(sh|bash)$/.test(w) || /(^|\/)[\w.-]*(entrypoint|startup|start)[\w.-]*$/i.test(w));
  return [...new Set(words.flatMap((w) => sourcesOf(project, use, w)))].sort();
}

/**
 * The repository files a path in the image comes from, through the COPY instructions of the Dockerfile's stages
 * (`COPY uwsgi.ini start.sh /etc/app/` puts `uwsgi.ini` at `/etc/app/uwsgi.ini`); a relative path is also read
 * against the build contexts.
 */
function sourcesOf(project: Project, use: ImageUse, imagePath: string): string[] {
  const out = new Set<string>();
  const add = (source: string): void => {
    for (const context of use.contexts) {
      const path = joinPath(context, source);
      if (project.file(path)) out.add(path);
    }
  };
  for (const stage of use.dockerfile.stages) {
    for (const copy of stage.copies) {
      const sources = contextSources(copy);
      const dest = copy.value.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--')).pop() ?? '';
      for (const source of sources) {
        const whole = source === '.' || source === './';
        const target = whole ? dest.replace(/\/$/, '') : dest.endsWith('/') || sources.length > 1 ? `${dest.replace(/\/$/, '')}/${source.slice(source.lastIndexOf('/') + 1)}` : dest;
        if (!whole && target === imagePath) add(source);
        else if (whole && imagePath.startsWith(`${target}/`)) add(imagePath.slice(target.length + 1));
      }
    }
  }
  if (!imagePath.startsWith('/')) add(imagePath.replace(/^\.\//, ''));
  return [...out].sort();
}

/** A securityContext that makes the container run as a non-root user. */
export function nonRootContext(context: unknown): boolean {
  if (!context || typeof context !== 'object') return false;
  const c = context as Record<string, unknown>;
  return c['runAsNonRoot'] === true || (typeof c['runAsUser'] === 'number' && c['runAsUser'] > 0);
}


/** Names the image is known by: its CI tags, the compose `image:` of services that build it, and its component's name and folder. */
export function imageNames(use: ImageUse): Set<string> {
  const names = imageNamesOf(use);
  if (use.component && use.component.path !== '.') {
    names.add(use.component.name);
    names.add(use.component.path.slice(use.component.path.lastIndexOf('/') + 1));
  }
  return names;
}

/**
 * The orchestrator runs the image as a non-root user: a compose service that builds or runs it sets `user:`, or a
 * Kubernetes container with the image's name sets runAsNonRoot/runAsUser (container or pod level).
 */
export function orchestratorNonRoot(project: Project, use: ImageUse): UserSetting | null {
  for (const { compose, service } of [...use.services, ...use.runBy]) {
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

