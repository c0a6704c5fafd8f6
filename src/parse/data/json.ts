/** JSON (and JSONC: tsconfig, VS Code settings) to located data, tolerant of comments and trailing commas. */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError as JsonParseError } from 'jsonc-parser';
import type { LNode, ParseError } from '../../facts/types.js';
import type { LineIndex } from '../../util/text.js';

function convert(node: JsonNode, lines: LineIndex): LNode {
  const line = lines.lineOf(node.offset);
  const endLine = lines.lineOf(node.offset + Math.max(0, node.length - 1));
  switch (node.type) {
    case 'object':
      return {
        t: 'map',
        line,
        endLine,
        entries: (node.children ?? []).flatMap((property) => {
          const [key, value] = property.children ?? [];
          if (!key) return [];
          const keyLine = lines.lineOf(key.offset);
          return [{ key: String(key.value), line: keyLine, value: value ? convert(value, lines) : { t: 'scalar' as const, line: keyLine, endLine: keyLine, value: null } }];
        }),
      };
    case 'array':
      return { t: 'seq', line, endLine, items: (node.children ?? []).map((child) => convert(child, lines)) };
    default:
      return { t: 'scalar', line, endLine, value: (node.value as string | number | boolean | null | undefined) ?? null };
  }
}

export function parseJson(text: string, lines: LineIndex): { documents: (LNode | null)[]; errors: ParseError[] } {
  const raw: JsonParseError[] = [];
  const tree = parseTree(text, raw, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const errors = raw.slice(0, 10).map((e) => {
    const line = lines.lineOf(e.offset);
    return { line, column: e.offset - lines.startOf(line) + 1, message: `invalid JSON: ${printParseErrorCode(e.error)}` };
  });
  return { documents: [tree ? convert(tree, lines) : null], errors };
}
