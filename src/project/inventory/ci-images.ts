/**
 * The images CI builds: which Dockerfile, from which build context and stage, under which names, and whether it
 * pushes them — from `docker build`/`docker buildx build`/`podman build` commands (followed through scripts and
 * task runners like every other command) and from build actions (`docker/build-push-action` with the names of a
 * `docker/metadata-action` step).
 */
import { type Expanded, joinPath, unwrap } from './ci-commands.js';

export interface ImageBuild {
  /** The Dockerfile, relative to the repository root. */
  dockerfile: string;
  /** The build context, relative to the repository root. */
  context: string;
  /** `--target`: the stage that becomes the image (the last one when absent). */
  target?: string;
  /** Image references as written (`ghcr.io/acme/api:1.2`, `freqtrade:EXPR`). */
  tags: string[];
  push: boolean;
  /** `--build-arg NAME=value`. */
  args: Record<string, string>;
  /** Line (0-based) of the build command in the script that runs it, when read from a script. */
  line?: number;
}

const BUILD_VALUE_OPTIONS = new Set([
  '-f', '--file', '-t', '--tag', '--target', '--build-arg', '--platform', '--cache-from', '--cache-to', '--label', '--secret', '--ssh', '--network', '--progress',
  '--iidfile', '--metadata-file', '--builder', '-o', '--output', '--add-host', '--build-context', '--annotation', '--provenance', '--sbom', '--shm-size', '--ulimit',
  '-m', '--memory', '--cpu-shares', '--isolation', '--squash-all', '--format', '--layers', '--jobs', '--os', '--arch', '--variant', '--manifest',
]);

/** `docker build …`, `docker buildx build …`, `docker image build …`, `podman build …`, `buildah bud …`: the image it builds. */
export function imageBuildOf(e: Expanded): ImageBuild | null {
  const argv = unwrap(e.argv).argv;
  const [tool, a, b] = argv;
  let start: number;
  if ((tool === 'docker' || tool === 'podman') && a === 'build') start = 2;
  else if (tool === 'docker' && (a === 'buildx' || a === 'image') && b === 'build') start = 3;
  else if (tool === 'buildah' && (a === 'bud' || a === 'build')) start = 2;
  else return null;
  let file: string | undefined;
  let target: string | undefined;
  let push = false;
  const tags: string[] = [];
  const args: Record<string, string> = {};
  let context: string | undefined;
  for (let i = start; i < argv.length; i++) {
    const word = argv[i] ?? '';
    const eq = word.indexOf('=');
    const name = word.startsWith('--') && eq !== -1 ? word.slice(0, eq) : word;
    const inline = word.startsWith('--') && eq !== -1 ? word.slice(eq + 1) : undefined;
    const value = (): string => inline ?? argv[++i] ?? '';
    if (name === '-f' || name === '--file') file = value();
    else if (name === '-t' || name === '--tag') tags.push(value());
    else if (name === '--target') target = value();
    else if (name === '--build-arg') {
      const arg = value();
      const at = arg.indexOf('=');
      if (at > 0) args[arg.slice(0, at)] = arg.slice(at + 1);
    } else if (name === '--push') push = true;
    else if (name === '-o' || name === '--output') push ||= /type=registry|push=true/.test(value());
    else if (BUILD_VALUE_OPTIONS.has(name)) {
      if (inline === undefined) i++;
    } else if (!word.startsWith('-') && context === undefined) context = word;
  }
  const dir = joinPath(e.cwd, context && !/^(https?:|git@|-)/.test(context) ? context : '.');
  const build: ImageBuild = { dockerfile: file && file !== '-' ? joinPath(e.cwd, file) : joinPath(dir, 'Dockerfile'), context: dir, tags, push, args };
  if (target) build.target = target;
  if (e.line !== undefined) build.line = e.line;
  return build;
}

/** `docker push REF`, `docker image push REF`, `podman push REF`: the references pushed. */
export function pushedRef(e: Expanded): string | null {
  const argv = unwrap(e.argv).argv;
  const [tool, a, b] = argv;
  if ((tool === 'docker' || tool === 'podman' || tool === 'buildah') && a === 'push') return argv.slice(2).find((w) => !w.startsWith('-')) ?? null;
  if (tool === 'docker' && a === 'image' && b === 'push') return argv.slice(3).find((w) => !w.startsWith('-')) ?? null;
  return null;
}

/** `docker tag SRC DST`: DST names the same image as SRC. */
export function retag(e: Expanded): [string, string] | null {
  const argv = unwrap(e.argv).argv;
  const words = argv[0] === 'docker' && argv[1] === 'tag' ? argv.slice(2) : argv[0] === 'docker' && argv[1] === 'image' && argv[2] === 'tag' ? argv.slice(3) : null;
  return words && words[0] && words[1] ? [words[0], words[1]] : null;
}

/** Image builds and pushes of a script's expanded commands; a build is pushed when `docker push` names one of its tags (or a re-tag of one). */
export function imageBuildsIn(expanded: readonly Expanded[]): ImageBuild[] {
  const builds: ImageBuild[] = [];
  const pushed: string[] = [];
  const aliases: Array<[string, string]> = [];
  for (const e of expanded) {
    const build = imageBuildOf(e);
    if (build) builds.push(build);
    const ref = pushedRef(e);
    if (ref) pushed.push(ref);
    const tag = retag(e);
    if (tag) aliases.push(tag);
  }
  for (const build of builds) {
    const names = new Set(build.tags);
    for (const [from, to] of aliases) if (names.has(from)) names.add(to);
    if ([...names].some((n) => pushed.includes(n))) build.push = true;
    build.tags = [...names];
  }
  return builds;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\n,]/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * `docker/build-push-action` (and depot's): `context`, `file`, `target`, `tags`, `push`. Tags taken from a
 * metadata step (`${{ steps.meta.outputs.tags }}`) are that step's `images`.
 */
export function actionImageBuild(uses: string, withs: Record<string, string>, metadataImages: (stepId: string) => string[]): ImageBuild | null {
  const action = uses.split('@')[0]?.toLowerCase() ?? '';
  if (action !== 'docker/build-push-action' && action !== 'depot/build-push-action') return null;
  // Action inputs are relative to the repository root: `working-directory` applies to `run:` steps only.
  const context = withs['context'] && !withs['context'].includes('{{') ? joinPath('.', withs['context']) : '.';
  const file = withs['file'] ?? withs['dockerfile'];
  const tags = list(withs['tags']).flatMap((t) => {
    const meta = /steps\.([\w-]+)\.outputs\.tags/.exec(t)?.[1];
    return meta ? metadataImages(meta) : [t];
  });
  const push = (withs['push'] ?? '').trim();
  const build: ImageBuild = {
    dockerfile: file ? joinPath('.', file) : joinPath(context, 'Dockerfile'),
    context,
    tags,
    push: (push !== '' && push !== 'false') || /type=registry|push=true/.test(withs['outputs'] ?? ''),
    args: Object.fromEntries(
      list(withs['build-args'])
        .filter((a) => a.indexOf('=') > 0)
        .map((a): [string, string] => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
    ),
  };
  const target = withs['target'];
  if (target) build.target = target;
  return build;
}

/** `docker/metadata-action`'s `images:` input. */
export function metadataImages(uses: string | undefined, withs: Record<string, string>): string[] {
  return (uses ?? '').toLowerCase().startsWith('docker/metadata-action') ? list(withs['images']).map((i) => i.replace(/,.*$/, '').replace(/^name=/, '')) : [];
}
