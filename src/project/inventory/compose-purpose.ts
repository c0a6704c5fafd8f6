/**
 * What a compose file is for, from evidence beyond its name: the folder it sits in (`dev/`, `tools/`,
 * `scripts/test-environments/`, a template), what its comments say ("only intended for testing … when developing"),
 * how it runs the project's own services (a `dev` build target, `NODE_ENV=development`, a watch or reload command,
 * a `local_dev.env` file), whether it runs the project at all (only third-party images: backing services for
 * development), and whether the README tells users to run it (then it is what users deploy).
 */
import type { DataFacts, FileFacts, LNode } from '../../facts/types.js';
import { at, str } from '../../facts/located.js';
import { type ComposeFile, type ComposePurpose, type ComposeService, imageBaseName } from './infra.js';

/** Folders whose compose files are developer tooling, test environments or templates, not deployments. */
const DEV_DIRS = /^(dev|devel|development|local|tools?|scripts?|hack|sandbox|playground|__templates?__|templates?|bench|benchmarks?|\.devcontainer)$/i;

/** A folder of developer tooling, local environments or templates (`dev/`, `tools/`, `jobs/__template__/`). */
export function isDevToolingDir(name: string): boolean {
  return DEV_DIRS.test(name);
}
const TEST_DIRS = /^(tests?|testing|e2e|integration|test[-_]env(ironment)?s?|ci)$/i;

/** A comment that says the file is for development or tests, not production. */
const DEV_COMMENT = /\b(do not use (this )?in production|not (meant |intended )?for production|(only )?(intended|meant) for (local )?(testing|development)|local development|for development( only| purposes)?|development (only|environment|setup|stack)|dev(elopment)? stack|testing only)\b/i;

const DEV_ENV_NAMES = /^(NODE_ENV|APP_ENV|ENV|ENVIRONMENT|RAILS_ENV|RACK_ENV|FLASK_ENV|DJANGO_ENV|PYTHON_ENV|MIX_ENV|GO_ENV|STAGE|DEPLOYMENT_ENV)$/;
const DEV_ENV_VALUES = /^(dev|devel|development|local|test|testing)$/i;
const DEV_COMMAND = /\b(watch|--watch|--reload|runserver|nodemon|dev|serve:dev|start:dev|build:watch|air|reflex|debugpy|--inspect)\b/;

export interface ComposeEvidence {
  purpose: ComposePurpose;
  reason: string;
}

/** Services that run the project's own code: they build from the repository or run an image it builds. */
function appServices(compose: ComposeFile, projectImages: ReadonlySet<string>): ComposeService[] {
  return compose.services.filter((s) => s.build !== undefined || (s.image !== undefined && projectImages.has(imageBaseName(s.image))));
}

function serviceNode(doc: LNode | undefined, name: string): LNode | undefined {
  return at(doc, 'services', name);
}

/** Why a service of the project is run for development or tests, if it is. */
function devService(service: ComposeService, node: LNode | undefined): { testing: boolean; strong: boolean; why: string } | null {
  const target = str(at(node, 'build', 'target'));
  if (target && /^(dev|devel|development|local|debug|test|testing)$/i.test(target)) return { testing: /test/i.test(target), strong: true, why: `service \`${service.name}\` builds the \`${target}\` stage` };
  const env = service.environment.find((e) => DEV_ENV_NAMES.test(e.name) && DEV_ENV_VALUES.test((e.value ?? '').trim()));
  if (env) return { testing: /test/i.test(env.value ?? ''), strong: true, why: `service \`${service.name}\` sets ${env.name}=${env.value ?? ''}` };
  const envFile = service.envFiles.find((f) => /(^|[/._-])(local|dev|development|test)([._-]|$)/i.test(f.slice(f.lastIndexOf('/') + 1)));
  if (envFile) return { testing: /test/i.test(envFile.slice(envFile.lastIndexOf('/') + 1)), strong: true, why: `service \`${service.name}\` reads ${envFile}` };
  if (service.build && DEV_DIRS.test(service.build.split('/')[0] ?? '')) return { testing: false, strong: false, why: `service \`${service.name}\` builds ${service.build}` };
  if (service.command && DEV_COMMAND.test(service.command)) return { testing: false, strong: false, why: `service \`${service.name}\` runs \`${service.command.slice(0, 40)}\`` };
  return null;
}

/** README files that tell users to run a compose file: `docker compose up`, `docker compose -f <file> up`, a link to it. */
function mentionedByReadme(path: string, readmes: readonly string[]): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const isDefault = /^(docker-)?compose\.ya?ml$/.test(name) && !path.includes('/');
  return readmes.some((text) => text.includes(name) || (isDefault && /docker[ -]compose\s+(up|pull|start)\b/.test(text)));
}

/**
 * The purpose of each compose file, refining what its name says (infra.ts) with the evidence above. Files named or
 * placed as test or development stay so; `deploy` files become `dev`/`test` on a folder, a comment, or services of
 * the project run for development; a file that runs none of the project's services is backing services for
 * development unless the README tells users to run it.
 */
export function refineComposePurposes(composeFiles: ComposeFile[], files: readonly FileFacts[], projectNames: readonly string[]): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const readmes = files.filter((f) => f.kind === 'text' && /^readme(\.[a-z]+)?$/i.test(f.path.slice(f.path.lastIndexOf('/') + 1)) && f.path.split('/').length <= 2).map((f) => (f.kind === 'text' ? f.text : ''));
  const projectImages = new Set([
    ...composeFiles.flatMap((c) => c.services.filter((s) => s.build !== undefined && s.image && !s.image.includes('$')).map((s) => imageBaseName(s.image ?? ''))),
    // A package name (`server`), its npm scope (`@karakeep/web` → `karakeep`), an image CI builds (`ghcr.io/acme/api:1` → `api`).
    ...projectNames.filter((n) => !n.includes('$') && !n.includes('EXPR')).flatMap((n) => [imageBaseName(n.replace(/^@[^/]+\//, '')), ...(/^@([^/]+)\//.exec(n)?.slice(1) ?? [])]).map((n) => n.toLowerCase()),
  ]);
  for (const compose of composeFiles) {
    if (compose.purpose !== 'deploy') continue;
    const evidence = evidenceFor(compose, byPath.get(compose.path), projectImages, readmes);
    if (evidence) {
      compose.purpose = evidence.purpose;
      compose.purposeReason = evidence.reason;
    }
  }
}

function evidenceFor(compose: ComposeFile, file: FileFacts | undefined, projectImages: ReadonlySet<string>, readmes: readonly string[]): ComposeEvidence | null {
  const dirs = compose.path.split('/').slice(0, -1);
  const testDir = dirs.find((d) => TEST_DIRS.test(d));
  if (testDir) return { purpose: 'test', reason: `it sits in \`${testDir}/\`` };
  const devDir = dirs.find((d) => DEV_DIRS.test(d));
  if (devDir) return { purpose: 'dev', reason: `it sits in \`${devDir}/\`, a folder of developer tooling` };
  const data: DataFacts | undefined = file?.kind === 'data' ? file : undefined;
  const comment = data?.comments.find((c) => DEV_COMMENT.test(c.text));
  if (comment) return { purpose: /test/i.test(comment.text) && !/develop/i.test(comment.text) ? 'test' : 'dev', reason: `its comment at line ${comment.line} says so` };
  const doc = data?.documents[0] ?? undefined;
  const apps = appServices(compose, projectImages);
  const dev = apps.map((s) => devService(s, serviceNode(doc, s.name))).filter((d): d is NonNullable<typeof d> => d !== null);
  // A service of the project built for development (a dev stage, a development environment): the stack is a
  // development one; a dev-looking command alone must hold for every service of the project.
  const strong = dev.find((d) => d.strong);
  if (strong || (apps.length > 0 && dev.length === apps.length)) return { purpose: dev.every((d) => d.testing) ? 'test' : 'dev', reason: (strong ?? dev[0])?.why ?? '' };
  // Root compose files are what users run; one further down that runs none of the project's services backs development.
  if (apps.length === 0 && dirs.length > 0 && !mentionedByReadme(compose.path, readmes)) {
    return { purpose: 'dev', reason: `none of its services (${compose.services.map((s) => s.name).slice(0, 4).join(', ')}) runs the project: backing services for development` };
  }
  return null;
}
