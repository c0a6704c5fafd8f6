/**
 * Fixture annotations, as in semgrep-rules: a comment `ruleid: <rule>` (must fire), `ok: <rule>` (must not),
 * `todoruleid: <rule>` (known miss) or `todook: <rule>` (known false positive) on the line before the case.
 * The case is the next line that is not itself an annotation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `credit:` marks a line where the rule must record a strength (a good practice it credits). */
export type Mark = 'ruleid' | 'ok' | 'todoruleid' | 'todook' | 'credit';

export interface Annotation {
  mark: Mark;
  rule: string;
  path: string;
  /** Line of the annotation comment (1-based). */
  commentLine: number;
  /** Line of the case it annotates (1-based). */
  line: number;
}

const ANNOTATION = /(?:#|\/\/|<!--|\*)\s*(ruleid|ok|todoruleid|todook|credit):\s*([\w-]+)/;

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs));
    else out.push(abs);
  }
  return out;
}

export function readAnnotations(dir: string): Annotation[] {
  const out: Annotation[] = [];
  for (const abs of listFiles(dir)) {
    const lines = readFileSync(abs, 'utf8').split('\n');
    const path = relative(dir, abs).split('\\').join('/');
    for (let i = 0; i < lines.length; i++) {
      const match = ANNOTATION.exec(lines[i] ?? '');
      if (!match) continue;
      let target = i + 1;
      while (target < lines.length && ANNOTATION.test(lines[target] ?? '')) target++;
      out.push({ mark: match[1] as Mark, rule: match[2] ?? '', path, commentLine: i + 1, line: target + 1 });
    }
  }
  return out;
}
