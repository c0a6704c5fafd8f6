/**
 * Minified or vendored JavaScript that carries no tell-tale name (`socket.io.js` copied into a views folder,
 * `static/js/materialize.js`): nobody in the project wrote it, and findings in it are not the project's to fix.
 */
const MIN_LENGTH = 2_000;
/** Hand-written code averages 30–40 characters a line; minified code hundreds or thousands. */
const MAX_AVERAGE_LINE = 250;
const LONG_LINE = 5_000;

export function looksMinified(text: string): boolean {
  if (text.length < MIN_LENGTH) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return text.length / lines > MAX_AVERAGE_LINE || (longest > LONG_LINE && longest > text.length / 2);
}

/** A third-party library's preserved banner opens the file: `/*!` then `Materialize v0.100.1 … MIT License`. */
const LIBRARY_BANNER = /^\uFEFF?\/\*!?[^]{0,400}?\bv?\d+\.\d+\.\d+\b[^]{0,400}?\*\//;

export function looksVendored(text: string): boolean {
  if (!text.startsWith('/*!') && !text.startsWith('\uFEFF/*!')) return false;
  const banner = LIBRARY_BANNER.exec(text);
  return banner !== null && /licen[cs]e|copyright|\(c\)|https?:\/\//i.test(banner[0]);
}
