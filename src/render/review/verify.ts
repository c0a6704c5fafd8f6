/** "Verify by hand": shell commands that print the evidence of a finding from the audited checkout. */
import type { Finding } from '../../model/report.js';

/** At most this many lines of one location are printed. */
const MAX_SPAN = 20;

/** Quote for a POSIX shell only when needed. */
export function shellQuote(text: string): string {
  return /^[\w./@:+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface VerifyCommands {
  /** One `sed -n` per file, in the order the locations are listed. */
  commands: string[];
  /** Files with evidence left out to keep the list short. */
  more: number;
}

/** `sed -n '44,46p' path` for each file holding evidence (relative to the audited folder). */
export function verifyCommands(finding: Pick<Finding, 'locations'>, maxFiles = 3): VerifyCommands {
  const ranges = new Map<string, string[]>();
  for (const l of finding.locations) {
    const end = Math.min(Math.max(l.endLine, l.line), l.line + MAX_SPAN - 1);
    const range = `${l.line},${end}p`;
    const list = ranges.get(l.path) ?? [];
    if (!list.includes(range)) list.push(range);
    ranges.set(l.path, list);
  }
  const all = [...ranges.entries()].map(([path, list]) => `sed -n '${list.join(';')}' ${shellQuote(path)}`);
  return { commands: all.slice(0, maxFiles), more: Math.max(0, all.length - maxFiles) };
}
