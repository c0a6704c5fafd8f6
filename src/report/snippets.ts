/** Source lines for evidence snippets, read lazily (only for files that have findings) and redacted. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../parse/read-source.js';
import { redact } from '../util/mask.js';
import { clip } from '../util/text.js';

export class SnippetReader {
  private readonly cache = new Map<string, string[] | null>();

  /** `alwaysMask`: secrets known in the project, masked in every snippet whatever finding shows the line. */
  constructor(
    private readonly root: string,
    private readonly alwaysMask: readonly string[] = [],
  ) {}

  private lines(path: string): string[] | null {
    let lines = this.cache.get(path);
    if (lines === undefined) {
      try {
        lines = decodeText(readFileSync(join(this.root, path))).split('\n');
      } catch {
        lines = null;
      }
      this.cache.set(path, lines);
    }
    return lines;
  }

  /** The trimmed text of a 1-based line (clipped), with secrets masked; '' when unavailable. */
  line(path: string, line: number, secrets: readonly string[] = []): string {
    const text = this.lines(path)?.[line - 1];
    return text === undefined ? '' : clip(redact(text.replace(/\r$/, ''), [...secrets, ...this.alwaysMask]), 200);
  }
}
