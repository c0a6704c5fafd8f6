/**
 * Line- and regex-level scans that need no syntax tree: debt markers, URL literals, `#` comments of data files.
 * Code extractors pass the comment ranges they found so that a scan can tell comments from code.
 */
import type { CommentFact, MarkerFact, StringFact } from '../facts/types.js';
import { clip } from '../util/text.js';

const MARKER = /\b(TODO|FIXME|XXX|HACK)\b/;

export type CommentTest = (lineText: string, offsetInLine: number, lineNumber: number) => boolean;

/** Every line with a marker word, as `git grep -w -E 'TODO|FIXME|XXX|HACK'` counts them (one per line). */
export function scanMarkers(text: string, inComment: CommentTest): MarkerFact[] {
  const out: MarkerFact[] = [];
  if (!MARKER.test(text)) return out;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const match = MARKER.exec(line);
    if (!match) continue;
    out.push({
      line: i + 1,
      marker: match[1] as MarkerFact['marker'],
      text: clip(line, 160),
      inComment: inComment(line, match.index, i + 1),
    });
  }
  return out;
}

/** For `#`-comment formats (YAML, TOML, Dockerfile, shell, requirements, .env): a `#` before the offset. */
export const hashCommentBefore: CommentTest = (lineText, offset) => {
  const hash = lineText.indexOf('#');
  return hash !== -1 && hash < offset && (hash === 0 || /\s/.test(lineText[hash - 1] ?? ' '));
};

/** For Markdown: inside an HTML comment on the same line. */
export const htmlCommentBefore: CommentTest = (lineText, offset) => {
  const open = lineText.indexOf('<!--');
  return open !== -1 && open < offset;
};

/** `#` comments of line-oriented formats, with their 1-based lines. */
export function hashComments(text: string): CommentFact[] {
  const out: CommentFact[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const hash = line.indexOf('#');
    if (hash === -1) continue;
    if (hash > 0 && !/\s/.test(line[hash - 1] ?? '')) continue;
    out.push({ line: i + 1, text: clip(line.slice(hash), 200) });
  }
  return out;
}

const URL_LITERAL = /(["'`])([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^"'`\s]*)\1/g;

/** Quoted `scheme://…` literals outside comments, with their lines. */
export function scanUrls(text: string, lineOf: (offset: number) => number, inCommentAt: (offset: number) => boolean): StringFact[] {
  const out: StringFact[] = [];
  if (!text.includes('://')) return out;
  for (const match of text.matchAll(URL_LITERAL)) {
    const offset = match.index ?? 0;
    if (inCommentAt(offset)) continue;
    out.push({ line: lineOf(offset), value: match[2] ?? '' });
  }
  return out;
}
