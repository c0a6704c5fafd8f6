/** The terminal summary of the fixture report: snapshots, one screen, colour only when asked for. */
import { describe, expect, it } from 'vitest';
import { colourStyle, plainStyle, wantsColour } from '../../src/render/style.js';
import renderTerminal from '../../src/render/terminal.js';
import { loadReport } from '../helpers/report.js';

const ANSI = '\u001b[';

describe('terminal summary', () => {
  const report = loadReport();

  it('matches the snapshot (plain, 100 columns)', async () => {
    await expect(renderTerminal(report, { style: plainStyle, width: 100 })).toMatchFileSnapshot('./__snapshots__/terminal.txt');
  });

  it('matches the snapshot with --verbose', async () => {
    await expect(renderTerminal(report, { style: plainStyle, verbose: true, width: 100 })).toMatchFileSnapshot('./__snapshots__/terminal-verbose.txt');
  });

  it('fits one screen and one line width', () => {
    const text = renderTerminal(report, { style: plainStyle, width: 100 });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(45);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(110);
  });

  it('lists every finding with --verbose', () => {
    const text = renderTerminal(report, { style: plainStyle, verbose: true });
    for (const f of report.findings) expect(text).toContain(f.fingerprint);
  });

  it('colours only with the colour style', () => {
    expect(renderTerminal(report, { style: colourStyle })).toContain(ANSI);
    expect(renderTerminal(report, { style: plainStyle })).not.toContain(ANSI);
    expect(renderTerminal(report)).not.toContain(ANSI);
  });
});

describe('wantsColour', () => {
  it('colours a TTY unless NO_COLOR is set; FORCE_COLOR wins', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: '', NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ isTTY: false }, { FORCE_COLOR: '' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('gives none to a dumb terminal, and lets --color / --no-color decide over everything', () => {
    expect(wantsColour({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { TERM: 'xterm-256color' })).toBe(true);
    expect(wantsColour({ isTTY: true }, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour({ isTTY: false }, { NO_COLOR: '1' }, true)).toBe(true);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: '1' }, false)).toBe(false);
  });
});
