import { defineRule } from '../../../engine/rule.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import { DEPENDABOT_ECOSYSTEMS, updateBots } from '../../../project/knowledge/dependency-updates.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'noScanning';

const SCANNERS = /\b(pip-audit|gh-action-pip-audit|safety\s+(check|scan)|(npm|pnpm|bun)\s+audit|yarn\s+(npm\s+)?audit|audit-ci|better-npm-audit|osv-scanner|trivy|grype|snyk|dependency-check|dependency-review-action|codeql-action|anchore\/scan-action|socketdev|retire\b|uv\s+audit)/i;

interface Coverage {
  /** Ecosystems Dependabot watches; `*` when Renovate or a scanner covers everything. */
  ecosystems: Set<string>;
}

function coverage(project: Project): Coverage {
  const out: Coverage = { ecosystems: new Set() };
  const note = (ecosystem: string): void => {
    out.ecosystems.add(ecosystem);
  };
  for (const bot of updateBots(project)) for (const ecosystem of bot.ecosystems) note(ecosystem);
  for (const { workflow, step } of steps(project.inventory.ci)) {
    if (!runsAutomatically(workflow)) continue;
    const text = `${step.uses ?? ''} ${step.run ?? ''}`;
    if (SCANNERS.test(text)) note('*');
  }
  for (const workflow of project.inventory.ci.workflows) {
    if (workflow.system !== 'gitlab') continue;
    if (/Dependency-Scanning|Container-Scanning|Security\//.test(project.readText(workflow.path) ?? '')) note('*');
  }
  for (const hook of project.inventory.ci.preCommit) {
    if (/pip-audit|safety|osv/.test(`${hook.id} ${hook.entry ?? ''}`)) note('*');
  }
  return out;
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI005',
    name: 'missing-dependency-scanning',
    category: 'ci',
    severity: 'medium',
    confidence: 'medium',
    title: 'No dependency vulnerability scanning',
    description: 'A deployed component\'s dependencies are watched by nothing: no Dependabot or Renovate configuration for its ecosystem, and no scanner (pip-audit, npm audit, osv-scanner, Trivy, Grype, Snyk, dependency review, code scanning) in CI.',
    archetypes: ['service', 'worker', 'frontend'],
    nonGoal: 'A CLI or library resolves its dependencies in its users\' environments; scanning it is worthwhile but it is not judged here.',
    messages: {
      noScanning: '{{component}}\'s {{ecosystem}} dependencies ({{manifest}}) are scanned by nothing: no Dependabot entry for {{ecosystem}}, no Renovate configuration, and no pip-audit/npm audit/osv-scanner/Trivy/Grype/Snyk/dependency-review step in CI{{partial}}. Dependabot alerts enabled in the repository settings cannot be seen from the code (not verified).',
    },
    fix: 'Add `.github/dependabot.yml` with an entry for the ecosystem (and `docker` for the image), or a Renovate config; and/or run a scanner in CI (`pip-audit`, `npm audit --audit-level=high`, `osv-scanner`, `trivy image`) so a known-vulnerable dependency fails the build.',
    acceptance: 'Every deployed component\'s dependency manifest is covered by automated update PRs or a scanner that runs in CI.',
    references: ['OpenSSF Scorecard Dependency-Update-Tool', 'OpenSSF Scorecard Vulnerabilities', 'OWASP Top 10 A06:2021 Vulnerable and Outdated Components', 'CWE-1104'],
    status: 'stable',
    since: '0.1.0',
    security: true,
  },
  check({ project, report }) {
    const found = coverage(project);
    if (found.ecosystems.has('*')) return;
    for (const component of project.components) {
      const manifest = project.manifests.find((m) => component.manifests.includes(m.path) && m.kind !== 'requirements') ?? project.manifests.find((m) => component.manifests.includes(m.path));
      if (!manifest || manifest.dependencies.length === 0) continue;
      const covered = (DEPENDABOT_ECOSYSTEMS[manifest.ecosystem] ?? []).some((e) => found.ecosystems.has(e));
      if (covered) continue;
      report({
        messageId: 'noScanning',
        data: {
          component: component.path === '.' ? component.name : component.path,
          ecosystem: manifest.ecosystem === 'python' ? 'Python' : 'npm',
          manifest: manifest.path,
          partial: found.ecosystems.size > 0 ? ` (Dependabot watches only ${[...found.ecosystems].join(', ')})` : '',
        },
        path: manifest.path,
        line: manifest.line,
        severity: component.archetype === 'frontend' ? 'low' : 'medium',
      });
    }
  },
});
