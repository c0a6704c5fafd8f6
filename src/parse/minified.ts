/**
 * Minified or bundled JavaScript that carries no tell-tale name (`socket.io.js` copied into a views folder): nobody
 * in the project wrote it, and every finding in it would be noise on one giant line.
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
