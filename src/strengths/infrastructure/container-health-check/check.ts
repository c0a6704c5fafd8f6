import { defineStrength } from '../../../engine/strength.js';
import { finalChain, imageUses } from '../../../project/deployment/images.js';

export default defineStrength({
  meta: {
    code: 'STR004',
    name: 'container-health-check',
    category: 'infrastructure',
    title: 'The service container is health-checked',
    description: 'Credits a deployed service image with a HEALTHCHECK, or a production compose service that builds it with a `healthcheck:`.',
    condition:
      'The image of a service component is deployed (not a test or development image) and its final stage declares a `HEALTHCHECK` other than NONE, or a compose file for deployment (not a development or test file) builds it with a `healthcheck:`.',
    archetypes: ['service'],
    opposes: [{ rule: 'missing-healthcheck', scope: 'component' }],
    references: ['Docker docs: HEALTHCHECK', 'Compose specification: healthcheck'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const use of imageUses(project)) {
      if (use.purpose !== 'deploy' || use.component?.archetype !== 'service') continue;
      const healthcheck = finalChain(use.dockerfile).find((s) => s.healthcheck)?.healthcheck;
      if (healthcheck && !/^NONE\b/i.test(healthcheck.value.trim())) {
        credit({ message: `\`${use.dockerfile.path}\` declares \`HEALTHCHECK ${healthcheck.value.slice(0, 80)}\`: the runtime knows when the service stops answering.`, path: use.dockerfile.path, line: healthcheck.line });
        continue;
      }
      const composed = use.services.find((s) => s.service.healthcheck && s.compose.purpose === 'deploy');
      if (composed?.service.healthcheck) {
        credit({
          message: `Compose service \`${composed.service.name}\` (built from \`${use.dockerfile.path}\`) runs \`${composed.service.healthcheck.test.slice(0, 80)}\` as its health check.`,
          path: composed.compose.path,
          line: composed.service.healthcheck.line,
        });
      }
    }
  },
});
