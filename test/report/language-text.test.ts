/** Advice per language: a finding in a JavaScript file never gets Python-only advice, and the reverse. */
import { describe, expect, it } from 'vitest';
import { forLanguageOf } from '../../src/report/language-text.js';
import { RULES } from '../../src/rules/index.js';

const PYTHON_ONLY = /logger\.exception|KeyboardInterrupt|exc_info|asyncio|pydantic|`except|try\/except|requests\/httpx|subprocess\.run/;
const JS_ONLY = /AbortSignal|res\.status|Promise\.all|fs\.promises|execFile|zod|process\.env/;

describe('per-language fix and impact', () => {
  it('picks the text for the language of the file', () => {
    const text = { python: 'py', javascript: 'js' };
    expect(forLanguageOf('app/client.py', text)).toBe('py');
    expect(forLanguageOf('web/src/api.ts', text)).toBe('js');
    expect(forLanguageOf('web/src/App.tsx', text)).toBe('js');
    expect(forLanguageOf('server/index.mjs', text)).toBe('js');
    expect(forLanguageOf('Dockerfile', text)).toBeUndefined();
    expect(forLanguageOf('app/client.py', undefined)).toBeUndefined();
  });

  it('gives no rule Python-only advice for JavaScript files, or JavaScript-only advice for Python files', () => {
    const withText = RULES.filter((r) => r.meta.fixFor || r.meta.impactFor);
    expect(withText.map((r) => r.meta.code).sort()).toEqual(expect.arrayContaining(['CON001', 'ERR004', 'ERR005', 'TMO001', 'TMO003', 'VAL002']));
    for (const rule of withText) {
      for (const text of [rule.meta.fixFor?.javascript, rule.meta.impactFor?.javascript]) if (text) expect(text, rule.meta.code).not.toMatch(PYTHON_ONLY);
      for (const text of [rule.meta.fixFor?.python, rule.meta.impactFor?.python]) if (text) expect(text, rule.meta.code).not.toMatch(JS_ONLY);
    }
  });
});
