/**
 * Progress on stderr for long runs: nothing for the first second, then one line rewritten in place at each
 * phase of the audit, cleared at the end. Only on a TTY: pipes and CI logs never see it.
 */
import type { AuditProgress } from '../audit.js';

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

export function describePhase(event: AuditProgress): string {
  const files = event.files === undefined ? '' : ` (${event.files} files)`;
  return `seaworthy: ${LABELS[event.phase]}${files}…`;
}

export function createProgress(stream: ProgressStream, delayMs = 1000): Progress {
  if (stream.isTTY !== true) return { onProgress: () => undefined, done: () => undefined };
  let latest: AuditProgress | undefined;
  let shown = false;
  const show = (): void => {
    if (!latest) return;
    stream.write(`\r\u001b[2K${describePhase(latest)}`);
    shown = true;
  };
  const timer = setTimeout(show, delayMs);
  timer.unref();
  return {
    onProgress(event) {
      latest = event;
      if (shown) show();
    },
    done() {
      clearTimeout(timer);
      if (shown) stream.write('\r\u001b[2K');
    },
  };
}
