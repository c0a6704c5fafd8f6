import { defineStrength } from '../../../engine/strength.js';
import { imageUses } from '../../../project/deployment/images.js';
import { actionUses } from '../../../project/knowledge/actions.js';
import { updateBots, watched } from '../../../project/knowledge/dependency-updates.js';
import type { Project } from '../../../project/project.js';

/** Kinds of dependency the repository has, with one file that shows each. */
function dependencyKinds(project: Project): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const m of project.manifests) {
    const role = project.file(m.path)?.role;
    if (m.dependencies.length === 0 || (role !== undefined && role !== 'source' && role !== 'config')) continue;
    if (!kinds.has(m.ecosystem)) kinds.set(m.ecosystem, m.path);
  }
  const image = imageUses(project).find((u) => u.purpose === 'deploy');
  if (image) kinds.set('docker', image.dockerfile.path);
  const workflow = project.inventory.ci.workflows.find((w) => w.system === 'github' && actionUses(w).length > 0);
  if (workflow) kinds.set('github-actions', workflow.path);
  return kinds;
}

const NAMES: Readonly<Record<string, string>> = { python: 'Python', node: 'npm', docker: 'Docker images', 'github-actions': 'GitHub Actions' };

export default defineStrength({
  meta: {
    code: 'STR012',
    name: 'automated-dependency-updates',
    category: 'dependencies',
    title: 'Dependency updates are automated for every ecosystem',
    description: 'Credits Dependabot or Renovate configured for every kind of dependency the repository has (Python, npm, Docker base images, GitHub Actions).',
    condition:
      'Renovate is configured (and not disabled), or `.github/dependabot.yml` has an entry for each kind of dependency present: Python and npm manifests with dependencies (outside tests and fixtures), deployed Dockerfiles, workflows that use remote actions. Code scanning (CodeQL) is not dependency updating.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'missing-dependency-scanning', scope: 'component' }],
    references: ['OpenSSF Scorecard Dependency-Update-Tool', 'GitHub docs: Dependabot version updates', 'Renovate docs'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const bots = updateBots(project);
    const bot = bots[0];
    if (!bot) return;
    const kinds = dependencyKinds(project);
    if (kinds.size === 0) return;
    const covered = [...kinds.keys()].filter((k) => watched(bots, k));
    const missing = [...kinds.entries()].filter(([k]) => !watched(bots, k));
    const tools = [...new Set(bots.map((b) => b.tool))].join(' and ');
    const list = (ks: readonly string[]): string => ks.map((k) => NAMES[k] ?? k).join(', ');
    if (missing.length === 0) {
      credit({ message: `${tools} proposes updates for every kind of dependency here (${list(covered)}).`, path: bot.path, line: bot.line });
      return;
    }
    if (covered.length > 0) {
      credit({ message: `${tools} watches ${list(covered)}, but not ${missing.map(([k, path]) => `${NAMES[k] ?? k} (${path})`).join(', ')}.`, path: bot.path, line: bot.line, partial: true });
    }
  },
});
