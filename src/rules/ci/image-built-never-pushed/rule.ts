import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { CiJob, CiStep } from '../../../project/inventory/ci.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import type { Project } from '../../../project/project.js';
import { joinPath } from '../../../util/paths.js';

type MessageId = 'neverPushed';

/** The image is used where it was built: run, composed, saved, loaded into a cluster, or tested. */
const USED_IN_PLACE = /\b(docker|podman)\s+(run|save|compose\s+(up|run|exec))\b|\bdocker-compose\s+(up|run)\b|\bkind\s+load\b|\bminikube\s+image\s+load\b|\bk3d\s+image\s+import\b|\bcontainer-structure-test\b|\bdgoss\b/;
const DEPLOYED = new Set(['service', 'worker', 'frontend']);

/** The Dockerfile a build step builds, as far as its command or inputs say. */
function dockerfileOf(step: CiStep): string | undefined {
  if (step.uses) {
    const context = (step.with['context'] ?? '.').replace(/^\.\/?/, '') || '.';
    return step.with['file']?.replace(/^\.\//, '') ?? joinPath(context, 'Dockerfile');
  }
  const build = /\b(?:docker|podman)\s+(?:buildx\s+)?(?:image\s+)?build\b(.*)$/m.exec(step.run ?? '')?.[1];
  if (build === undefined) return undefined;
  const file = /(?:-f|--file)[=\s]+["']?([^\s"']+)/.exec(build)?.[1];
  const context = build.replace(/(?:-f|--file|-t|--tag|--build-arg|--target|--platform|--label|--cache-from|--cache-to|--secret|-o|--output)[=\s]+\S+/g, '').trim().split(/\s+/).filter((w) => w && !w.startsWith('-')).pop();
  if (file) return file.replace(/^\.\//, '');
  return context && !context.includes('$') ? joinPath(context.replace(/^\.\/?/, '') || '.', 'Dockerfile') : undefined;
}

function usedInPlace(job: CiJob): boolean {
  return job.steps.some((s) => s.kinds.includes('test') || USED_IN_PLACE.test(s.run ?? '') || /container-structure-test|goss/.test(s.uses ?? ''));
}

function deployedComponent(project: Project, dockerfile: string | undefined): ComponentProfile | undefined {
  if (dockerfile && project.file(dockerfile)) {
    const component = project.componentOf(dockerfile);
    return component && DEPLOYED.has(component.archetype) ? component : undefined;
  }
  // The file is unknown: any Dockerfile of a deployed component will do.
  const known = project.dockerfiles().map((d) => project.componentOf(d.path)).find((c) => c && DEPLOYED.has(c.archetype));
  return dockerfile ? undefined : known;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI004',
    name: 'image-built-never-pushed',
    category: 'ci',
    severity: 'medium',
    confidence: 'medium',
    title: 'Container image built in CI but never pushed',
    description: 'CI builds the container image of a deployed component (`docker build`, `docker/build-push-action` without `push`) and no workflow ever pushes an image to a registry: what gets deployed is built somewhere else, untested.',
    // Findings sit in workflow files (the repository root's component); which images count is decided per Dockerfile.
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      neverPushed: 'This step builds the image of {{component}} (`{{dockerfile}}`) and the job neither runs nor tests it, and no workflow pushes any image to a registry (searched every step for docker/podman push, `buildx --push`, build-push-action with `push:`, skopeo, crane, ko, kaniko, jib): the image that gets deployed is not the one CI built.',
    },
    fix: 'Push the image CI builds (e.g. `docker/build-push-action` with `push: ${{ github.event_name != \'pull_request\' }}` and tags from the commit SHA) and deploy that exact digest; or, if the build is only a check, say so in the step name and keep it.',
    acceptance: 'The image deployed to production is the one a CI workflow built, tested and pushed, identified by digest or commit tag.',
    references: ['SLSA Build L2 (builds on a hosted build platform)', 'OpenSSF Scorecard Packaging'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const all = steps(project.inventory.ci);
    if (all.some((s) => s.step.kinds.includes('image-push') || s.step.kinds.includes('deploy'))) return;
    for (const { workflow, job, step } of all) {
      if (!runsAutomatically(workflow) || !step.kinds.includes('image-build') || usedInPlace(job)) continue;
      if (/\bcompose\b/.test(step.run ?? '') && !/\b(docker|podman)\s+(buildx\s+)?build\b/.test(step.run ?? '')) continue;
      const dockerfile = dockerfileOf(step);
      const component = deployedComponent(project, dockerfile);
      if (!component) continue;
      report({
        messageId: 'neverPushed',
        data: { component: component.path === '.' ? component.name : component.path, dockerfile: dockerfile ?? 'Dockerfile' },
        path: workflow.path,
        line: step.usesLine ?? step.runLine ?? step.line,
        related: dockerfile && project.file(dockerfile) ? [{ path: dockerfile, line: 1 }] : [],
      });
    }
  },
});
