/**
 * A temporary folder that lives exactly as long as one piece of work: removed when the work ends, when it
 * fails, when the process exits, and when it is interrupted (SIGINT, SIGTERM, SIGHUP — the signal is then
 * raised again so that the process ends as it would have).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
  };
  const detach = (): void => {
    process.removeListener('exit', remove);
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    detach();
    remove();
    process.kill(process.pid, signal);
  };
  process.on('exit', remove);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await work(dir);
  } finally {
    detach();
    remove();
  }
}
