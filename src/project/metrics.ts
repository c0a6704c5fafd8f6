/**
 * Exact inventories for the report's `metrics`. Each count says what it counted and lists locations, so that
 * a reader can check it with grep or the test runner.
 */
import type { Discovery } from '../discover/walk.js';
import { classifyLogCall } from '../parse/code/log-calls.js';
import type { Project } from './project.js';
import { byCodePoint } from '../util/order.js';

function loc(path: string, line: number): string {
  return `${path}:${line}`;
}

const TOP = 10;

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
  const tryHandlers = handlers.filter(({ h }) => h.form === 'try');
  const broad = tryHandlers.filter(({ h }) => h.broad);
  const reraising = tryHandlers.filter(({ h }) => h.raises);
  const promiseCatches = handlers.filter(({ h }) => h.form === 'promise');
  const markers = project.files.flatMap((f) => f.markers.map((m) => ({ path: f.path, line: m.line, marker: m.marker })));
  const logLevels: Record<string, number> = {};
  for (const f of production) {
    for (const c of f.calls) {
      const shape = classifyLogCall(c.callee);
      if (shape) logLevels[shape.level] = (logLevels[shape.level] ?? 0) + 1;
    }
  }
  const functions = production.flatMap((f) => f.functions.map((fn) => ({ path: f.path, fn })));
  const longest = [...functions].sort((a, b) => b.fn.endLine - b.fn.line - (a.fn.endLine - a.fn.line) || byCodePoint(a.path, b.path) || a.fn.line - b.fn.line).slice(0, TOP);
  const deepest = [...functions].sort((a, b) => b.fn.maxNesting - a.fn.maxNesting || byCodePoint(a.path, b.path) || a.fn.line - b.fn.line).slice(0, TOP);
  const tests = project.inventory.tests;
  return {
    files: {
      analysed: project.files.length,
      lines: project.files.reduce((n, f) => n + f.lines, 0),
      byLanguage: Object.fromEntries(Object.entries(byLanguage).sort(([a], [b]) => byCodePoint(a, b))),
      skipped: discovery.skippedFiles,
      skippedDirectories: discovery.skippedDirs,
    },
    errorHandling: {
      scope: 'shipped code (source files; tests, examples, fixtures, docs, scripts and tool configuration excluded)',
      tryStatements: production.reduce((n, f) => n + f.tryStatements, 0),
      handlers: tryHandlers.length,
      broadHandlers: {
        definition: 'Python: bare except, Exception or BaseException (alone or in a tuple); JS/TS: every catch clause',
        count: broad.length,
        locations: broad.map(({ f, h }) => loc(f.path, h.line)),
      },
      specificHandlers: tryHandlers.length - broad.length,
      reraisingHandlers: { definition: 'handlers with a raise/throw in their body', count: reraising.length },
      promiseCatches: { count: promiseCatches.length, locations: promiseCatches.map(({ f, h }) => loc(f.path, h.line)) },
    },
    logging: {
      definition: 'calls to logger/logging/console methods, print and traceback printing in production code',
      byLevel: Object.fromEntries(Object.entries(logLevels).sort(([a], [b]) => byCodePoint(a, b))),
    },
    functions: {
      count: functions.length,
      longest: {
        definition: 'lines from the def/function line to the last line of the body',
        top: longest.map(({ path, fn }) => ({ name: fn.qualifiedName, location: loc(path, fn.line), lines: fn.endLine - fn.line + 1 })),
      },
      deepestNesting: {
        definition: 'if/for/while/try/with/match/switch blocks inside one function; elif and else-if continue a chain and do not nest',
        top: deepest.map(({ path, fn }) => ({ name: fn.qualifiedName, location: loc(path, fn.line), depth: fn.maxNesting })),
      },
    },
    tests: {
      definition: 'files named test_*.py / *_test.py, *.test.* / *.spec.* / *.e2e-spec.* or under __tests__; tests = test functions, test()/it() calls',
      files: tests.files.length,
      byTier: tests.byTier,
      skips: tests.skips.length,
      mocks: {
        definition: "mock.patch/mocker.patch/monkeypatch.setattr/@patch targets and jest.mock/vi.mock modules in test files: 'internal' = the project's own modules, 'boundary' = HTTP, database, filesystem, process and clock libraries",
        ...tests.mocking,
      },
    },
    debt: {
      markers: {
        definition: "lines with a TODO, FIXME, XXX or HACK word in analysed files (as git grep -w -I -E 'TODO|FIXME|XXX|HACK' counts them)",
        count: markers.length,
        byMarker: Object.fromEntries(['TODO', 'FIXME', 'XXX', 'HACK'].map((m) => [m, markers.filter((x) => x.marker === m).length])),
        locations: markers.map((m) => loc(m.path, m.line)),
      },
    },
    env: {
      definition: 'distinct environment variable names read by production code (os.getenv/os.environ, process.env, import.meta.env, settings class fields)',
      read: project.inventory.env.read.filter((r) => r.production).length,
      names: project.inventory.env.read.filter((r) => r.production).map((r) => r.name),
    },
  };
}
