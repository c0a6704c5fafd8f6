/**
 * Container images and what they are for. A Dockerfile is the image of a deployed component when it copies the
 * component's files from the build context and nothing says it is a test or development image: not its name
 * (`*.test.Dockerfile`, `Dockerfile.e2e`, `Dockerfile.dev`), not its folder (tests, .devcontainer), and not the
 * compose files that build it (when every one of them is a test/CI or local-development file).
 */
import type { ComponentProfile } from '../../model/report.js';
import { type ComposeFile, type ComposeService, type DockerfileInfo, type DockerStage, imageBaseName } from '../inventory/infra.js';
import type { ImageBuild } from '../inventory/ci-images.js';
import { isDevToolingDir } from '../inventory/compose-purpose.js';
import type { Project } from '../project.js';
import { dirOf, joinPath } from '../../util/paths.js';

export type ImagePurpose = 'deploy' | 'test' | 'dev' | 'tool' | 'base';

export interface ImageUse {
  dockerfile: DockerfileInfo;
  final: DockerStage;
  purpose: ImagePurpose;
  /** Why the purpose is what it is, in words, for messages. */
  reason: string;
  /** The component whose code the image runs, when it can be told. */
  component: ComponentProfile | null;
  /** Build contexts: those of the compose services and CI steps that build it, else the Dockerfile's folder. */
  contexts: string[];
  services: Array<{ compose: ComposeFile; service: ComposeService }>;
  /** CI steps that build it (and perhaps push it). */
  ciBuilds: CiImageBuild[];
  /** Compose services that run the image CI builds from it, by name (`image: acme/api:latest`, no `build:`). */
  runBy: Array<{ compose: ComposeFile; service: ComposeService }>;
}

/** A build of the image by CI or by a script of the repository, with where it is written. */
export interface CiImageBuild {
  /** The workflow or script that builds it. */
  path: string;
  line: number;
  build: ImageBuild;
}

/** Every image build of every CI workflow that can run (by hand or on its own), and of the repository's shell scripts. */
export function ciImageBuilds(project: Project): CiImageBuild[] {
  const out: CiImageBuild[] = [];
  for (const workflow of project.inventory.ci.workflows) {
    if (workflow.neverRuns !== undefined) continue;
    for (const job of workflow.jobs) for (const step of job.steps) for (const build of step.images ?? []) out.push({ path: workflow.path, line: step.line, build });
  }
  out.push(...project.inventory.ci.scriptImages);
  return out.map((b) => ({ ...b, build: { ...b.build, dockerfile: defaultDockerfile(project, b.build.dockerfile) } }));
}

/** `docker build` without `-f` reads `Dockerfile`, or `dockerfile` when the folder has only that. */
function defaultDockerfile(project: Project, path: string): string {
  if (!/(^|\/)Dockerfile$/.test(path) || project.exists(path)) return path;
  const lower = path.replace(/Dockerfile$/, 'dockerfile');
  return project.exists(lower) ? lower : path;
}

/** Names an image reference can be matched by: its last path segment, when it is not a placeholder. */
function knownBase(ref: string): string | null {
  const base = imageBaseName(ref);
  return base === '' || base.includes('$') || base.includes('EXPR') || base.includes('{') ? null : base;
}

const TEST_NAME = /(^|[.\-_])(test|tests|e2e|ci|spec|integration|playwright|cypress|testing)([.\-_]|$)/i;
const BASE_NAME = /(^|[.\-_])(base|builder|build|deps|dependencies)([.\-_]|$)/i;
const DEV_NAME = /(^|[.\-_])(dev|devel|develop|development|local|debug|devcontainer)([.\-_]|$)/i;

/** The Dockerfile's name without the word Dockerfile: `relational.e2e.Dockerfile` → `relational.e2e`. */
function nameStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.replace(/\.?(Dockerfile|Containerfile|dockerfile)\.?/, '');
}

/** Sources of a COPY/ADD from the build context (not `--from=`, not URLs), as written. */
export function contextSources(copy: { value: string; keyword: string; from?: string }): string[] {
  if (copy.from !== undefined || /(^|\s)--from[=\s]/.test(copy.value)) return [];
  const words = copy.value.startsWith('[') ? parseJsonArray(copy.value) : copy.value.split(/\s+/).filter((w) => w !== '' && !w.startsWith('--'));
  return words.slice(0, -1).filter((w) => !/^https?:\/\//.test(w));
}

function parseJsonArray(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** `COPY . /app`, `ADD ./ .`, `COPY --chown=node . .`: the whole build context. */
export function copiesWholeContext(copy: { value: string; keyword: string; from?: string }): boolean {
  return contextSources(copy).some((s) => s === '.' || s === './' || s === '*' || s === './*');
}

const DEPLOYED = new Set(['service', 'worker', 'frontend', 'cli', 'library']);

function componentFor(project: Project, dockerfile: DockerfileInfo, contexts: readonly string[]): ComponentProfile | null {
  const own = project.componentOf(dockerfile.path);
  if (own && DEPLOYED.has(own.archetype)) return own;
  for (const stage of dockerfile.stages) {
    for (const copy of stage.copies) {
      for (const source of contextSources(copy)) {
        for (const context of contexts) {
          const found = project.componentOf(joinPath(context, source.replace(/\/?\*.*$/, '')));
          if (found && DEPLOYED.has(found.archetype)) return found;
        }
      }
    }
  }
  return own ?? null;
}

function purposeOf(project: Project, dockerfile: DockerfileInfo, services: ImageUse['services'], ciBuilds: readonly CiImageBuild[]): { purpose: ImagePurpose; reason: string } {
  const role = project.file(dockerfile.path)?.role;
  const stem = nameStem(dockerfile.path);
  const published = ciBuilds.find((b) => b.build.push && !b.path.includes('test'));
  if (role === 'test' || role === 'fixture') return { purpose: 'test', reason: 'it sits in a test folder' };
  if (role === 'example' || role === 'docs') return { purpose: 'dev', reason: 'it sits in an example or docs folder' };
  if (TEST_NAME.test(stem) && !published) return { purpose: 'test', reason: 'its name marks it as a test image' };
  if ((DEV_NAME.test(stem) || dockerfile.path.startsWith('.devcontainer/')) && !published) return { purpose: 'dev', reason: 'its name or folder marks it as a development image' };
  const toolingDir = dirOf(dockerfile.path).split('/').find(isDevToolingDir);
  if (toolingDir !== undefined && !published) return { purpose: 'dev', reason: `it sits in \`${toolingDir}/\`, a folder of developer tooling or templates` };
  if (BASE_NAME.test(stem) && !finalChain(dockerfile).some((s) => s.cmd || s.entrypoint)) return { purpose: 'base', reason: 'it is a base or build image (named so, with no CMD or ENTRYPOINT)' };
  // CI publishes it: whatever local compose files do with it, this is the image that ships.
  if (published) return { purpose: 'deploy', reason: `published by ${published.path}:${published.line}` };
  if (services.length > 0 && services.every((s) => s.compose.purpose !== 'deploy')) {
    const test = services.some((s) => s.compose.purpose === 'test');
    return { purpose: test ? 'test' : 'dev', reason: `only ${test ? 'test/CI' : 'local-development'} compose files build it (${[...new Set(services.map((s) => s.compose.path))].join(', ')})` };
  }
  const copiesContext = dockerfile.stages.some((s) => s.copies.some((c) => contextSources(c).length > 0));
  if (!copiesContext) return { purpose: 'tool', reason: 'it copies nothing from the build context: it packages third-party software' };
  return { purpose: 'deploy', reason: services.length > 0 ? `built by ${services.map((s) => `${s.compose.path} service \`${s.service.name}\``).join(', ')}` : 'a deployable image of the component' };
}

/** Every Dockerfile with what it is for and whose code it runs. */
export function imageUses(project: Project): ImageUse[] {
  const { infra } = project.inventory;
  const builds = ciImageBuilds(project);
  const out: ImageUse[] = [];
  for (const dockerfile of infra.dockerfiles) {
    const final = dockerfile.stages[dockerfile.stages.length - 1];
    if (!final) continue;
    const services: ImageUse['services'] = [];
    for (const compose of infra.compose) {
      for (const service of compose.services) {
        if (service.build === undefined) continue;
        const built = service.dockerfile ?? joinPath(service.build, 'Dockerfile');
        if (built === dockerfile.path) services.push({ compose, service });
      }
    }
    const ciBuilds = builds.filter((b) => b.build.dockerfile === dockerfile.path);
    const named = [...services.map((s) => s.service.build ?? dirOf(dockerfile.path)), ...ciBuilds.map((b) => b.build.context)];
    const contexts = named.length > 0 ? [...new Set(named)] : [dirOf(dockerfile.path)];
    const names = new Set([...ciBuilds.flatMap((b) => b.build.tags), ...services.flatMap((s) => (s.service.image ? [s.service.image] : []))].map(knownBase).filter((n): n is string => n !== null));
    const runBy: ImageUse['runBy'] = [];
    for (const compose of infra.compose) {
      for (const service of compose.services) {
        const base = service.build === undefined && service.image ? knownBase(service.image) : null;
        if (base && names.has(base)) runBy.push({ compose, service });
      }
    }
    out.push({ dockerfile, final, ...purposeOf(project, dockerfile, services, ciBuilds), component: componentFor(project, dockerfile, contexts), contexts, services, ciBuilds, runBy });
  }
  return out;
}

/**
 * What the final image starts with: the ENTRYPOINT and CMD of the final stage, or, where it sets none, of the
 * stage it is built FROM (`FROM app AS app-plus` keeps `app`'s CMD).
 */
export function startCommand(dockerfile: DockerfileInfo): { entrypoint?: { value: string; line: number }; cmd?: { value: string; line: number } } {
  const chain = finalChain(dockerfile);
  const entrypoint = chain.find((s) => s.entrypoint)?.entrypoint;
  const cmd = chain.find((s) => s.cmd)?.cmd;
  return { ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}) };
}

/** The stages the final image is built from: the final stage and the earlier stages it starts FROM. */
export function finalChain(dockerfile: DockerfileInfo): DockerStage[] {
  const chain: DockerStage[] = [];
  let stage: DockerStage | undefined = dockerfile.stages[dockerfile.stages.length - 1];
  while (stage && !chain.includes(stage)) {
    chain.push(stage);
    const parent = stage.fromStage ? stage.image : undefined;
    stage = parent === undefined ? undefined : dockerfile.stages.find((s) => s.alias === parent);
  }
  return chain;
}
