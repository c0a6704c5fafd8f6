import { defineRule } from '../../../engine/rule.js';

const RUNBOOK_NAME = /(runbook|playbook|troubleshoot|operations|operating|ops|incident|on-?call|recovery|disaster|rollback|backup|maintenance|faq)/i;
const RUNBOOK_HEADING = /^#{1,6}\s*.*\b(runbook|troubleshoot(ing)?|operations|incident|on-?call|recovery|rollback|roll back|backup|restore|monitoring|alerts?|faq|common (problems|issues|errors))\b/im;

export default defineRule({
  meta: {
    code: 'DOC003',
    name: 'missing-runbook',
    category: 'docs',
    severity: 'low',
    confidence: 'medium',
    title: 'No runbook for a deployed service',
    description: 'A deployed service or worker has no runbook or troubleshooting guide anywhere in the repository.',
    archetypes: ['service', 'worker'],
    nonGoal: 'A CLI or library is not operated by anyone: its users read the usage docs, not a runbook.',
    messages: {
      missing: '`{{component}}` is deployed ({{deployed}}) but no document covers operating it: searched {{count}} Markdown/reStructuredText files for a runbook, troubleshooting, rollback, backup or incident section.',
    },
    fix: 'Write a short runbook next to the deployment docs: how to check health, read logs, roll back, restore the database, and the known failure modes with their fix.',
    acceptance: 'An on-call engineer who did not write the service can diagnose and roll it back from the docs.',
    references: ['Google SRE Book, chapter 14 (Managing Incidents)'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    const docs = project.files.filter((f) => f.kind === 'text' && f.language === 'markdown');
    const covered = docs.some((d) => d.kind === 'text' && (RUNBOOK_NAME.test(d.path.slice(d.path.lastIndexOf('/') + 1)) || RUNBOOK_HEADING.test(d.text)));
    if (covered) return;
    const { infra } = project.inventory;
    for (const component of project.components) {
      if (component.archetype !== 'service' && component.archetype !== 'worker') continue;
      // Dev containers and test images are not how the component is deployed.
      const owned = (path: string): boolean =>
        project.componentOf(path)?.path === component.path && project.file(path)?.role !== 'script' && project.file(path)?.role !== 'test' && !/(^|\/)\./.test(path) && !/(dev|test|e2e|ci)[.\w-]*\.?dockerfile$|dockerfile\.(dev|test|e2e|ci)/i.test(path);
      const deploy = [
        ...infra.dockerfiles.filter((d) => owned(d.path)).map((d) => ({ path: d.path, line: d.stages[0]?.line ?? 1, what: 'Dockerfile' })),
        ...infra.procfiles.filter((p) => owned(p.path)).map((p) => ({ path: p.path, line: p.line, what: 'Procfile' })),
      ][0];
      if (!deploy) continue;
      report({ messageId: 'missing', data: { component: component.path, deployed: `${deploy.what} ${deploy.path}`, count: docs.length }, path: deploy.path, line: deploy.line });
    }
  },
});
