import { entries } from '../../../facts/located.js';
import { defineStrength } from '../../../engine/strength.js';

export default defineStrength({
  meta: {
    code: 'STR015',
    name: 'install-scripts-restricted',
    category: 'dependencies',
    title: 'Install scripts restricted',
    description: 'Credits package-manager settings that stop dependencies from running code at install time, or allow it only for listed packages.',
    condition: '`.npmrc` sets `ignore-scripts=true`, or pnpm settings (`pnpm-workspace.yaml`, or `pnpm` in package.json) list `onlyBuiltDependencies` / `allowBuilds`.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['npm docs: ignore-scripts', 'pnpm docs: onlyBuiltDependencies'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.files) {
      if (file.kind === 'text' && /(^|\/)\.npmrc$/.test(file.path)) {
        const index = file.text.split('\n').findIndex((l) => /^\s*ignore-scripts\s*=\s*true\b/.test(l));
        if (index !== -1) credit({ message: `\`${file.path}\` sets \`ignore-scripts=true\`: no dependency can run code when it is installed.`, path: file.path, line: index + 1 });
      }
      if (file.kind !== 'data') continue;
      const doc = file.documents[0] ?? undefined;
      const settings = /(^|\/)pnpm-workspace\.yaml$/.test(file.path) ? entries(doc) : /(^|\/)package\.json$/.test(file.path) ? entries(entries(doc).find((e) => e.key === 'pnpm')?.value) : [];
      const allow = settings.find((e) => e.key === 'allowBuilds' || e.key === 'onlyBuiltDependencies');
      if (allow) credit({ message: `pnpm runs install scripts only for the packages listed under \`${allow.key}\`: a new dependency cannot run code at install time unless someone adds it there.`, path: file.path, line: allow.line });
    }
  },
});
