/** Terminal styling: colour only when asked for (a TTY without NO_COLOR, or FORCE_COLOR). Files never get ANSI codes. */
import pc from 'picocolors';
import type { Severity } from '../model/report.js';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  good(text: string): string;
}

export const plainStyle: Style = {
  bold: (t) => t,
  dim: (t) => t,
  severity: (_s, t) => t,
  good: (t) => t,
};

export const colourStyle: Style = {
  bold: (t) => pc.bold(t),
  dim: (t) => pc.dim(t),
  severity: (s, t) => (s === 'blocker' ? pc.bold(pc.red(t)) : s === 'high' ? pc.red(t) : s === 'medium' ? pc.yellow(t) : s === 'low' ? pc.cyan(t) : pc.dim(t)),
  good: (t) => pc.green(t),
};

/** Should output to this stream be coloured? FORCE_COLOR wins, then NO_COLOR, then whether it is a TTY. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}
