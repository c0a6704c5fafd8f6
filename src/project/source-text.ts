/**
 * The source text of a span of lines, for the few checks that read words rather than structure (a handler's body,
 * a function that mentions a header). Read through the project's cached text; facts first, text second.
 */
import type { Project } from './project.js';

/** Lines `from`..`to` (1-based, inclusive) of a file, joined; empty when the file cannot be read. */
export function sourceLines(project: Project, path: string, from: number, to: number): string {
  return (project.readText(path) ?? '').split('\n').slice(Math.max(0, from - 1), to).join('\n');
}
