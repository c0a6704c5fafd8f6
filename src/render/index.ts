/** Format name → renderer. Renderers are pure functions of the report. */
import { UsageError } from '../errors.js';
import type { Report } from '../model/report.js';
import renderHtml from './html.js';
import renderJson from './json.js';
import renderMarkdown from './markdown.js';
import renderSarif, { type SarifOptions } from './sarif.js';
import renderTerminal, { type TerminalOptions } from './terminal.js';

export const FORMATS = ['text', 'markdown', 'json', 'sarif', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions extends TerminalOptions {
  sarif?: SarifOptions;
}

export function isFormat(name: string): name is Format {
  return (FORMATS as readonly string[]).includes(name);
}

export function render(format: Format, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report, options.sarif);
    case 'text':
      return renderTerminal(report, options);
    case 'html':
      return renderHtml(report);
  }
}

/** Longest first, so that `.sarif.json` wins over `.json`. */
const EXTENSIONS: ReadonlyArray<readonly [string, Format]> = [
  ['.sarif.json', 'sarif'],
  ['.markdown', 'markdown'],
  ['.sarif', 'sarif'],
  ['.html', 'html'],
  ['.json', 'json'],
  ['.htm', 'html'],
  ['.txt', 'text'],
  ['.md', 'markdown'],
];

/** The format of an output file, from its extension. */
export function formatForFile(file: string): Format {
  const name = file.toLowerCase();
  const format = EXTENSIONS.find(([extension]) => name.endsWith(extension))?.[1];
  if (!format) throw new UsageError(`cannot tell the format of ${file} from its extension`, `use one of ${EXTENSIONS.map(([e]) => e).join(', ')}`);
  return format;
}
