import { defineRule } from '../../../engine/rule.js';

/** What the comment says after its marker: `# TODO(ana): handle refunds` → `handle refunds`. */
function noteAfter(line: string, marker: string): string {
  const at = line.indexOf(marker);
  const rest = (at >= 0 ? line.slice(at + marker.length) : line).replace(/^\s*(\([^)]*\))?\s*[:-]?\s*/, '').replace(/\s*(\*\/|-->)\s*$/, '');
  return rest === '' ? '(no explanation)' : rest;
}

export default defineRule({
  meta: {
    code: 'DEBT001',
    name: 'debt-marker',
    category: 'debt',
    severity: 'info',
    confidence: 'high',
    title: 'Debt marker',
    description: 'A TODO, FIXME, XXX or HACK comment: work its author knew was unfinished.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      marker: '{{marker}}: {{text}}',
    },
    fix: 'Finish the work, or move it to the issue tracker and link the issue from the comment.',
    acceptance: 'The marker is gone, or it links to a tracked issue.',
    references: ['ruff FIX001-FIX004 (flake8-fixme)', 'pylint W0511 fixme'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.files) {
      for (const marker of file.markers) {
        if (!marker.inComment) continue;
        report({ messageId: 'marker', data: { marker: marker.marker, text: noteAfter(marker.text, marker.marker) }, path: file.path, line: marker.line });
      }
    }
  },
});
