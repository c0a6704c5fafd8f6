/**
 * `.dockerignore` as Docker reads it: patterns anchored at the build context's root (no implicit double-star prefix), `*` and
 * `?` within a path segment, `**` across segments, `!` re-includes, the last matching pattern wins, and a pattern
 * that matches a folder excludes what is inside it.
 */
import type { Project } from '../project.js';
import { joinPath } from '../../util/paths.js';

export interface DockerIgnore {
  path: string;
  patterns: Array<{ pattern: string; negated: boolean; line: number; regex: RegExp }>;
}

function toRegex(pattern: string): RegExp {
  let out = '';
  const p = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? '';
    if (c === '*' && p[i + 1] === '*') {
      out += '.*';
      i++;
      if (p[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder pattern also excludes everything below it.
  return new RegExp(`^${out}(/.*)?$`);
}

function parseDockerIgnore(path: string, text: string): DockerIgnore {
  const patterns: DockerIgnore['patterns'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).trim().replace(/^\.\//, '');
    if (pattern === '') return;
    patterns.push({ pattern, negated, line: i + 1, regex: toRegex(pattern) });
  });
  return { path, patterns };
}

/** The pattern that decides whether a context-relative path is excluded, or null when none matches. */
function decidingPattern(ignore: DockerIgnore, path: string): DockerIgnore['patterns'][number] | null {
  let decided: DockerIgnore['patterns'][number] | null = null;
  for (const p of ignore.patterns) if (p.regex.test(path)) decided = p;
  return decided;
}

export function isExcluded(ignore: DockerIgnore | null, path: string): boolean {
  if (!ignore) return false;
  const p = decidingPattern(ignore, path);
  return p !== null && !p.negated;
}

/**
 * The ignore file Docker uses for a build: `<Dockerfile>.dockerignore` next to the Dockerfile (BuildKit) when it
 * exists, else `.dockerignore` at the context root; null when there is none.
 */
export function dockerIgnoreFor(project: Project, dockerfile: string, context: string): DockerIgnore | null {
  for (const candidate of [`${dockerfile}.dockerignore`, joinPath(context, '.dockerignore')]) {
    const text = project.file(candidate) ? project.readText(candidate) : null;
    if (text !== null) return parseDockerIgnore(candidate, text);
  }
  return null;
}
