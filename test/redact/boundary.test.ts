/** The output boundary: every string masked, values of secret-named keys masked, controls visible in text only. */
import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../src/redact/controls.js';
import { forOutput, jsonText } from '../../src/render/boundary.js';

describe('escapeControls', () => {
  it('makes C0, DEL, C1 and bidi controls visible, and keeps tab and newline', () => {
    expect(escapeControls('a\u001b]0;t\u0007\u001b[2J\r\u007f\u009b\u202e\u2066b\tc\n')).toBe(String.raw`a\x1b]0;t\x07\x1b[2J\x0d\x7f\x9b\u202e\u2066b` + '\tc\n');
  });
});

describe('forOutput', () => {
  const profile = {
    env: [{ name: 'DB_PASSWORD', value: 'postgres', line: 3 }, { name: 'LOG_LEVEL', value: 'debug', line: 4 }],
    read: [{ name: 'SECRET_KEY', default: 'dev-Zx8Qp2Lm9Rt4', hasDefault: true }],
    with: { 'api-key': 'Zx8Qp2Lm9Rt4Vb7NcD3f', 'node-version': '20', token: '${{ secrets.TOKEN }}' },
    run: 'curl -H "Authorization: Bearer Zx8Qp2Lm9Rt4Vb7NcD3f" https://x \u001b[2J',
  };

  it('masks values bound to secret names, keeps references and other values', () => {
    const safe = forOutput(profile, 'json');
    expect(safe.env).toEqual([{ name: 'DB_PASSWORD', value: 'po**** (8 chars)', line: 3 }, { name: 'LOG_LEVEL', value: 'debug', line: 4 }]);
    expect(safe.read[0]?.default).toBe('de**** (16 chars)');
    expect(safe.with).toEqual({ 'api-key': 'Zx**** (20 chars)', 'node-version': '20', token: '${{ secrets.TOKEN }}' });
    expect(safe.run).toBe('curl -H "Authorization: Bearer Zx**** (20 chars)" https://x \u001b[2J');
  });

  it('escapes control characters for text, not for JSON, and leaves its input alone', () => {
    expect(forOutput(profile, 'text').run).toContain(String.raw`https://x \x1b[2J`);
    expect(profile.with['api-key']).toBe('Zx8Qp2Lm9Rt4Vb7NcD3f');
  });

  it('is idempotent', () => {
    const once = forOutput(profile, 'text');
    expect(forOutput(once, 'text')).toEqual(once);
  });

  it('keeps shared objects shared, and copes with cycles', () => {
    const shared = { name: 'x' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic['self'] = cyclic;
    const safe = forOutput(cyclic, 'json');
    expect(safe['a']).toBe(safe['b']);
    expect(safe['self']).toBe(safe);
  });
});

describe('jsonText', () => {
  it('writes the controls JSON.stringify leaves raw as \\u escapes: the same data, no raw byte', () => {
    const value = { s: '\u001b[2J\u007f\u009b\u202e' };
    const text = jsonText(value);
    expect(text).toBe('{\n  "s": "\\u001b[2J\\u007f\\u009b\\u202e"\n}\n');
    expect(JSON.parse(text)).toEqual(value);
  });
});
