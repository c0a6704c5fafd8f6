/**
 * Glob patterns as test runners write them (with braces and extglobs, e.g. `?(*.)+(spec|test).[jt]s?(x)`), turned
 * into regular expressions over forward-slash paths. Supports `**`, `*`, `?`, `[...]`, `{a,b}` and the extglobs
 * `?(…)`, `*(…)`, `+(…)`, `@(…)`; `!(…)` matches anything (so a match is never wrongly refused).
 */

function escape(char: string): string {
  return /[.+^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/** The index of the bracket that closes the one at `open`, or -1. */
function closing(pattern: string, open: number, left: string, right: string): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === left) depth++;
    else if (pattern[i] === right && --depth === 0) return i;
  }
  return -1;
}

function translate(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    const next = pattern[i + 1];
    if ('?*+@!'.includes(c) && next === '(') {
      const end = closing(pattern, i + 1, '(', ')');
      if (end !== -1) {
        const body = pattern
          .slice(i + 2, end)
          .split('|')
          .map(translate)
          .join('|');
        out += c === '!' ? '[^/]*' : `(?:${body})${c === '@' ? '' : c}`;
        i = end;
        continue;
      }
    }
    if (c === '*') {
      if (next === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches the rest of the path.
        if (pattern[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = closing(pattern, i, '{', '}');
      if (end === -1) out += '\\{';
      else {
        out += `(?:${pattern
          .slice(i + 1, end)
          .split(',')
          .map(translate)
          .join('|')})`;
        i = end;
      }
    } else out += escape(c);
  }
  return out;
}

/** A regular expression for the whole path. Patterns without a slash match the file name in any folder. */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/^\.\//, '');
  if (!p.includes('/')) p = `**/${p}`;
  return new RegExp(`^${translate(p)}$`);
}

export function globMatch(pattern: string, path: string): boolean {
  return globToRegExp(pattern).test(path);
}
