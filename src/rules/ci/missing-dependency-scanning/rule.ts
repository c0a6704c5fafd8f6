import { at, items, str } from '../../../facts/located.js';
import { defineRule } from '../../../engine/rule.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'noScanning';

const SCANNERS = /\b(pip-audit|gh-action-pip-audit|safety\s+(check|scan)|(npm|pnpm|bun)\s+audit|yarn\s+(npm\s+)?audit|audit-ci|better-npm-audit|osv-scanner|trivy|grype|snyk|dependency-check|dependency-review-action|codeql-action|anchore\/scan-action|socketdev|retire\b|uv\s+audit)/i;
const RENOVATE = /^(renovate\.json5?|\.renovaterc(\.json5?)?|\.github\/renovate\.json5?|\.gitlab\/renovate\.json5?)$/;
/** Dependabot ecosystems that cover a manifest kind. */
const DEPENDABOT: Record<string, readonly string[]> = { python: ['pip', 'uv', 'poetry', 'pipenv'], node: ['npm', 'bun', 'yarn', 'pnpm'] };

interface Coverage {
  /** Ecosystems Dependabot watches; `*` when Renovate or a scanner covers everything. */
  ecosystems: Set<string>;
  evidence?: { path: string; line: number; what: string };
}

function coverage(project: Project): Coverage {
  const out: Coverage = { ecosystems: new Set() };
  const note = (ecosystem: string, path: string, line: number, what: string): void => {
    out.ecosystems.add(ecosystem);
    out.evidence ??= { path, line, what };
  };
  for (const file of project.files) {
    if (file.kind === 'data' && /^\.github\/dependabot\.ya?ml$/.test(file.path)) {
      for (const update of items(at(file.documents[0] ?? undefined, 'updates'))) {
        const ecosystem = str(at(update, 'package-ecosystem'));
        if (ecosystem) note(ecosystem, file.path, update.line, `Dependabot (${ecosystem})`);
      }
    }
    if (RENOVATE.test(file.path)) note('*', file.path, 1, 'Renovate');
    if (file.kind === 'data' && file.path.endsWith('package.json') && at(file.documents[0] ?? undefined, 'renovate')) note('*', file.path, 1, 'Renovate');
  }
  for (const { workflow, step } of steps(project.inventory.ci)) {
    if (!runsAutomatically(workflow)) continue;
    const text = `${step.uses ?? ''} ${step.run ?? ''}`;
    const tool = SCANNERS.exec(text)?.[1];
    if (tool) note('*', workflow.path, step.usesLine ?? step.runLine ?? step.line, tool);
  }
  for (const workflow of project.inventory.ci.workflows) {
    if (workflow.system !== 'gitlab') continue;
    if (/Dependency-Scanning|Container-Scanning|Security\//.test(project.readText(workflow.path) ?? '')) note('*', workflow.path, 1, 'GitLab dependency scanning');
  }
  for (const hook of project.inventory.ci.preCommit) {
    if (/pip-audit|safety|osv/.test(`${hook.id} ${hook.entry ?? ''}`)) note('*', hook.path, hook.line, hook.id);
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
  check({ project, report, strength }) {
    const found = coverage(project);
    if (found.evidence) {
      const ecosystems = [...found.ecosystems].filter((e) => e !== '*');
      strength({
        title: 'Dependencies watched automatically',
        message: `Dependencies are watched by ${found.evidence.what}${ecosystems.length > 1 ? ` (ecosystems: ${ecosystems.join(', ')})` : ''}.`,
        path: found.evidence.path,
        line: found.evidence.line,
      });
    }
    if (found.ecosystems.has('*')) return;
    for (const component of project.components) {
      const manifest = project.manifests.find((m) => component.manifests.includes(m.path) && m.kind !== 'requirements') ?? project.manifests.find((m) => component.manifests.includes(m.path));
      if (!manifest || manifest.dependencies.length === 0) continue;
      const covered = (DEPENDABOT[manifest.ecosystem] ?? []).some((e) => found.ecosystems.has(e));
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
