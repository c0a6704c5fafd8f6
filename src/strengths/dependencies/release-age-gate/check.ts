import { at, entries, str } from '../../../facts/located.js';
import { defineStrength } from '../../../engine/strength.js';

export default defineStrength({
  meta: {
    code: 'STR016',
    name: 'release-age-gate',
    category: 'dependencies',
    title: 'New releases are held back',
    description: 'Credits package-manager or update-bot settings that install (or propose) a release only after it has been public for a while.',
    condition: 'pnpm `minimumReleaseAge` (pnpm-workspace.yaml), Yarn `npmMinimalAgeGate` (.yarnrc.yml), or Renovate `minimumReleaseAge` is set to a positive value.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['pnpm docs: minimumReleaseAge', 'Renovate docs: minimumReleaseAge'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.data()) {
      const doc = file.documents[0] ?? undefined;
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const key = name === 'pnpm-workspace.yaml' ? 'minimumReleaseAge' : name === '.yarnrc.yml' ? 'npmMinimalAgeGate' : /^(renovate\.json5?|\.renovaterc(\.json)?)$/.test(name) ? 'minimumReleaseAge' : undefined;
      if (!key) continue;
      const value = at(doc, key) ?? entries(doc).find((e) => e.key === key)?.value;
      const text = str(value);
      if (!value || text === undefined || /^0+(\s|$)/.test(text)) continue;
      const tool = key === 'npmMinimalAgeGate' ? 'Yarn' : name === 'pnpm-workspace.yaml' ? 'pnpm' : 'Renovate';
      credit({ message: `${tool} takes a release only once it is \`${text}\`${/^\d+$/.test(text) && tool !== 'Renovate' ? ' minutes' : ''} old (\`${key}\`): a compromised release is usually pulled before it reaches this project.`, path: file.path, line: value.line });
    }
  },
});
