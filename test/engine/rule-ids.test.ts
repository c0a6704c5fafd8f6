/**
 * Rule ids as users write them: names, codes (any case), former names and categories are accepted; anything else is
 * a usage error with the closest id. The configuration schema lists every id, generated from the rule folders.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSelectors, currentRuleId, findRuleById, selects, suggestRuleId } from '../../src/engine/rule-ids.js';
import { UsageError } from '../../src/errors.js';
import { RULES } from '../../src/rules/index.js';
import { RULE_REDIRECTS } from '../../src/rules/redirects.js';

const root = join(import.meta.dirname, '..', '..');
const timeout = RULES.find((r) => r.meta.code === 'TMO001');

function selectorError(selector: string, flag = '--only'): UsageError {
  try {
    checkSelectors([selector], flag, RULES);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`${selector} was accepted`);
}

describe('rule ids', () => {
  it('finds a rule by name, by code in any case, and by a former name', () => {
    expect(timeout).toBeDefined();
    const name = timeout?.meta.name ?? '';
    expect(findRuleById(name, RULES)).toBe(timeout);
    expect(findRuleById('tmo001', RULES)).toBe(timeout);
    expect(findRuleById('http-call-without-timout', RULES)).toBeUndefined();
    expect(findRuleById('http-call-without-timout', RULES, { 'http-call-without-timout': name })).toBe(timeout);
    expect(selects('timeouts', timeout as NonNullable<typeof timeout>)).toBe(true);
    expect(currentRuleId('old-name', { 'old-name': 'new-name' })).toBe('new-name');
    expect(currentRuleId('toString', {})).toBe('toString');
  });

  it('accepts categories, names and codes as selectors', () => {
    expect(() => {
      checkSelectors(['security', 'TMO001', 'debt-marker', 'tmo001'], '--only', RULES);
    }).not.toThrow();
  });

  it('refuses an unknown selector with the closest id, a family of codes or the list', () => {
    expect(selectorError('NOPE999').message).toBe("--only: no rule or category named 'NOPE999'");
    expect(selectorError('NOPE999').hint).toMatch(/^`seaworthy rules` lists the rule codes and names; the categories are error-handling, /);
    expect(selectorError('securty', '--skip').hint).toMatch(/^did you mean security\? /);
    expect(selectorError('TMO01').hint).toMatch(/^did you mean TMO001\? /);
    expect(selectorError('TMO999').hint).toMatch(/^the TMO codes are TMO001, /);
    expect(suggestRuleId('zzz', ['TMO001'])).toBe('');
  });
});

describe('the configuration schema lists the rule ids', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'config.v1.json'), 'utf8')) as {
    properties: { rules: { properties: Record<string, { description: string }>; additionalProperties: boolean } };
  };

  it('has every code, name and former name of the catalogue, and nothing else', () => {
    const listed = Object.keys(schema.properties.rules.properties).sort();
    const expected = [...RULES.flatMap((r) => [r.meta.code, r.meta.name]), ...Object.keys(RULE_REDIRECTS)].sort();
    expect(listed).toEqual(expected);
    expect(schema.properties.rules.additionalProperties).toBe(false);
    expect(schema.properties.rules.properties['TMO001']?.description).toBe(`${timeout?.meta.name} (timeouts)`);
  });

  it('is checked by generate-registry --check, which fails when it is stale and lists a former name once written', () => {
    const copy = mkdtempSync(join(tmpdir(), 'seaworthy-registry-'));
    try {
      for (const part of ['scripts/generate-registry.mjs', 'schema/config.v1.json']) cpSync(join(root, part), join(copy, part));
      for (const folder of ['rules', 'strengths']) cpSync(join(root, 'src', folder), join(copy, 'src', folder), { recursive: true, filter: (path) => !path.includes('/fixtures') && !path.includes('__snapshots__') });
      const script = join(copy, 'scripts', 'generate-registry.mjs');
      expect(spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' }).status).toBe(0);
      const redirects = join(copy, 'src', 'rules', 'redirects.ts');
      writeFileSync(redirects, readFileSync(redirects, 'utf8').replace('= {};', `= {\n  'old-timeout-name': '${timeout?.meta.name}',\n};`));
      const stale = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('schema/config.v1.json is out of date');
      expect(spawnSync(process.execPath, [script], { encoding: 'utf8' }).status).toBe(0);
      const written = JSON.parse(readFileSync(join(copy, 'schema', 'config.v1.json'), 'utf8')) as typeof schema;
      expect(written.properties.rules.properties['old-timeout-name']).toMatchObject({ description: `former name of ${timeout?.meta.name}`, deprecated: true });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
