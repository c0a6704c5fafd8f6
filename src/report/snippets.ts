/** Source lines for evidence snippets, read lazily (only for files that have findings) and masked. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../parse/read-source.js';
import { maskSecretsIn } from '../redact/detect.js';
import { maskKnown } from '../redact/mask.js';
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

  private raw(path: string, line: number): string | undefined {
    return this.lines(path)?.[line - 1]?.replace(/\r$/, '');
  }

  /**
   * The text fingerprints and inline suppressions are computed from: the line with the project's known secrets
   * masked, trimmed and clipped. Kept exactly as it was when fingerprints were introduced: any change here would
   * change fingerprints, and so break every baseline and ledger entry.
   */
  source(path: string, line: number): string {
    const text = this.raw(path, line);
    return text === undefined ? '' : clip(maskKnown(text, this.alwaysMask), 200);
  }

  /**
   * The evidence snippet of a 1-based line: `secrets` and the project's known secrets masked, then whatever the
   * secret detector recognises, before the line is clipped (a token cut by the clip would no longer be recognised);
   * '' when unavailable.
   */
  line(path: string, line: number, secrets: readonly string[] = []): string {
    const text = this.raw(path, line);
    return text === undefined ? '' : clip(maskSecretsIn(maskKnown(text, [...secrets, ...this.alwaysMask])), 200);
  }
}
