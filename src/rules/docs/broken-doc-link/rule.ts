import { defineRule } from '../../../engine/rule.js';

const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** The repository path a relative link points at, or null when it climbs out of the repository. */
function resolve(from: string, target: string): string | null {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')).split('/') : [];
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (dir.length === 0) return null;
      dir.pop();
    } else dir.push(part);
  }
  return dir.join('/');
}

export default defineRule({
  meta: {
    code: 'DOC004',
    name: 'broken-doc-link',
    category: 'docs',
    severity: 'info',
    confidence: 'high',
    title: 'Link to a file that does not exist',
    description: 'A Markdown link or image points at a path in the repository that does not exist.',
    archetypes: ['service', 'worker', 'cli', 'library', 'frontend', 'infra'],
    messages: {
      broken: '{{kind}} to `{{target}}` points at a file that does not exist in the repository.',
    },
    fix: 'Point the link at the file\'s current location, or remove it.',
    acceptance: 'Every relative link in the docs resolves to a file in the repository.',
    references: ['markdown-link-check', 'lychee'],
    status: 'stable',
    since: '0.1.0',
  },
  check({ project, report }) {
    for (const file of project.files) {
      if (file.kind !== 'text' || file.language !== 'markdown' || !file.path.endsWith('.md')) continue;
      file.text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(LINK)) {
          const raw = m[1] ?? '';
          if (/^([a-z][a-z0-9+.-]*:|#|\/|\{|%|\$)/i.test(raw)) continue;
          const target = decodeURIComponent(raw.split('#')[0]?.split('?')[0] ?? '');
          const resolved = resolve(file.path, target);
          // Links that climb out of the repository (GitHub badges: ../../actions/…) point at the hosting site.
          if (target === '' || resolved === null || project.exists(resolved)) continue;
          report({ messageId: 'broken', data: { kind: m[0].startsWith('!') ? 'An image' : 'A link', target }, path: file.path, line: i + 1 });
        }
      });
    }
  },
});
