/**
 * Progress on stderr for long runs: nothing for the first second, then one line rewritten in place with the
 * phase (`[2/5] parsing 120/694 files…`), at most ten times a second, cleared at the end. Only on a TTY that can
 * rewrite a line (not TERM=dumb): pipes and CI logs never see it.
 */
import type { AuditProgress } from '../audit.js';
import { isDumbTerminal } from '../render/style.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): boolean;
}

export interface Progress {
  onProgress: (event: AuditProgress) => void;
  /** Clear the line (if anything was shown) and stop. */
  done(): void;
}

const LABELS: Record<AuditProgress['phase'], string> = {
  discover: 'finding files',
  extract: 'parsing',
  model: 'building the project model',
  rules: 'running the rules',
  report: 'writing the report',
};

const PHASES = Object.keys(LABELS) as Array<AuditProgress['phase']>;
/** Counter updates closer together than this are not drawn (a new phase always is). */
const REDRAW_MS = 100;

export function describePhase(event: AuditProgress): string {
  const step = `[${PHASES.indexOf(event.phase) + 1}/${PHASES.length}]`;
  if (event.files !== undefined && event.done !== undefined) return `seaworthy: ${step} ${LABELS[event.phase]} ${event.done}/${event.files} files…`;
  const files = event.files === undefined ? '' : ` (${event.files} files)`;
  return `seaworthy: ${step} ${LABELS[event.phase]}${files}…`;
}

export function createProgress(stream: ProgressStream, delayMs = 1000, env: NodeJS.ProcessEnv = process.env): Progress {
  if (stream.isTTY !== true || isDumbTerminal(env)) return { onProgress: () => undefined, done: () => undefined };
  let latest: AuditProgress | undefined;
  let shown = false;
  let drawnAt = 0;
  const show = (): void => {
    if (!latest) return;
    stream.write(`\r\u001b[2K${describePhase(latest)}`);
    shown = true;
    drawnAt = Date.now();
  };
  const timer = setTimeout(show, delayMs);
  timer.unref();
  return {
    onProgress(event) {
      const samePhase = latest?.phase === event.phase;
      latest = event;
      if (shown && (!samePhase || Date.now() - drawnAt >= REDRAW_MS)) show();
    },
    done() {
      clearTimeout(timer);
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
