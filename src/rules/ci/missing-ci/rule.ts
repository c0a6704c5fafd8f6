import type { ComponentProfile } from '../../../model/report.js';
import { defineRule } from '../../../engine/rule.js';
import type { Project } from '../../../project/project.js';

type MessageId = 'noCi';

const SEARCHED = '.github/workflows/, .gitlab-ci.yml, .circleci/, Jenkinsfile, azure-pipelines.yml, .travis.yml, bitbucket-pipelines.yml, .buildkite/, .drone.yml, appveyor.yml, .woodpecker, .semaphore/, cloudbuild.yaml';

/** Components that ship: deployed (service, worker, frontend), installed (cli) or published (a library with a publishable manifest). */
function ships(project: Project, component: ComponentProfile): boolean {
  if (['service', 'worker', 'frontend', 'cli'].includes(component.archetype)) return true;
  return component.archetype === 'library' && project.manifests.some((m) => component.manifests.includes(m.path) && m.publishable && !m.private);
}

function anchor(project: Project, component: ComponentProfile): { path: string; line: number } {
  const manifest = project.manifests.find((m) => component.manifests.includes(m.path));
  if (manifest) return { path: manifest.path, line: manifest.line };
  const evidence = component.evidence.find((e) => e.line !== null);
  return { path: evidence?.path ?? component.evidence[0]?.path ?? '.', line: evidence?.line ?? 1 };
}

export default defineRule<MessageId>({
  meta: {
    code: 'CI001',
    name: 'missing-ci',
    category: 'ci',
    severity: 'medium',
    confidence: 'high',
    title: 'No CI configuration',
    description: 'The repository ships a service, worker, frontend, CLI or published library, but has no CI configuration of any kind: nothing builds or tests a change before it merges.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      noCi: 'No CI configuration found (searched {{searched}}): nothing builds, lints or tests {{what}} when a change is pushed{{tests}}.',
    },
    fix: 'Add a workflow (e.g. `.github/workflows/ci.yml`) that runs on push and pull_request: install from the lockfile, lint, type-check and run the tests; protect the main branch on it.',
    acceptance: 'A CI workflow runs the lint and test commands on every push and pull request.',
    references: ['OpenSSF Scorecard CI-Tests', 'OpenSSF Scorecard Branch-Protection'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const { ci } = project.inventory;
    if (ci.workflows.length > 0 || ci.otherSystems.length > 0) return;
    // A workflow file that could not be read still means CI exists.
    if (project.files.some((f) => /^\.github\/workflows\/|^\.gitlab-ci\.ya?ml$/.test(f.path))) return;
    const shipped = project.components.filter((c) => ships(project, c));
    const first = shipped[0];
    if (!first) return;
    const where = anchor(project, first);
    const names = shipped.map((c) => `${c.path === '.' ? c.name : c.path} (${c.archetype})`);
    const testFiles = project.inventory.tests.files.length;
    const longLived = shipped.some((c) => c.archetype === 'service' || c.archetype === 'worker');
    report({
      messageId: 'noCi',
      data: {
        searched: SEARCHED,
        what: names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '),
        tests: testFiles > 0 ? `, and the ${testFiles} test file(s) run only when someone remembers to run them` : '',
      },
      path: where.path,
      line: where.line,
      related: shipped.slice(1, 4).map((c) => anchor(project, c)),
      severity: longLived ? 'medium' : 'low',
    });
  },
});
