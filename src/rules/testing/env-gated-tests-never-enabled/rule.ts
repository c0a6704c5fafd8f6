import { defineRule } from '../../../engine/rule.js';
import { steps } from '../../../project/inventory/ci-queries.js';
import { type EnvGate, nearMiss, optInGates, whereSet } from '../../../project/inventory/env-gates.js';
import type { Project } from '../../../project/project.js';
import { pushTo } from '../../../util/group.js';

type MessageId = 'neverSet' | 'manualOnly';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The CI step that runs the gated tests: where the variable belongs. */
function runningStep(project: Project, gate: EnvGate): { path: string; line: number } | undefined {
  const run = gate.file.runs.find((r) => r.kind === 'ci' && !r.manual);
  if (!run) return undefined;
  const ref = steps(project.inventory.ci).find((s) => s.workflow.path === run.path && s.step.line === run.line);
  return ref ? { path: run.path, line: ref.job.line } : { path: run.path, line: run.line };
}

export default defineRule<MessageId>({
  meta: {
    code: 'TST002',
    name: 'env-gated-tests-never-enabled',
    category: 'testing',
    severity: 'medium',
    confidence: 'high',
    title: 'Opt-in tests that CI never enables',
    description: 'Tests skipped unless an environment variable is set, when no workflow triggered by push, pull request or schedule ever sets it.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      neverSet: '{{tests}} in {{files}} {{are}} skipped unless `{{name}}` is set, and no workflow that runs on push, pull request or schedule sets it (searched workflow, job and step `env:`, run scripts, and the scripts, Makefiles, compose files, Dockerfiles and test configuration CI uses): in CI {{they}} always skipped.',
      manualOnly: '{{tests}} in {{files}} {{are}} skipped unless `{{name}}` is set, which only {{manual}} does — a workflow that runs only when started by hand: on push and pull requests {{they}} always skipped.',
    },
    fix: 'Set the variable in the CI job that runs these tests (`env: RUN_DB_TESTS: "1"`) together with whatever the tests need (a service container, a secret), or run them in a scheduled workflow; if they are dead, delete them.',
    acceptance: 'Some workflow triggered by push, pull_request or schedule sets the variable for the job that runs the gated tests.',
    references: ['pytest skipif', 'vitest skipIf/runIf', 'OpenSSF Scorecard CI-Tests'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const groups = new Map<string, EnvGate[]>();
    for (const gate of optInGates(project)) {
      const key = gate.names.join(', ');
      pushTo(groups, key, gate);
    }
    for (const [key, gates] of groups) {
      const first = gates[0];
      if (!first) continue;
      const settings = first.names.map((n) => ({ name: n, where: whereSet(project, n) }));
      // Any variable of the condition set somewhere, or a near-miss name in CI (ci-env-name-mismatch): not ours.
      if (settings.some((s) => s.where.automatic) || first.names.some((n) => nearMiss(project, n))) continue;
      const tests = gates.reduce((n, g) => n + Math.max(g.skip.tests, 1), 0);
      const files = [...new Set(gates.map((g) => g.file.path))];
      const manual = settings.find((s) => s.where.manual)?.where.manual;
      const site = runningStep(project, first);
      const related = [...gates.slice(1, 4).map((g) => ({ path: g.skip.path, line: g.skip.line })), ...(manual ? [{ path: manual.path, line: manual.line }] : []), ...(site ? [site] : [])];
      const credential = first.names.every((n) => /KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?$/i.test(n));
      report({
        messageId: manual ? 'manualOnly' : 'neverSet',
        data: {
          tests: plural(tests, 'test'),
          files: files.length === 1 ? `\`${files[0]}\`` : `${files.length} files`,
          are: tests === 1 ? 'is' : 'are',
          they: tests === 1 ? 'it is' : 'they are',
          name: key,
          manual: manual ? `${manual.path}:${manual.line}` : '',
        },
        path: first.skip.path,
        line: first.skip.line,
        related,
        // Tests that need a live third-party credential are often kept out of CI on purpose.
        severity: credential ? 'low' : 'medium',
      });
    }
  },
});
