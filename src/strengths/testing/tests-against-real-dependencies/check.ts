import { defineStrength } from '../../../engine/strength.js';
import { runsAutomatically, steps } from '../../../project/inventory/ci-queries.js';
import { gatesTheRun } from '../../../project/knowledge/ci-gating.js';

/** Images of datastores, brokers and service emulators a test suite talks to. */
const REAL_SERVICES = /postgres|pgvector|postgis|timescale|mysql|mariadb|mongo|redis|valkey|rabbitmq|kafka|elasticsearch|opensearch|minio|localstack|mailpit|maildev|memcached|nats|clickhouse|cassandra|neo4j|mssql|sqlserver|weaviate|qdrant|kind|k3d/i;

/** A step that runs tests, when the command cannot be followed to a runner (`make test` in a folder set by a variable). */
const TEST_COMMAND = /\b(make|just|task)\s+(test|tests|check|ci|integration)\b|\b(pytest|tox|nox|go\s+test)\b|\b(npm|yarn|pnpm|bun)\s+(run\s+)?test\b/;

export default defineStrength({
  meta: {
    code: 'STR019',
    name: 'tests-against-real-dependencies',
    category: 'testing',
    title: 'Tests against real dependencies in CI',
    description: 'Credits a CI job that runs the tests against real datastores or brokers: service containers, or a compose stack started before the tests.',
    condition:
      'An automatically triggered CI job whose failure fails the run (not continue-on-error) runs tests, and either declares service containers or, before the tests, starts a compose stack or cluster with a datastore, broker or emulator (Postgres, MySQL, Mongo, Redis, Kafka, a kind cluster …). One credit per workflow.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['Testcontainers: the case for integration tests against real services', 'GitHub docs: About service containers'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const compose = project.inventory.infra.compose;
    const realStack = compose.some((c) => c.services.some((svc) => REAL_SERVICES.test(`${svc.image ?? ''} ${svc.name}`)));
    const credited = new Set<string>();
    for (const { workflow, job, step } of steps(project.inventory.ci)) {
      const runsTests = step.tests.length > 0 || step.kinds.includes('test') || TEST_COMMAND.test(step.run ?? '');
      if (credited.has(workflow.path) || !runsAutomatically(workflow) || !runsTests || !gatesTheRun(job, step)) continue;
      const before = job.steps.slice(0, job.steps.indexOf(step) + 1);
      const started = before.find((s) => (/\bdocker[ -]compose\b.*\b(up|run)\b/.test(s.run ?? '') && realStack) || /\bkind\s+create\s+cluster\b|helm\/kind-action|\bk3d\s+cluster\s+create\b/.test(`${s.run ?? ''} ${s.uses ?? ''}`));
      if (job.services.length === 0 && !started) continue;
      credited.add(workflow.path);
      credit({
        message:
          job.services.length > 0
            ? `Job \`${job.id}\` runs the tests against service containers (${job.services.join(', ')}), so queries, migrations and drivers are exercised for real.`
            : `Job \`${job.id}\` starts real dependencies with \`${(started?.run ?? started?.uses ?? '').split('\n')[0]?.trim() ?? ''}\` and runs the tests against them.`,
        path: workflow.path,
        line: started ? (started.runLine ?? started.usesLine ?? started.line) : job.line,
        related: [{ path: workflow.path, line: step.line }],
      });
    }
  },
});
