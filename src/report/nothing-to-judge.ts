/**
 * Whether an audit judged anything. A folder with no files, with only files no rule reads (text, images, data), or
 * audited with rules none of which applies to the components found, has no score: a 100 would claim a review that
 * did not happen.
 */
import type { Category } from '../model/report.js';
import type { Project } from '../project/project.js';

/** What readiness rules are about: code, manifests, CI, containers and deployment files. */
function hasJudgedContent(project: Project): boolean {
  const { ci, infra } = project.inventory;
  return (
    project.files.some((f) => f.kind === 'code' || f.kind === 'dockerfile') ||
    project.manifests.length > 0 ||
    ci.workflows.length + ci.otherSystems.length + ci.preCommit.length + ci.gitHooks.length > 0 ||
    infra.compose.length + infra.kubernetes.length + infra.helm.length + infra.procfiles.length > 0
  );
}

/**
 * Why nothing was judged, or undefined when something was. Anything the rules reported (a finding, a suppressed
 * finding, a strength) means something was judged.
 */
export function nothingToJudge(project: Project, reported: number, applicable: ReadonlySet<Category>): string | undefined {
  if (reported > 0) return undefined;
  if (project.files.length === 0) return 'the folder has no file to audit (after .gitignore, the configured ignores and the built-in skips)';
  if (!hasJudgedContent(project)) return 'no file here is one the rules read: no Python or JavaScript/TypeScript code, package manifest, CI workflow, Dockerfile or deployment file';
  if (applicable.size === 0) return 'none of the selected rules applies to the components found (see --only, --skip and the rules turned off in the configuration)';
  return undefined;
}
