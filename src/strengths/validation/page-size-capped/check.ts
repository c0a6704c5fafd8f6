import type { FunctionFact } from '../../../facts/types.js';
import { defineStrength } from '../../../engine/strength.js';

const PAGE_SIZE = /\b(limit|page_size|pageSize|per_page|perPage|take|size)\b/;
/** Where request input comes from, by name. */
const REQUEST = /\b(request|req|query|args|params|data|body|form|ctx\.query|ctx\.request)\b/;

/** `min(x, 100)`, `Math.min(x, 100)`, `clamp(x, …)` on the line, or `if x > N:` followed by `x = N` within two lines. */
function capLine(lines: readonly string[], name: string, from: number, to: number): number | undefined {
  const min = new RegExp(`\\b(min|Math\\.min|clamp\\w*)\\([^)]*\\b${name}\\b[^)]*\\b\\d+|\\b(min|Math\\.min|clamp\\w*)\\(\\s*\\d+[^)]*\\b${name}\\b`);
  const over = new RegExp(`\\bif\\s*\\(?\\s*${name}\\s*>=?\\s*(\\d+|[A-Z_]+)`);
  const assign = new RegExp(`^\\s*(let\\s+|const\\s+)?${name}\\s*=\\s*(\\d+|[A-Z_]+)\\s*;?\\s*$`);
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    if (min.test(line)) return i + 1;
    if (over.test(line) && lines.slice(i + 1, i + 3).some((l) => assign.test(l))) return i + 1;
  }
  return undefined;
}

/** The variable holds request input: a handler parameter, or assigned in the handler from request data. */
function fromRequest(lines: readonly string[], handler: FunctionFact, name: string, before: number): boolean {
  if (handler.params.some((p) => p.name === name)) return true;
  const assigned = new RegExp(`\\b${name}\\b\\s*=(?!=)`);
  const params = handler.params.map((p) => p.name).filter((n) => !/^(self|cls)$/.test(n));
  for (let i = handler.line - 1; i < before - 1; i++) {
    const line = lines[i] ?? '';
    if (!assigned.test(line)) continue;
    const value = line.slice(line.search(assigned));
    if (REQUEST.test(value) || params.some((p) => new RegExp(`\\b${p}\\b`).test(value))) return true;
  }
  return false;
}

export default defineStrength({
  meta: {
    code: 'STR026',
    name: 'page-size-capped',
    category: 'validation',
    title: 'Page size capped',
    description: 'Credits list handlers that cap a client-supplied page size before querying.',
    condition:
      'In a route handler, a page-size variable (limit, page_size, per_page, take, size) that is a handler parameter or read from the request is capped: `min(x, N)`, `Math.min(x, N)`, `clamp(…)`, or `if x > N` followed by `x = N`. A counter of another meaning (attempts, retries) compared with a limit is not a cap.',
    archetypes: ['service'],
    opposes: [{ rule: 'unbounded-numeric-input', scope: 'file' }],
    references: ['OWASP API Security Top 10 API4:2023 Unrestricted Resource Consumption'],
    status: 'stable',
    since: '0.2.0',
  },
  check({ project, credit }) {
    for (const route of project.inventory.runtime.routes) {
      const file = project.file(route.path);
      if (file?.kind !== 'code' || file.role !== 'source') continue;
      const handler = file.functions.find((f) => f.qualifiedName === route.handler && f.line >= route.line) ?? file.functions.find((f) => f.line >= route.line && f.line <= route.line + 3);
      if (!handler) continue;
      const lines = (project.readText(file.path) ?? '').split('\n');
      for (let i = handler.line - 1; i < handler.endLine; i++) {
        const name = PAGE_SIZE.exec(lines[i] ?? '')?.[1];
        if (!name) continue;
        const cap = capLine(lines, name, i, Math.min(i + 1, handler.endLine));
        if (cap === undefined || !fromRequest(lines, handler, name, cap)) continue;
        credit({ message: `\`${handler.name}\` (${route.method} ${route.route}) caps the client's \`${name}\` before querying: no request can ask for an unbounded page.`, path: file.path, line: cap });
        break;
      }
    }
  },
});
