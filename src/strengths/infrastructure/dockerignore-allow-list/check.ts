import { defineStrength } from '../../../engine/strength.js';
import { dockerIgnoreFor } from '../../../project/deployment/dockerignore.js';
import { imageUses } from '../../../project/deployment/images.js';

export default defineStrength({
  meta: {
    code: 'STR065',
    name: 'dockerignore-allow-list',
    category: 'infrastructure',
    title: 'The build context is an allow-list',
    description: 'Credits a `.dockerignore` that excludes everything (`*`) and re-includes only what the image needs, so secrets, `.git` and local files never reach the build.',
    condition:
      'An image built from the repository has a `.dockerignore` (or `<Dockerfile>.dockerignore`) whose first pattern excludes everything (`*`, `**` or `/*`) and which re-includes paths with `!` patterns.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    opposes: [],
    references: ['Docker docs: .dockerignore file', 'hadolint and Docker build best practices: keep the build context small'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    const credited = new Set<string>();
    for (const use of imageUses(project)) {
      for (const context of use.contexts) {
        const ignore = dockerIgnoreFor(project, use.dockerfile.path, context);
        const [first, ...rest] = ignore?.patterns ?? [];
        if (!ignore || !first || credited.has(ignore.path) || first.negated || !/^(\*|\*\*|\/\*)$/.test(first.pattern)) continue;
        const included = rest.filter((p) => p.negated);
        if (included.length === 0) continue;
        credited.add(ignore.path);
        credit({
          message: `\`${ignore.path}\` excludes everything and re-includes ${included.length} path${included.length === 1 ? '' : 's'} (${included.slice(0, 4).map((p) => `\`${p.pattern}\``).join(', ')}${included.length > 4 ? ', …' : ''}): a new secret, \`.git\` or local file never reaches the image by accident.`,
          path: ignore.path,
          line: first.line,
          related: [{ path: use.dockerfile.path, line: 1 }],
        });
      }
    }
  },
});
