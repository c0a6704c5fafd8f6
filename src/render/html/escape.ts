/** HTML escaping: every piece of report text (snippets, messages, paths) goes through `esc`. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for element content and for quoted attribute values. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Report prose with its `code` spans as <code>; everything escaped. */
export function proseHtml(text: string): string {
  if ((text.match(/`/g) ?? []).length % 2 === 1) return esc(text);
  return text
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}
