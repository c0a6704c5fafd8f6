import { defineRule } from '../../../engine/rule.js';
import type { Manifest } from '../../../project/manifests/types.js';
import type { Project } from '../../../project/project.js';

const NODE_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const PYTHON_LOCKS = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'];

/** A lock file in the manifest's folder or an ancestor (workspaces lock at the root). */
function lockFor(project: Project, manifest: Manifest): string | undefined {
  const names = manifest.ecosystem === 'node' ? NODE_LOCKS : PYTHON_LOCKS;
  let dir = manifest.dir;
  for (;;) {
    const prefix = dir === '.' ? '' : `${dir}/`;
    const found = project.lockfiles.find((l) => names.some((n) => l === `${prefix}${n}`));
    if (found) return found;
    if (dir === '.') return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.';
  }
}

/** requirements.txt where every line pins an exact version (`==`, or a hash) is a lock file in all but name. */
function fullyPinned(manifest: Manifest): boolean {
  return manifest.kind === 'requirements' && manifest.dependencies.length > 0 && manifest.dependencies.every((d) => /^==|@|--hash/.test(d.spec.trim()));
}

type MessageId = 'noLock' | 'unpinned';

export default defineRule<MessageId>({
  meta: {
    code: 'DEP003',
    name: 'missing-lockfile',
    category: 'dependencies',
    severity: 'medium',
    confidence: 'high',
    title: 'Application without a lock file',
    description: 'A deployed application (service, worker, front end) installs dependencies from version ranges with no lock file, so every build can get different code.',
    archetypes: ['service', 'worker', 'frontend'],
    nonGoal: 'Libraries and CLIs publish version ranges on purpose: their users\' applications pin the exact versions in their own lock files.',
    messages: {
      noLock: '`{{manifest}}` declares {{count}} dependencies by range and no lock file pins them ({{searched}}): two builds of the same commit can install different code.',
      unpinned: '`{{manifest}}` lists {{count}} of {{total}} dependencies without an exact version (e.g. `{{example}}`) and there is no lock file: installs are not reproducible.',
    },
    fix: 'Commit a lock file (npm/pnpm/yarn/bun lock, poetry.lock, uv.lock, Pipfile.lock) and install from it in CI and images (`npm ci`, `uv sync --frozen`, `poetry install --no-root`), or pin exact versions with hashes (`pip-compile --generate-hashes`).',
    acceptance: 'Builds install from a committed lock file or fully pinned requirements.',
    references: ['OpenSSF Scorecard Pinned-Dependencies', 'pip-tools pip-compile', 'npm ci'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const manifest of project.manifests) {
      const component = project.componentOf(manifest.path);
      if (!component || component.path !== manifest.dir && !(manifest.kind === 'requirements' && component.path === manifest.dir.replace(/\/requirements$/, ''))) continue;
      const runtime = manifest.dependencies.filter((d) => d.kind === 'runtime');
      if (runtime.length === 0 || lockFor(project, manifest)) continue;
      if (manifest.kind === 'requirements') {
        if (fullyPinned(manifest)) continue;
        const loose = runtime.filter((d) => !/^==|@/.test(d.spec.trim()));
        const first = loose[0];
        if (!first) continue;
        report({ messageId: 'unpinned', data: { manifest: manifest.path, count: loose.length, total: runtime.length, example: `${first.name}${first.spec}` }, path: manifest.path, line: first.line });
        continue;
      }
      if (manifest.ecosystem === 'python' && project.manifests.some((m) => m.kind === 'requirements' && m.dir.startsWith(manifest.dir === '.' ? '' : manifest.dir) && fullyPinned(m))) continue;
      const searched = (manifest.ecosystem === 'node' ? NODE_LOCKS : PYTHON_LOCKS).join(', ');
      report({ messageId: 'noLock', data: { manifest: manifest.path, count: runtime.length, searched: `looked for ${searched} here and in parent folders` }, path: manifest.path, line: manifest.dependenciesLine });
    }
  },
});
