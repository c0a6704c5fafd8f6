/** Progress on stderr: only on a TTY, only after a second, and cleared at the end. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { audit, type AuditProgress } from '../../src/audit.js';
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

  it('names the phase by its number and counts the files parsed', () => {
    expect(describePhase({ phase: 'discover' })).toBe('seaworthy: [1/5] finding files…');
    expect(describePhase({ phase: 'extract', files: 694, done: 120 })).toBe('seaworthy: [2/5] parsing 120/694 files…');
    expect(describePhase({ phase: 'rules', files: 694 })).toBe('seaworthy: [4/5] running the rules (694 files)…');
  });

  it('updates the counter at most ten times a second, and always shows a new phase', () => {
    const err = stream(true);
    const p = createProgress(err, 1000, {});
    p.onProgress({ phase: 'extract', files: 300, done: 0 });
    vi.advanceTimersByTime(1000);
    for (let done = 1; done <= 50; done++) p.onProgress({ phase: 'extract', files: 300, done });
    expect(err.text.split('\r').filter(Boolean)).toHaveLength(1);
    vi.advanceTimersByTime(100);
    p.onProgress({ phase: 'extract', files: 300, done: 51 });
    expect(err.text).toContain('parsing 51/300 files');
    p.onProgress({ phase: 'model', files: 300 });
    expect(err.text).toContain('[3/5] building the project model');
    p.done();
  });

  it('stays silent on a dumb terminal, which cannot rewrite a line', () => {
    const err = stream(true);
    const p = createProgress(err, 1000, { TERM: 'dumb' });
    p.onProgress({ phase: 'extract', files: 5 });
    vi.advanceTimersByTime(5000);
    p.done();
    expect(err.text).toBe('');
  });
});

describe('the audit reports its progress', () => {
  it('counts the files parsed up to all of them, phase after phase', async () => {
    const events: AuditProgress[] = [];
    await audit({ path: join(import.meta.dirname, '..', 'fixtures', 'projects', 'mixed'), jobs: 1, onProgress: (e) => events.push({ ...e }) });
    const parsing = events.filter((e) => e.phase === 'extract');
    const total = parsing[0]?.files ?? 0;
    expect(total).toBeGreaterThan(2);
    expect(parsing.map((e) => e.done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect([...new Set(events.map((e) => e.phase))]).toEqual(['discover', 'extract', 'model', 'rules', 'report']);
  });
});
