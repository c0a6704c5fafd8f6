/** The body of a `## Heading` section of a Markdown text (rule docs), trimmed; undefined when absent or empty. */
export function markdownSection(text: string, heading: string): string | undefined {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim().toLowerCase() === `## ${heading}`.toLowerCase());
  if (start === -1) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^##?\s/.test(l));
  const body = lines.slice(start + 1, end === -1 ? undefined : end).join('\n').trim();
  return body === '' ? undefined : body;
}
