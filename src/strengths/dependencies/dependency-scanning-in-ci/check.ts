import { defineStrength } from '../../../engine/strength.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import { gatesTheRun } from '../../../project/knowledge/ci-gating.js';

/** Scanners of known-vulnerable dependencies (CodeQL and other code scanners are not among them). */
const SCANNER = /\b(pip-audit|gh-action-pip-audit|safety\s+(check|scan)|(npm|pnpm|bun)\s+audit(?!\s+signatures)|yarn\s+(npm\s+)?audit|audit-ci|better-npm-audit|osv-scanner|trivy|grype|snyk|dependency-check|dependency-review-action|anchore\/scan-action|uv\s+audit)\b/i;

export default defineStrength({
  meta: {
    code: 'STR013',
    name: 'dependency-scanning-in-ci',
    category: 'dependencies',
    title: 'Dependencies scanned for known vulnerabilities in CI',
    description: 'Credits a CI step, run automatically, that scans dependencies or images for known vulnerabilities (pip-audit, npm audit, osv-scanner, Trivy, Grype, Snyk, dependency review).',
    condition: 'A step of a workflow that runs on push, pull request or a schedule runs a dependency vulnerability scanner, and its failure fails the run (no continue-on-error or allow_failure); code scanning (CodeQL, Semgrep) does not count.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [{ rule: 'missing-dependency-scanning', scope: 'component' }],
    references: ['OpenSSF Scorecard Vulnerabilities', 'OWASP Top 10 A06:2021'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const { workflow, job, step } of steps(project.inventory.ci)) {
      // A scan whose failure fails nothing (continue-on-error, allow_failure) catches nothing before it ships.
      if (!runsAutomatically(workflow) || !gatesTheRun(job, step)) continue;
      const tool = SCANNER.exec(`${step.uses ?? ''} ${step.run ?? ''}`)?.[1];
      if (!tool) continue;
      credit({ message: `\`${workflow.path}\` runs ${tool.trim()} on every run of the workflow: a dependency with a known vulnerability is caught before it ships.`, path: workflow.path, line: step.usesLine ?? step.runLine ?? step.line });
      return;
    }
  },
});
