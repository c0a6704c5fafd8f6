/** Every inventory of the project model, built once from the facts. */
import type { CodeFacts, FileFacts } from '../../facts/types.js';
import type { PathAliases } from '../manifests/node.js';
import type { Manifest } from '../manifests/types.js';
import type { ShellReader } from '../../parse/shell.js';
import { buildCiInventory, type CiInventory } from './ci.js';
import { buildEnvInventory, type EnvInventory } from './env.js';
import { buildInfraInventory, type InfraInventory } from './infra.js';
import { refineComposePurposes } from './compose-purpose.js';
import { buildRuntimeInventory, type RuntimeInventory } from './runtime.js';
import { filesNamedByTestCommands, linkTestRuns } from './test-runs.js';
import { buildTestInventory, type TestInventory } from './tests.js';

export interface Inventory {
  tests: TestInventory;
  ci: CiInventory;
  infra: InfraInventory;
  env: EnvInventory;
  runtime: RuntimeInventory;
}

export function buildInventory(files: readonly FileFacts[], manifests: readonly Manifest[], shell: ShellReader, aliases: readonly PathAliases[] = []): Inventory {
  const production = files.filter((f): f is CodeFacts => f.kind === 'code' && f.role === 'source');
  const infra = buildInfraInventory(files);
  const ci = buildCiInventory(files, manifests, infra, shell);
  // Compose files are judged once the images CI and scripts build are known: a service running one of them runs the project.
  const ciImages = [...ci.workflows.flatMap((w) => w.jobs.flatMap((j) => j.steps.flatMap((s) => (s.images ?? []).flatMap((i) => i.tags)))), ...ci.scriptImages.flatMap((i) => i.build.tags)];
  refineComposePurposes(infra.compose, files, [...manifests.flatMap((m) => (m.name ? [m.name] : [])), ...ciImages]);
  const invocations = [
    ...ci.workflows.flatMap((w) => w.jobs.flatMap((j) => j.steps.flatMap((s) => s.tests))),
    ...ci.preCommit.flatMap((h) => h.tests),
    ...ci.gitHooks.flatMap((h) => h.commands.flatMap((c) => c.tests)),
    ...ci.packageTests.flatMap((p) => p.tests),
  ];
  const tests = buildTestInventory(files, { manifests, named: filesNamedByTestCommands(files, invocations) });
  linkTestRuns(tests, ci, files);
  return {
    tests,
    ci,
    infra,
    env: buildEnvInventory(files, ci, infra),
    runtime: buildRuntimeInventory(files, production, manifests, aliases),
  };
}
