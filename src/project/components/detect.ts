/** Components and their archetypes, from evidence. */
import type { ComponentProfile } from '../../model/report.js';
import type { Project } from '../project.js';

export function detectComponents(project: Project): ComponentProfile[] {
  const languages = [...new Set(project.files.filter((f) => f.kind === 'code').map((f) => f.language))].sort();
  return [
    {
      path: '.',
      name: project.root.split('/').pop() ?? '.',
      archetype: 'library',
      confidence: 'low',
      exposure: 'internal',
      evidence: [],
      languages,
      frameworks: [],
      entryPoints: [],
      manifests: project.manifests.map((m) => m.path),
    },
  ];
}
