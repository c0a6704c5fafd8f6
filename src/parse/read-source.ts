/**
 * Read a file as text, deciding whether it is text at all. Binary files are refused; UTF-16 with a byte order mark
 * is decoded (UTF-16 without one looks binary, as every other byte of ASCII text is NUL, and stays refused); text
 * that is not valid UTF-8 is decoded with the encoding a Python coding cookie declares, or else with replacement
 * characters, and reported, so that its facts are still taken.
 */
import type { AnalysisError } from '../model/report.js';

export type ReadResult =
  | { ok: true; text: string; warning?: AnalysisError }
  | { ok: false; error: AnalysisError };

const SNIFF_BYTES = 8000;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Python codec names that the WHATWG decoder (TextDecoder) spells differently. */
const CODEC_ALIASES: Record<string, string> = {
  'latin-1': 'latin1',
  'iso-latin-1': 'latin1',
  'l1': 'latin1',
  'cp1252': 'windows-1252',
  'cp1251': 'windows-1251',
  'cp1250': 'windows-1250',
  'utf8': 'utf-8',
};

/** PEP 263: `# -*- coding: latin-1 -*-` on line 1 or 2, as a TextDecoder label. */
function codingCookie(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1').split('\n').slice(0, 2).join('\n');
  const name = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/m.exec(head)?.[1]?.toLowerCase().replace(/_/g, '-');
  return name ? (CODEC_ALIASES[name] ?? name) : null;
}

/** The UTF-16 byte order mark at the start of `bytes`, as a TextDecoder label. */
function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function binary(path: string): ReadResult {
  return { ok: false, error: { path, kind: 'binary', message: 'contains NUL bytes (binary content); not analysed' } };
}

function decodeUtf16(path: string, bytes: Uint8Array, label: 'utf-16le' | 'utf-16be'): ReadResult {
  const body = bytes.subarray(2);
  let text: string;
  let warning: AnalysisError | undefined;
  try {
    text = new TextDecoder(label, { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder(label).decode(body);
    warning = { path, kind: 'invalid-utf8', message: `not valid ${label.toUpperCase()}; analysed with the invalid bytes replaced (U+FFFD)` };
  }
  // A UTF-32 file, or binary content that happens to start with FF FE, decodes to text full of NULs.
  if (text.slice(0, SNIFF_BYTES).includes('\0')) return binary(path);
  return warning ? { ok: true, text, warning } : { ok: true, text };
}

export function decodeSource(path: string, bytes: Uint8Array): ReadResult {
  const utf16 = utf16Bom(bytes);
  if (utf16) return decodeUtf16(path, bytes, utf16);
  if (looksBinary(bytes)) return binary(path);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const cookie = codingCookie(body);
    if (cookie) {
      try {
        return { ok: true, text: new TextDecoder(cookie, { fatal: true }).decode(body) };
      } catch {
        // An unknown or wrong cookie falls through to the lossy decode below.
      }
    }
    return {
      ok: true,
      text: new TextDecoder('utf-8').decode(body),
      warning: {
        path,
        kind: 'invalid-utf8',
        message: 'not valid UTF-8; analysed with the invalid bytes replaced (U+FFFD)',
      },
    };
  }
}

/** Text of a file already analysed, for quoting it (snippets, text checks): as decodeSource reads it, never failing. */
export function decodeText(bytes: Uint8Array): string {
  const decoded = decodeSource('', bytes);
  return decoded.ok ? decoded.text : new TextDecoder('utf-8').decode(bytes);
}
