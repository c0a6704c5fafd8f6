/** `seaworthy profile [PATH]`: the project model — components, archetypes with evidence, inventories. */
import { audit } from '../../audit.js';
import { UsageError } from '../../errors.js';
import { renderJsonDocument, renderProfileText } from '../../render/index.js';

export async function profileCommand(path: string, format: string, jobs: number | undefined): Promise<string> {
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}'`, 'use text or json');
  const { report, project } = await audit({ path, rules: [], ...(jobs ? { jobs } : {}) });
  if (format === 'json') return renderJsonDocument({ schemaVersion: report.schemaVersion, target: report.target, profile: report.profile, metrics: report.metrics, errors: report.errors });
  return renderProfileText({
    target: report.target.path,
    ...(report.target.commit ? { commit: report.target.commit } : {}),
    components: report.profile.components,
    languages: report.profile['languages'] as Record<string, { files: number; lines: number }>,
    manifests: project.manifests,
    lockfiles: project.lockfiles,
    inventory: project.inventory,
    metrics: report.metrics,
  });
}
