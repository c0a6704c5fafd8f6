/**
 * A hostile repository (test/fixtures/hostile/controls) holds `ESC ] 0 ; title BEL ESC [ 2 J`, a C1 CSI and a bidi
 * override in lines that rules quote (a request header, a TODO comment), in a Dockerfile CMD, in YAML values and in
 * a file name. No output of the built binary may carry them raw: text, Markdown and HTML show them escaped
 * (`\x1b`), JSON and SARIF keep the data and write them as `\u` escapes. The terminal's own colours are the only
 * escape sequences allowed, and only when colour is on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAndProfileOutputs, stdoutOf } from '../helpers/cli.js';
import { materialise, TERMINAL_ATTACK } from '../helpers/hostile.js';

/** A raw control character that an audited file could use against the reader (tab and newline are fine). */
// eslint-disable-next-line no-control-regex -- finding control characters is what this test is for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** How text-like output shows the attack. */
const VISIBLE = String.raw`\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u202c`;
const EVIL_FILE = 'evil\u001b[2J.py';

let project: string;
let scratch: string;
let outputs: Map<string, string>;

beforeAll(() => {
  project = materialise('controls', new Map([['TERMINAL', TERMINAL_ATTACK]]));
  writeFileSync(join(project, 'app', EVIL_FILE), '# TODO: a file named to clear the screen\n');
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-hostile-out-'));
  outputs = auditAndProfileOutputs(project, scratch);
  const report = JSON.parse(outputs.get('audit --format json') ?? '') as { findings: Array<{ id: string; fingerprint: string; locations: Array<{ snippet: string }> }> };
  const finding = report.findings.find((f) => f.id === 'http-call-without-timeout');
  expect(finding, 'the timeout finding on the line with the escape sequence').toBeDefined();
  outputs.set('explain FINGERPRINT', stdoutOf(['explain', finding?.fingerprint ?? '', project]));
  outputs.set('explain FINGERPRINT --report', stdoutOf(['explain', finding?.fingerprint ?? '', '--report', join(scratch, 'report.json')]));
  outputs.set('audit (colour)', stdoutOf(['audit', project, '--verbose'], { FORCE_COLOR: '1' }));
}, 240_000);

afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const JSON_OUTPUTS = ['audit -o report.json', 'audit -o report.sarif', 'audit --format json', 'audit --format sarif', 'profile --format json'];

describe('control characters from audited files never reach the output raw', () => {
  it('no output but the coloured terminal holds a raw control character', () => {
    for (const [name, text] of outputs) {
      if (name === 'audit (colour)') continue;
      expect(RAW_CONTROL.exec(text)?.[0], name).toBeUndefined();
    }
  });

  it('the coloured terminal holds only its own colour codes', () => {
    const text = outputs.get('audit (colour)') ?? '';
    const colour = new RegExp(String.raw`\u001b\[[\d;]*m`, 'g');
    expect(text).toMatch(colour);
    expect(RAW_CONTROL.exec(text.replace(colour, ''))?.[0]).toBeUndefined();
    expect(text).toContain(VISIBLE);
  });

  it('text, Markdown, HTML and explain show the sequence escaped where they quote the line', () => {
    for (const name of ['audit --verbose', 'audit -o report.txt', 'audit -o review.md', 'audit -o review.html', 'audit --format markdown', 'audit --format html', 'explain FINGERPRINT', 'explain FINGERPRINT --report']) {
      expect(outputs.get(name), name).toContain(VISIBLE);
    }
    expect(outputs.get('audit --verbose')).toContain(String.raw`app/evil\x1b[2J.py`);
    expect(outputs.get('profile')).toContain(String.raw`CMD echo \x1b]0;pwned\x07\x1b[2J`);
  });

  it('JSON and SARIF keep the data, escaped by JSON', () => {
    for (const name of JSON_OUTPUTS) {
      const text = outputs.get(name) ?? '';
      expect(text, name).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eevil\\u202c');
    }
    const report = JSON.parse(outputs.get('audit --format json') ?? '') as { findings: Array<{ locations: Array<{ snippet: string }> }> };
    expect(report.findings.some((f) => f.locations.some((l) => l.snippet.includes(TERMINAL_ATTACK)))).toBe(true);
  });
});
