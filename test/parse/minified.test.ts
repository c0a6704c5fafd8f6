import { describe, expect, it } from 'vitest';
import { looksMinified, looksVendored } from '../../src/parse/minified.js';

describe('looksMinified', () => {
  it('recognises a bundle on one long line', () => {
    expect(looksMinified(`!function(){${'var a=b(c,d);'.repeat(500)}}();`)).toBe(true);
  });

  it('recognises a few very long lines', () => {
    expect(looksMinified(`${'x=1;'.repeat(300)}\n${'y=2;'.repeat(300)}\n`)).toBe(true);
  });

  it('leaves hand-written code alone, long embedded strings included', () => {
    const code = Array.from({ length: 200 }, (_, i) => `export const value${i} = compute(${i}, 'label');`).join('\n');
    expect(looksMinified(code)).toBe(false);
    expect(looksMinified(`${code}\nconst logo = "${'A'.repeat(6000)}";\n${code}`)).toBe(false);
  });

  it('ignores short files', () => {
    expect(looksMinified('a=1;b=2;')).toBe(false);
  });
});

describe('looksVendored', () => {
  it('recognises a library banner', () => {
    expect(looksVendored('/*!\n * Materialize v0.100.1 (http://materializecss.com)\n * MIT License\n */\nvar a = 1;\n')).toBe(true);
    expect(looksVendored('/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n')).toBe(true);
  });

  it('leaves the project\'s own licence headers alone', () => {
    expect(looksVendored('/*\n * Copyright 2020 Google LLC\n * Licensed under the Apache License, Version 2.0\n */\nconst a = 1;\n')).toBe(false);
    expect(looksVendored('/*! keep this comment */\nconst a = 1;\n')).toBe(false);
  });
});
