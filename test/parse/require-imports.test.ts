/**
 * CommonJS imports: `const { a, b: c } = require('./m')` takes names from the module, as `import { a, b as c }`
 * does, so a middleware imported that way resolves to its code.
 */
import { describe, expect, it } from 'vitest';
import { codeFacts } from '../helpers/code-facts.js';

describe('require', () => {
  it('records the names a destructured require takes, and the local names given to them', async () => {
    const source = ["const express = require('express');", "const { requireAuth, requireRole: role, limit = 5 } = require('./auth');", ''].join('\n');
    const facts = await codeFacts('server.js', 'javascript', source);
    const [whole, named] = facts.imports;
    expect(whole).toMatchObject({ module: 'express', names: [], alias: 'express' });
    expect(named).toMatchObject({ module: './auth', names: ['requireAuth', 'requireRole', 'limit'], renamed: { role: 'requireRole' }, relative: true });
    expect(named?.alias).toBeUndefined();
  });
});
