/**
 * One file in, its facts out: read, decide it is text, parse once, extract, release the tree.
 * Never throws for a bad file: the problem comes back as an analysis error, with whatever facts could be taken.
 */
import { readFileSync } from 'node:fs';
import type { DiscoveredFile } from '../discover/walk.js';
import type { CodeLanguage, FileFacts } from '../facts/types.js';
import type { AnalysisError } from '../model/report.js';
import { sha1 } from '../util/hash.js';
import { countLines, LineIndex } from '../util/text.js';
import { extractJavaScript } from './code/javascript.js';
import { extractPython } from './code/python.js';
import { parseDockerfile } from './data/dockerfile.js';
import { parseJson } from './data/json.js';
import { parseToml } from './data/toml.js';
import { parseYaml } from './data/yaml.js';
import { codeParser, parserUsable, retireParser } from './grammars.js';
import { looksMinified, looksVendored } from './minified.js';
import { abortMessage, losesParser, ParseBudgetExceeded, ParserLost } from './parse-failures.js';
import { decodeSource } from './read-source.js';
import { hashComments, hashCommentBefore, htmlCommentBefore, scanMarkers } from './text-scans.js';

export interface Extraction {
  facts: FileFacts | null;
  errors: AnalysisError[];
  /** Set when the content shows the file is generated or vendored (minified, a library banner), though its name did not: not analysed. */
  generated?: string;
  /** Set when this thread's parser instance aborted: no later file may be parsed in this thread. */
  parserLost?: true;
}

type FileRef = Pick<DiscoveredFile, 'path' | 'abs' | 'language' | 'role'>;

/** `parse` only parses and releases the tree (for the benchmark's parse-only baseline); `facts` is the real job. */
export type ExtractMode = 'facts' | 'parse';

export async function extractFile(file: FileRef, mode: ExtractMode = 'facts'): Promise<Extraction> {
  let bytes: Uint8Array;
  try {
    // Synchronous: files are worked one at a time, and an asynchronous read costs a thread-pool round trip per
    // file (about ten times the CPU of the read itself on small files).
    bytes = readFileSync(file.abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { facts: null, errors: [{ path: file.path, kind: 'unreadable', message: `could not be read (${code}); check its permissions` }] };
  }
  const decoded = decodeSource(file.path, bytes);
  if (!decoded.ok) return { facts: null, errors: [decoded.error] };
  const errors: AnalysisError[] = decoded.warning ? [decoded.warning] : [];
  if (file.language === 'javascript' && (looksMinified(decoded.text) || looksVendored(decoded.text))) return { facts: null, errors: [], generated: file.path };
  try {
    if (mode === 'parse') {
      await parseOnly(file, decoded.text);
      return { facts: null, errors };
    }
    const facts = await extractText(file, decoded.text, sha1(bytes));
    const first = facts.parseErrors[0];
    if (first) {
      const more = facts.parseErrors.length > 1 ? ` (and ${facts.parseErrors.length - 1} more)` : '';
      errors.push({ path: file.path, kind: 'syntax-error', line: first.line, message: `${first.message}${more}; facts were taken from the valid parts` });
    }
    return { facts, errors };
  } catch (error) {
    errors.push({ path: file.path, kind: 'analysis-failed', message: failureMessage(error) });
    return error instanceof ParserLost ? { facts: null, errors, parserLost: true } : { facts: null, errors };
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof ParseBudgetExceeded) return `not analysed: ${error.message}; exclude the file (ignore in .seaworthy.yml) if it is generated`;
  if (error instanceof ParserLost) return `not analysed: ${error.message}; lower max-file-size or exclude the file (ignore in .seaworthy.yml)`;
  return `could not be analysed: ${(error as Error).message}`;
}

export async function extractText(file: Pick<FileRef, 'path' | 'language' | 'role'>, text: string, hash: string): Promise<FileFacts> {
  const { path, language, role } = file;
  switch (language) {
    case 'python':
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return extractCode(path, language, role, text, hash);
    case 'yaml':
    case 'json':
    case 'toml': {
      const lines = new LineIndex(text);
      const parsed = language === 'yaml' ? parseYaml(text) : language === 'json' ? parseJson(text, lines) : parseToml(text);
      return {
        kind: 'data',
        path,
        language,
        role,
        lines: countLines(text),
        hash,
        documents: parsed.documents,
        parseErrors: parsed.errors,
        comments: language === 'json' ? [] : hashComments(text),
        markers: scanMarkers(text, language === 'json' ? () => false : hashCommentBefore),
      };
    }
    case 'dockerfile': {
      const { instructions, comments } = parseDockerfile(text);
      return { kind: 'dockerfile', path, language, role, lines: countLines(text), hash, instructions, comments, parseErrors: [], markers: scanMarkers(text, hashCommentBefore) };
    }
    case 'markdown':
    case 'text':
      return {
        kind: 'text',
        path,
        language,
        role,
        lines: countLines(text),
        hash,
        text,
        parseErrors: [],
        comments: language === 'text' ? hashComments(text) : [],
        markers: scanMarkers(text, language === 'markdown' ? htmlCommentBefore : hashCommentBefore),
      };
  }
}

async function parseOnly(file: FileRef, text: string): Promise<void> {
  const { language } = file;
  if (language === 'python' || language === 'typescript' || language === 'tsx' || language === 'javascript') {
    (await codeParser()).parse(language, text).delete();
  } else if (language === 'yaml') parseYaml(text);
  else if (language === 'json') parseJson(text, new LineIndex(text));
  else if (language === 'toml') parseToml(text);
  else if (language === 'dockerfile') parseDockerfile(text);
}

async function extractCode(path: string, language: CodeLanguage, role: DiscoveredFile['role'], text: string, hash: string): Promise<FileFacts> {
  const parser = await codeParser();
  const tree = parser.parse(language, text);
  try {
    return language === 'python' ? extractPython(tree, text, path, role, hash) : extractJavaScript(tree, text, path, language, role, hash);
  } catch (error) {
    // Reading the tree goes through the same WebAssembly instance: a trap there loses the parser as well.
    if (!losesParser(error)) throw error;
    retireParser('the parser aborted on an earlier file in this thread');
    throw new ParserLost(`the parser aborted while this file's syntax tree was read (${abortMessage(error)}), most likely out of memory`);
  } finally {
    if (parserUsable()) tree.delete();
  }
}
