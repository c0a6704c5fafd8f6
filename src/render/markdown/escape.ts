/**
 * Markdown escaping. Report text is data: code snippets, messages with `code` spans, paths. Nothing in it may
 * turn into HTML, links, emphasis or table columns.
 */

/** An inline code span that holds any text (a fence longer than any backtick run inside). */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function escapePlain(text: string): string {
  return text.replace(/[\\*_[\]<>#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

/**
 * Prose from the report (messages, fixes, reasons): `code` spans are kept as written, everything else is
 * escaped. With an odd number of backticks the spans are ambiguous, so all of it is treated as plain text.
 */
export function prose(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  if ((flat.match(/`/g) ?? []).length % 2 === 1) return escapePlain(flat).replace(/`/g, '\\`');
  return flat
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : escapePlain(part)))
    .join('');
}

/** A table cell: prose (or code) with `|` escaped, which GitHub honours even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A fenced block that holds any text. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${lang}\n${text}\n${f}`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}
