import { defineStrength } from '../../../engine/strength.js';

const EXACT = /^\d+\.\d+\.\d+([-+][\w.]+)?$/;

export default defineStrength({
  meta: {
    code: 'STR014',
    name: 'exact-dependency-pins',
    category: 'dependencies',
    title: 'Runtime dependencies pinned exactly',
    description: 'Credits npm projects that pin their runtime dependencies to exact versions (`save-exact`, or at least 80 % of three or more runtime dependencies).',
    condition:
      '`.npmrc` sets `save-exact=true`, or a package.json that is not a test fixture pins at least 80 % of its three or more runtime dependencies to one exact version; a library is not credited (exact pins in a library force duplicates on its users).',
    archetypes: ['service', 'worker', 'cli', 'frontend'],
    opposes: [],
    references: ['OpenSSF Scorecard Pinned-Dependencies', 'npm docs: save-exact'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.texts()) {
      if (!/(^|\/)\.npmrc$/.test(file.path)) continue;
      const index = file.text.split('\n').findIndex((l) => /^\s*save-exact\s*=\s*true\b/.test(l));
      if (index !== -1) credit({ message: `\`${file.path}\` sets \`save-exact=true\`: every dependency added is pinned to one version, so an install never picks up a release nobody reviewed.`, path: file.path, line: index + 1 });
    }
    for (const manifest of project.manifests) {
      const role = project.file(manifest.path)?.role;
      if (manifest.ecosystem !== 'node' || (role !== 'source' && role !== 'config')) continue;
      const runtime = manifest.dependencies.filter((d) => d.kind === 'runtime');
      const exact = runtime.filter((d) => EXACT.test(d.spec));
      if (runtime.length < 3 || exact.length / runtime.length < 0.8) continue;
      credit({ message: `${exact.length} of ${runtime.length} runtime dependencies in \`${manifest.path}\` are pinned to one version: upgrades happen only through a reviewed change.`, path: manifest.path, line: manifest.dependenciesLine });
    }
  },
});
