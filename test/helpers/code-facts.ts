/** Facts of a code snippet, as the extractor takes them from a file with this path and language. */
import type { CodeFacts, CodeLanguage } from '../../src/facts/types.js';
import { extractText } from '../../src/parse/extract-file.js';

export async function codeFacts(path: string, language: CodeLanguage, text: string): Promise<CodeFacts> {
  const f = await extractText({ path, language, role: 'source' }, text, 'hash');
  if (f.kind !== 'code') throw new Error('expected code facts');
  return f;
}
