import { defineStrength } from '../../../engine/strength.js';
import { sourceLines } from '../../../project/source-text.js';

/** Reading the request's Origin header. */
const ORIGIN = /["']HTTP_ORIGIN["']|headers\.get\(\s*["'][Oo]rigin["']|headers\[["'][Oo]rigin["']\]|headers\.origin\b|getHeader\(\s*["'][Oo]rigin["']|\binfo\.origin\b|request\.origin\b/;
/** Comparing it with a list and turning the request away. */
const ALLOWED = /\bin\s+\w+|\bnot\s+in\b|\.includes\(|\.has\(|===?|!==?|\.indexOf\(|\.some\(|\.test\(/;
const REFUSES = /\b403\b|Forbidden|PermissionDenied|reject|cb\(\s*false|callback\(\s*false|\.close\(|\.destroy\(|return\s+false\b|throw\b/;

export default defineStrength({
  meta: {
    code: 'STR046',
    name: 'origin-allow-list',
    category: 'security',
    title: 'Request origins checked against an allow-list',
    description: 'Credits code that checks the Origin of cross-site requests (a public collection endpoint, a WebSocket handshake) against an allow-list and refuses the others.',
    condition: 'In production code, a function reads the request\'s Origin header (or a WebSocket handshake\'s origin), compares it with a list or set of allowed origins, and refuses a request that is not on it (403, `PermissionDenied`, `verifyClient` callback with false, closing the socket).',
    archetypes: ['service', 'worker'],
    opposes: [{ rule: 'cors-allows-any-origin-with-credentials', scope: 'component' }],
    references: ['OWASP WebSocket Security Cheat Sheet: origin validation', 'CWE-346: Origin Validation Error', 'CWE-1385'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const file of project.code()) {
      const text = project.readText(file.path);
      if (!text || !ORIGIN.test(text)) continue;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (!ORIGIN.test(lines[i] ?? '') || /^\s*(#|\/\/)/.test(lines[i] ?? '')) continue;
        const fn = project.functionAt(file.path, i + 1);
        const scope = fn ? sourceLines(project, file.path, i + 1, fn.endLine) : lines.slice(i, i + 20).join('\n');
        if (!ALLOWED.test(scope) || !REFUSES.test(scope)) continue;
        credit({ message: `\`${fn?.qualifiedName ?? 'the handler'}\` checks the request's Origin against the allowed origins and refuses the others: another site cannot post to this endpoint or open this socket from a visitor's browser.`, path: file.path, line: i + 1 });
        break;
      }
    }
  },
});
