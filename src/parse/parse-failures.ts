/**
 * What can go wrong inside the tree-sitter parser, apart from syntax errors (which it recovers from):
 *
 * - a parse that runs past its budget of steps: tree-sitter is stopped through its progress callback, reset, and
 *   stays usable for the next file;
 * - a WebAssembly instance that aborts (out of memory on a huge file, a trap): its memory is left in an unknown
 *   state, so nothing more may be parsed in that thread; the worker is replaced (engine/extract-all.ts).
 *
 * The budget counts progress callbacks (tree-sitter calls one every 100 parse operations), not seconds, so the
 * same file is stopped or not on every machine and the report stays deterministic.
 */

/** Progress steps any file may take, whatever its size. */
export const PARSE_STEPS_FIXED = 100_000;
/**
 * Progress steps per character on top of that. Code takes 0.005–0.01 steps per character (measured on eight real
 * repositories); the worst shapes found (tens of thousands of nested brackets, random tokens) take 0.07.
 */
export const PARSE_STEPS_PER_CHAR = 1;

export function parseBudget(chars: number): number {
  return PARSE_STEPS_FIXED + PARSE_STEPS_PER_CHAR * chars;
}

/** The parse was stopped after `budget` progress steps; the parser was reset and can go on. */
export class ParseBudgetExceeded extends Error {
  constructor(readonly budget: number) {
    super(`parsing was stopped after ${budget} progress steps (about ${budget * 100} parser operations), far more than code of this size needs`);
    this.name = 'ParseBudgetExceeded';
  }
}

/** The thread's parser instance aborted; no later file can be parsed in this thread. */
export class ParserLost extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParserLost';
  }
}

/**
 * Does this error leave the WebAssembly instance unusable? An abort or trap (`WebAssembly.RuntimeError`, e.g.
 * "Aborted()" when memory cannot grow) and a stack overflow that may have unwound through WebAssembly frames do.
 */
export function losesParser(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // By name: the project compiles without the DOM library, which is where TypeScript declares WebAssembly.
  return error.name === 'RuntimeError' || (error instanceof RangeError && /call stack/i.test(error.message));
}

/** The message of an abort without Emscripten's advice to its own developers ("Build with -sASSERTIONS …"). */
export function abortMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.? Build with -sASSERTIONS.*$/s, '');
}
