/**
 * Control characters from audited files must not reach the reader's terminal or editor: an `ESC ] 0 ; title BEL`
 * retitles the terminal, `ESC [ 2 J` clears it, a C1 CSI (U+009B) does the same on some terminals, and the Unicode
 * bidirectional overrides reorder what a line appears to say ("Trojan Source", CVE-2021-42574). Text-like output
 * shows them as visible escapes; JSON keeps the data and writes them as `\u` escapes.
 */

/** C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function hex(c: string, digits: number): string {
  return (c.codePointAt(0) ?? 0).toString(16).padStart(digits, '0');
}

/** `\x1b`, `\x9b` for C0/C1 controls, `\u202e` for bidi controls: visible, and no longer acted on. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => (c <= '\u00ff' ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** Serialised JSON with the controls JSON.stringify leaves raw (DEL, C1, bidi) written as `\u` escapes: the same data. */
export function escapeControlsInJson(json: string): string {
  return json.replace(CONTROL, (c) => `\\u${hex(c, 4)}`);
}
