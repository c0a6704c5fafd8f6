/** Terminal styling: colour only when asked for (--color, FORCE_COLOR, or a TTY without NO_COLOR or TERM=dumb). Files never get ANSI codes. */
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
 * Should output to this stream be coloured? `--color` / `--no-color` (`flag`) decide first; then a non-empty
 * FORCE_COLOR (`0` or `false` turn colour off, anything else on); then a non-empty NO_COLOR turns it off; then
 * colour only on a TTY whose TERM is not `dumb` (force-color.org, no-color.org).
 */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true && !isDumbTerminal(env);
}

/** TERM=dumb: a terminal that understands no escape sequence (Emacs shell buffers, some CI consoles). */
export function isDumbTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['TERM'] === 'dumb';
}
