import { at, entries, str } from '../../../facts/located.js';
import { defineRule } from '../../../engine/rule.js';

const EXACT = /^\d+\.\d+\.\d+([-+][\w.]+)?$/;

function lineOf(text: string, pattern: RegExp): number | null {
  const index = text.split('\n').findIndex((l) => pattern.test(l));
  return index === -1 ? null : index + 1;
}

export default defineRule({
  meta: {
    code: 'DEP005',
    name: 'supply-chain-hardening',
    category: 'dependencies',
    severity: 'info',
    confidence: 'high',
    title: 'Supply-chain hardening',
    description: 'Credits package-manager settings that limit what a dependency update can do: exact pins, an allowlist for install scripts, a delay before new releases are installed.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend'],
    messages: {
      unused: 'This rule only credits good practice.',
    },
    fix: 'Pin exact versions (save-exact), allow install scripts only for the packages that need them, and hold back brand-new releases for a day or two.',
    acceptance: 'A compromised or broken new release cannot reach a build without a reviewed change.',
    references: ['OpenSSF Scorecard Pinned-Dependencies', 'pnpm onlyBuiltDependencies / minimumReleaseAge', 'npm ignore-scripts'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, strength }) {
    for (const file of project.files) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      if (file.kind === 'text' && name === '.npmrc') {
        const text = file.text;
        const exact = lineOf(text, /^\s*save-exact\s*=\s*true/);
        if (exact) strength({ title: 'Dependencies saved with exact versions', message: '`.npmrc` sets `save-exact=true`: new dependencies are pinned to one version.', path: file.path, line: exact });
        const scripts = lineOf(text, /^\s*ignore-scripts\s*=\s*true/);
        if (scripts) strength({ title: 'Install scripts disabled', message: '`.npmrc` sets `ignore-scripts=true`: dependencies cannot run code at install time.', path: file.path, line: scripts });
      }
      if (file.kind === 'data' && name === 'pnpm-workspace.yaml') {
        const doc = file.documents[0] ?? undefined;
        const allow = entries(doc).find((e) => e.key === 'allowBuilds' || e.key === 'onlyBuiltDependencies');
        if (allow) strength({ title: 'Install scripts allowed only for listed packages', message: `pnpm runs install scripts only for the packages under \`${allow.key}\`.`, path: file.path, line: allow.line });
        const age = at(doc, 'minimumReleaseAge');
        if (age) strength({ title: 'New releases are held back', message: `pnpm installs a release only after it is ${str(age) ?? '?'} minutes old (\`minimumReleaseAge\`): a compromised release has time to be pulled.`, path: file.path, line: age.line });
      }
    }
    for (const manifest of project.manifests) {
      if (manifest.ecosystem !== 'node') continue;
      const runtime = manifest.dependencies.filter((d) => d.kind === 'runtime');
      const exact = runtime.filter((d) => EXACT.test(d.spec));
      if (runtime.length >= 3 && exact.length / runtime.length >= 0.8) {
        strength({
          title: 'Runtime dependencies pinned exactly',
          message: `${exact.length} of ${runtime.length} runtime dependencies in \`${manifest.path}\` are pinned to one version.`,
          path: manifest.path,
          line: manifest.dependenciesLine,
        });
      }
    }
  },
});
