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

/**
 * Spans of one file, overlapping ones merged and in file order: sed prints lines in file order anyway, and a
 * line inside two spans (`90,92p;91,91p`) would be printed twice.
 */
function mergeSpans(spans: ReadonlyArray<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1])) {
    const last = out[out.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/** `sed -n '44,46p' path` for each file holding evidence (relative to the audited folder). */
export function verifyCommands(finding: Pick<Finding, 'locations'>, maxFiles = 3): VerifyCommands {
  const spans = new Map<string, Array<[number, number]>>();
  for (const l of finding.locations) {
    const end = Math.min(Math.max(l.endLine, l.line), l.line + MAX_SPAN - 1);
    const list = spans.get(l.path) ?? [];
    list.push([l.line, end]);
    spans.set(l.path, list);
  }
  const all = [...spans.entries()].map(([path, list]) => `sed -n '${mergeSpans(list).map(([a, b]) => `${a},${b}p`).join(';')}' ${shellQuote(path)}`);
  return { commands: all.slice(0, maxFiles), more: Math.max(0, all.length - maxFiles) };
}
