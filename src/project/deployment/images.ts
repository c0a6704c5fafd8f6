/**
 * Container images and what they are for. A Dockerfile is the image of a deployed component when it copies the
 * component's files from the build context and nothing says it is a test or development image: not its name
 * (`*.test.Dockerfile`, `Dockerfile.e2e`, `Dockerfile.dev`), not its folder (tests, .devcontainer), and not the
 * compose files that build it (when every one of them is a test/CI or local-development file).
 */
import type { ComponentProfile } from '../../model/report.js';
import type { ComposeFile, ComposeService, DockerfileInfo, DockerStage } from '../inventory/infra.js';
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
  /** Build contexts: those of the compose services that build it, else the Dockerfile's folder. */
  contexts: string[];
  services: Array<{ compose: ComposeFile; service: ComposeService }>;
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

function purposeOf(project: Project, dockerfile: DockerfileInfo, services: ImageUse['services']): { purpose: ImagePurpose; reason: string } {
  const role = project.file(dockerfile.path)?.role;
  const stem = nameStem(dockerfile.path);
  if (role === 'test' || role === 'fixture') return { purpose: 'test', reason: 'it sits in a test folder' };
  if (role === 'example' || role === 'docs') return { purpose: 'dev', reason: 'it sits in an example or docs folder' };
  if (TEST_NAME.test(stem)) return { purpose: 'test', reason: 'its name marks it as a test image' };
  if (DEV_NAME.test(stem) || dockerfile.path.startsWith('.devcontainer/')) return { purpose: 'dev', reason: 'its name or folder marks it as a development image' };
  if (BASE_NAME.test(stem) && !finalChain(dockerfile).some((s) => s.cmd || s.entrypoint)) return { purpose: 'base', reason: 'it is a base or build image (named so, with no CMD or ENTRYPOINT)' };
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
    const contexts = services.length > 0 ? [...new Set(services.map((s) => s.service.build ?? dirOf(dockerfile.path)))] : [dirOf(dockerfile.path)];
    out.push({ dockerfile, final, ...purposeOf(project, dockerfile, services), component: componentFor(project, dockerfile, contexts), contexts, services });
  }
  return out;
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
