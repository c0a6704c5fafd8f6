import { defineRule } from '../../../engine/rule.js';
import type { Manifest } from '../../../project/manifests/types.js';
import type { Project } from '../../../project/project.js';

const VERSION_FILES = ['.nvmrc', '.node-version', '.python-version', '.tool-versions', 'runtime.txt', 'mise.toml', '.mise.toml'];

/** A version pinned for the runtime by a version file, or by the image the component deploys in. */
function pinnedElsewhere(project: Project, manifest: Manifest): string | null {
  const base = manifest.dir === '.' ? '' : `${manifest.dir}/`;
  const file = VERSION_FILES.map((f) => `${base}${f}`).find((f) => project.exists(f)) ?? VERSION_FILES.find((f) => project.exists(f));
  if (file) return file;
  const runtime = manifest.ecosystem === 'node' ? /^(node|.*\/node)$/ : /^(python|.*\/python)$/;
  const image = project.inventory.infra.dockerfiles.find((d) => (d.dir === manifest.dir || manifest.dir === '.') && d.stages.some((s) => runtime.test(s.image) && /\d/.test(s.tag)));
  return image ? image.path : null;
}

export default defineRule({
  meta: {
    code: 'DEP004',
    name: 'runtime-version-unspecified',
    category: 'dependencies',
    severity: 'low',
    confidence: 'high',
    title: 'Runtime version unspecified',
    description: 'A package or application does not say which Python or Node.js versions it supports (requires-python / python_requires, engines.node, a version file or a versioned base image).',
    archetypes: ['service', 'worker', 'cli', 'library'],
    messages: {
      python: '`{{manifest}}` does not declare `requires-python`/`python_requires`, and no version file or versioned image pins Python: installs on an unsupported interpreter fail late, at import or at run time.',
      node: '`{{manifest}}` has no `engines.node`, and no version file or versioned image pins Node.js: users and CI can run it on a version it does not support.',
    },
    fix: 'Declare the supported range (`requires-python = ">=3.11"`, `"engines": { "node": ">=20" }`) and test the lowest version in CI.',
    acceptance: 'The manifest states the supported runtime range, and CI tests it.',
    references: ['PEP 621 requires-python', 'npm package.json engines'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const manifest of project.manifests) {
      if (manifest.runtime || manifest.kind === 'requirements' || manifest.kind === 'pipfile') continue;
      // setup.py and setup.cfg (or pyproject) describe one package together: one of them stating it is enough.
      if (project.manifests.some((m) => m !== manifest && m.dir === manifest.dir && m.ecosystem === manifest.ecosystem && m.runtime)) continue;
      const component = project.componentOf(manifest.path);
      if (!component || component.path !== manifest.dir) continue;
      if (manifest.ecosystem === 'node' && (manifest.private || manifest.dependencies.length === 0) && component.archetype !== 'cli') continue;
      if (manifest.ecosystem === 'python' && manifest.dependencies.length === 0 && !manifest.publishable) continue;
      if (pinnedElsewhere(project, manifest)) continue;
      report({ messageId: manifest.ecosystem, data: { manifest: manifest.path }, path: manifest.path, line: manifest.line });
    }
  },
});
