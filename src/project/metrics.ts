/**
 * Exact inventories for the report's `metrics`. Each count says what it counted (locations) so that a reader can
 * check it with grep or the test runner.
 */
import type { Discovery } from '../discover/walk.js';
import type { Project } from './project.js';

export interface Located {
  path: string;
  line: number;
}

function loc(path: string, line: number): string {
  return `${path}:${line}`;
}

export function computeMetrics(project: Project, discovery: Pick<Discovery, 'skippedFiles' | 'skippedDirs'>): Record<string, unknown> {
  const byLanguage: Record<string, { files: number; lines: number; codeLines?: number }> = {};
  for (const f of project.files) {
    const entry = (byLanguage[f.language] ??= { files: 0, lines: 0 });
    entry.files++;
    entry.lines += f.lines;
    if (f.kind === 'code') entry.codeLines = (entry.codeLines ?? 0) + f.codeLines;
  }
  const production = project.code();
  const handlers = production.flatMap((f) => f.handlers.map((h) => ({ f, h })));
  const broad = handlers.filter(({ h }) => h.broad && h.form === 'try');
  const promiseCatches = handlers.filter(({ h }) => h.form === 'promise');
  const markers = project.files.flatMap((f) => f.markers.map((m) => ({ path: f.path, line: m.line, marker: m.marker })));
  return {
    files: {
      analysed: project.files.length,
      lines: project.files.reduce((n, f) => n + f.lines, 0),
      byLanguage: Object.fromEntries(Object.entries(byLanguage).sort(([a], [b]) => a.localeCompare(b))),
      skipped: discovery.skippedFiles,
      skippedDirectories: discovery.skippedDirs,
    },
    errorHandling: {
      scope: 'production code (source, script and config files; tests, examples, fixtures and docs excluded)',
      tryStatements: production.reduce((n, f) => n + f.tryStatements, 0),
      handlers: handlers.filter(({ h }) => h.form === 'try').length,
      broadHandlers: {
        definition: 'Python: bare except, Exception, BaseException (alone or in a tuple); JS/TS: every catch clause',
        count: broad.length,
        locations: broad.map(({ f, h }) => loc(f.path, h.line)),
      },
      promiseCatches: { count: promiseCatches.length, locations: promiseCatches.map(({ f, h }) => loc(f.path, h.line)) },
    },
    debt: {
      markers: {
        definition: "lines with a TODO, FIXME, XXX or HACK word in analysed files (as git grep -w -I -E 'TODO|FIXME|XXX|HACK' counts them)",
        count: markers.length,
        byMarker: Object.fromEntries(['TODO', 'FIXME', 'XXX', 'HACK'].map((m) => [m, markers.filter((x) => x.marker === m).length])),
        locations: markers.map((m) => loc(m.path, m.line)),
      },
    },
  };
}
