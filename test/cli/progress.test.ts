/** Progress on stderr: only on a TTY, only after a second, and cleared at the end. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createProgress, describePhase } from '../../src/cli/progress.js';

function stream(isTTY: boolean): { isTTY: boolean; text: string; write: (t: string) => boolean } {
  const s = { isTTY, text: '', write: (t: string) => ((s.text += t), true) };
  return s;
}

describe('progress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays silent for runs under a second', () => {
    const err = stream(true);
    const p = createProgress(err);
    p.onProgress({ phase: 'discover' });
    vi.advanceTimersByTime(900);
    p.onProgress({ phase: 'extract', files: 10 });
    p.done();
    expect(err.text).toBe('');
  });

  it('shows the current phase after a second, updates it in place and clears it', () => {
    const err = stream(true);
    const p = createProgress(err);
    p.onProgress({ phase: 'extract', files: 1200 });
    vi.advanceTimersByTime(1000);
    expect(err.text).toBe(`\r\u001b[2K${describePhase({ phase: 'extract', files: 1200 })}`);
    p.onProgress({ phase: 'rules', files: 1200 });
    expect(err.text).toContain('running the rules (1200 files)…');
    p.done();
    expect(err.text.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('never writes to a pipe', () => {
    const err = stream(false);
    const p = createProgress(err);
    p.onProgress({ phase: 'extract', files: 5 });
    vi.advanceTimersByTime(5000);
    p.done();
    expect(err.text).toBe('');
  });
});
