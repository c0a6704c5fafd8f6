import { defineStrength } from '../../../engine/strength.js';
import { finalChain, imageUses, type ImageUse } from '../../../project/deployment/images.js';
import { dropsPrivileges, imageUser, isRootUser, orchestratorNonRoot } from '../../../project/deployment/security.js';

/** A RUN that lets the runtime user become root again: a passwordless sudo grant, or the user added to sudoers. */
const ROOT_GRANT = /\bNOPASSWD\b|\/etc\/sudoers|\busermod\s+[^\n;&|]*-a?G\s*(sudo|wheel|root)\b|\badduser\s+\S+\s+(sudo|wheel)\b/;

function rootGrant(use: ImageUse): { line: number } | undefined {
  return finalChain(use.dockerfile)
    .flatMap((s) => s.runs)
    .find((r) => ROOT_GRANT.test(r.value));
}

/** A development container, wherever it sits (`.devcontainer/`, `.github/.devcontainer/`): not a shipped image. */
function devContainer(path: string): boolean {
  return /(^|\/)\.devcontainer\//.test(path);
}

export default defineStrength({
  meta: {
    code: 'STR002',
    name: 'non-root-container',
    category: 'infrastructure',
    title: 'Container runs as a non-root user',
    description: 'Credits a deployed image whose process runs as an unprivileged user: a non-root USER, an orchestrator override, or an entrypoint that drops privileges.',
    condition:
      'A deployed image (not a test, development or tool image) ends with a non-root `USER`, or a deploy compose service / Kubernetes securityContext runs it as non-root, or its entrypoint drops privileges (gosu, su-exec, setpriv); and no RUN of the final image grants that user a way back to root (a NOPASSWD sudo rule, sudoers, the sudo/wheel group).',
    archetypes: ['service', 'worker', 'frontend'],
    opposes: [{ rule: 'container-runs-as-root', scope: 'file' }],
    references: ['hadolint DL3002', 'CIS Docker Benchmark 4.1', 'CWE-250'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy' || devContainer(use.dockerfile.path)) continue;
      if (rootGrant(use)) continue;
      const user = imageUser(use);
      if (user && !isRootUser(user.value)) {
        credit({ message: `\`${use.dockerfile.path}\` switches to \`USER ${user.value}\` before the process starts, and nothing in the image lets that user become root again.`, path: user.path, line: user.line });
        continue;
      }
      if (user) continue;
      const override = orchestratorNonRoot(project, use);
      if (override) {
        credit({ message: `\`${use.dockerfile.path}\` sets no USER, but the orchestrator runs it as \`${override.value}\`.`, path: override.path, line: override.line, related: [{ path: use.dockerfile.path, line: use.final.line }] });
        continue;
      }
      const drop = dropsPrivileges(project, use);
      if (drop) credit({ message: `\`${use.dockerfile.path}\` starts as root only to drop to an unprivileged user before running the app.`, path: drop.path, line: drop.line, related: [{ path: use.dockerfile.path, line: use.final.line }] });
    }
  },
});
