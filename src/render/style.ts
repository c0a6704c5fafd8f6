/** Terminal styling: colour only when asked for (a TTY without NO_COLOR, or FORCE_COLOR). Files never get ANSI codes. */
import picocolors from 'picocolors';
import type { Severity } from '../model/report.js';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  good(text: string): string;
}

/** Always coloured: whether to colour is decided once, by wantsColour, not again by picocolors' own detection. */
const pc = picocolors.createColors(true);

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

/**
 * Should output to this stream be coloured? A non-empty FORCE_COLOR decides first (`0` or `false` turn colour off,
 * anything else on), then a non-empty NO_COLOR turns it off, then colour only on a TTY (force-color.org, no-color.org).
 */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}
