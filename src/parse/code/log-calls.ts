/**
 * Recognising log calls by their callee: `logger.error`, `logging.exception`, `self.log.warning`,
 * `console.error`, `print`, `traceback.print_exc` … Pure functions over callee text.
 */
import type { LogLevel } from '../../facts/types.js';

const LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  trace: 'debug',
  verbose: 'debug',
  info: 'info',
  log: 'other',
  notice: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  err: 'error',
  exception: 'exception',
  critical: 'critical',
  fatal: 'critical',
};

/** Last segment of a logger receiver: `logger`, `log`, `logging`, `Logger` (a static logger class), `LOGGER`, `_log`, `audit_logger`, `appLogger`, `console`. */
const LOGGER_RECEIVER = /^(_*(logger|log|logging|console|structlog|loguru|getLogger(\(\))?)|\w+_(logger|log)|[a-z]\w*Logger|Logger|LOGGER|LOG|\w+_LOGGER)$/;

const PRINT_CALLEES = new Set(['print', 'sys.stderr.write', 'sys.stdout.write', 'click.echo', 'click.secho', 'typer.echo', 'console.print', 'pprint', 'eprint']);

export const TRACEBACK_CALLEES = new Set(['traceback.print_exc', 'traceback.format_exc', 'traceback.print_exception', 'traceback.format_exception']);

export interface LogCallShape {
  level: LogLevel;
  /** The level itself implies a traceback (`logger.exception`, `traceback.print_exc`). */
  impliesTraceback: boolean;
}

export function classifyLogCall(callee: string): LogCallShape | null {
  if (TRACEBACK_CALLEES.has(callee)) return { level: 'exception', impliesTraceback: true };
  if (PRINT_CALLEES.has(callee)) return { level: 'print', impliesTraceback: false };
  if (callee === 'warnings.warn') return { level: 'warning', impliesTraceback: false };
  const dot = callee.lastIndexOf('.');
  if (dot === -1) return null;
  const method = callee.slice(dot + 1);
  const receiver = callee.slice(0, dot);
  const lastSegment = receiver.slice(receiver.lastIndexOf('.') + 1);
  const level = LEVELS[method.toLowerCase()];
  if (!level || !LOGGER_RECEIVER.test(lastSegment)) return null;
  if (lastSegment === 'console') {
    return { level: method === 'error' ? 'error' : method === 'warn' ? 'warning' : method === 'debug' ? 'debug' : 'print', impliesTraceback: false };
  }
  return { level, impliesTraceback: level === 'exception' };
}
