import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Rule fixtures are miniature repositories to audit, with test files of their own: never run them.
    exclude: ['**/node_modules/**', '**/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
  },
});
