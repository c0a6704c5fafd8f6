/**
 * Known errors. Each carries a one-line hint for the user; the CLI (cli/main.ts) is the only place that prints
 * them and turns them into exit codes. Anything else is an internal error (exit 3, never 0).
 */

export const EXIT = {
  ok: 0,
  gateFailed: 1,
  usage: 2,
  internal: 3,
} as const;

export abstract class SeaworthyError extends Error {
  abstract readonly exitCode: number;
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown option, bad value. */
export class UsageError extends SeaworthyError {
  readonly exitCode = EXIT.usage;
}

/** The target cannot be audited at all: missing path, a file instead of a folder, unreadable root. */
export class InputError extends SeaworthyError {
  readonly exitCode = EXIT.usage;
}

/** `.seaworthy.yml` is invalid; `keyPath` names the offending key. */
export class ConfigError extends SeaworthyError {
  readonly exitCode = EXIT.usage;
  constructor(
    message: string,
    hint: string,
    readonly file: string,
    readonly keyPath: string,
  ) {
    super(message, hint);
  }
}

export function isKnownError(error: unknown): error is SeaworthyError {
  return error instanceof SeaworthyError;
}
