/** Format name → renderer. Renderers are pure functions of the report. */
import { UsageError } from '../errors.js';
import type { Report } from '../model/report.js';
import renderHtml from './html.js';
import renderJson from './json.js';
import renderMarkdown from './markdown.js';
import renderTerminal, { type TerminalOptions } from './terminal.js';

export const FORMATS = ['text', 'markdown', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export function render(format: Format, report: Report, terminal: TerminalOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderTerminal(report, terminal);
    case 'html':
      return renderHtml(report);
  }
}

const EXTENSIONS: Record<string, Format> = { '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'text', '.html': 'html', '.htm': 'html' };

/** The format of an output file, from its extension. */
export function formatForFile(file: string): Format {
  const dot = file.lastIndexOf('.');
  const format = dot === -1 ? undefined : EXTENSIONS[file.slice(dot).toLowerCase()];
  if (!format) throw new UsageError(`cannot tell the format of ${file} from its extension`, `use one of ${Object.keys(EXTENSIONS).join(', ')}`);
  return format;
}
