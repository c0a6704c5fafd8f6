/**
 * A folder with nothing to judge (no files, only files no rule reads, or no selected rule that applies) says so in
 * every format, with no score and exit 0; the JSON report stays valid against schema/report.v1.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { describeRules } from '../src/engine/rule-docs.js';
import { render, FORMATS } from '../src/render/index.js';
import { RULES } from '../src/rules/index.js';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const schema = JSON.parse(readFileSync(join(root, 'schema', 'report.v1.json'), 'utf8')) as object;
let scratch: string;

function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'seaworthy-nothing-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('nothing to judge', () => {
  it.each([
    ['an empty folder', {}, [], /^the folder has no file to audit/],
    ['a folder of notes and data', { 'README.md': '# Notes\n', 'data/points.json': '[1, 2]\n', 'photo.png': 'x' }, [], /^no file here is one the rules read/],
    ['a library audited only by a rule for services', { 'lib/tool.py': 'import sys\nprint(sys.argv)\n' }, ['assert-used-for-validation'], /^none of the selected rules applies/],
  ] as const)('%s has no score and says why', async (name, files, only, reason) => {
    const dir = folder(name.replace(/\W+/g, '-'), files);
    const { report } = await audit({ path: dir, jobs: 1, only });
    expect(report.score.overall).toBeNull();
    expect(report.score.grade).toBeNull();
    expect(report.score.nothingToJudge).toMatch(reason);
    expect(Object.values(report.score.categories).every((c) => c.score === null)).toBe(true);
  });

  it('a folder with code is judged, even without a finding', async () => {
    const { report } = await audit({ path: folder('code', { 'lib/tool.py': 'import sys\nprint(sys.argv)\n' }), jobs: 1 });
    expect(report.score.overall).toBe(100);
    expect(report.score.nothingToJudge).toBeUndefined();
  });

  it('is valid JSON for the schema, and says so in every format', async () => {
    const dir = folder('empty-formats', {});
    const { report } = await audit({ path: dir, jobs: 1 });
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(JSON.parse(render('json', report)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    for (const format of FORMATS) {
      const text = render(format, report, { sarif: { rules: describeRules(RULES) } });
      expect(text, format).not.toMatch(/100\/100|"overall": 100/);
      expect(text, format).toMatch(/nothing to judge|nothingToJudge/i);
    }
  });

  it('the schema refuses a null score without the reason', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const saved = JSON.parse(readFileSync(join(root, 'test', 'data', 'report.json'), 'utf8')) as { score: Record<string, unknown> };
    expect(validate(saved)).toBe(true);
    saved.score['overall'] = null;
    saved.score['grade'] = null;
    expect(validate(saved)).toBe(false);
    saved.score['nothingToJudge'] = 'the folder has no file to audit';
    expect(validate(saved)).toBe(true);
  });

  it('exits 0 from the command line, even with a gate', () => {
    const dir = folder('empty-cli', {});
    const result = spawnSync(process.execPath, [bin, 'audit', dir, '--fail-on', 'info'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('No score: nothing to judge — the folder has no file to audit');
    expect(result.stdout).not.toContain('Score ');
  });
});
