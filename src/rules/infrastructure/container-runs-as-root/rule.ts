import { defineRule } from '../../../engine/rule.js';
import { finalChain, imageUses, startCommand } from '../../../project/deployment/images.js';
import { dropsPrivileges, imageUser, inheritedUser, isRootUser, nonRootBase, orchestratorNonRoot, passwordlessSudo } from '../../../project/deployment/security.js';

type MessageId = 'noUser' | 'rootUser' | 'sudoUser';

const JUDGED = new Set(['service', 'worker', 'frontend']);

export default defineRule<MessageId>({
  meta: {
    code: 'INF001',
    name: 'container-runs-as-root',
    category: 'infrastructure',
    severity: 'high',
    confidence: 'high',
    title: 'Container runs as root',
    description: 'The image of a deployed component runs its process as root: the final stage sets no USER (or USER root), and no orchestrator setting overrides it.',
    archetypes: ['service', 'worker', 'frontend', 'infra'],
    nonGoal: 'Packaging a CLI or library into an image is the user\'s job; images are judged only for deployed components.',
    messages: {
      noUser: 'The final stage of `{{file}}` (FROM {{base}}) sets no USER, so the {{component}} runs as root (uid 0), the base image\'s default; searched: USER in this stage and the stages it builds on, `user:` of the compose services that build it, runAsNonRoot/runAsUser in Kubernetes manifests.',
      rootUser: 'The final stage of `{{file}}` switches to `USER {{user}}`: the {{component}} runs as root.',
      sudoUser: 'The {{component}} runs as `USER {{user}}`, but `{{file}}` lets that user run `sudo` without a password ({{grant}}): any code running in the container can become root through it (e.g. chown /etc/sudoers).',
    },
    fix: 'Create an unprivileged user in the final stage (or use the one the base image ships, e.g. `node`, `nobody`) and switch to it with `USER` after the files are copied and owned correctly; or set `runAsNonRoot: true` and `runAsUser` in the Kubernetes securityContext.',
    acceptance: 'The final stage ends with `USER <non-root>` (or the orchestrator sets a non-root user), and the container starts and writes only where it owns the files.',
    references: ['hadolint DL3002 (last USER should not be root)', 'kube-linter run-as-non-root', 'Checkov CKV_DOCKER_3 / CKV_DOCKER_8', 'CWE-250: Execution with Unnecessary Privileges', 'CIS Docker Benchmark 4.1'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    const uses = imageUses(project);
    for (const use of uses) {
      if (use.purpose !== 'deploy' || !use.component || !JUDGED.has(use.component.archetype)) continue;
      const user = imageUser(use);
      const final = use.final;
      const root = finalChain(use.dockerfile).at(-1) ?? final;
      const component = `${use.component.archetype} \`${use.component.path === '.' ? use.component.name : use.component.path}\``;
      const sudo = user && !isRootUser(user.value) ? passwordlessSudo(use, user.value) : null;
      if (user && sudo) {
        report({ messageId: 'sudoUser', data: { file: use.dockerfile.path, user: user.value, grant: sudo.grant, component }, path: sudo.path, line: sudo.line, related: [{ path: user.path, line: user.line }], severity: 'medium' });
        continue;
      }
      if (user && !isRootUser(user.value)) continue;
      if (!user && nonRootBase(root.image, root.tag)) continue;
      // Built FROM another image of the project that switches user: USER carries over (the parent is judged itself).
      if (!user && inheritedUser(project, use, uses)) continue;
      if (orchestratorNonRoot(project, use)) continue;
      if (dropsPrivileges(project, use)) continue;
      const start = startCommand(use.dockerfile);
      const command = start.entrypoint ?? start.cmd;
      const related = [
        ...(command ? [{ path: use.dockerfile.path, line: command.line }] : []),
        ...use.services.filter((s) => s.compose.purpose === 'deploy').slice(0, 2).map((s) => ({ path: s.compose.path, line: s.service.line })),
      ];
      const official = !root.fromStage && (!root.image.includes('/') || /^docker\.io\/library\//.test(root.image));
      const base = root.tag ? `${root.image}:${root.tag}` : root.image;
      const severity = use.component.archetype === 'frontend' ? 'medium' : 'high';
      if (user) {
        report({ messageId: 'rootUser', data: { file: use.dockerfile.path, user: user.value, component }, path: user.path, line: user.line, related: [{ path: use.dockerfile.path, line: final.line }, ...related], severity });
      } else {
        report({ messageId: 'noUser', data: { file: use.dockerfile.path, base, component }, path: use.dockerfile.path, line: final.line, related, severity, confidence: official ? 'high' : 'medium' });
      }
    }
  },
});
