import { defineConfig } from 'vitest/config';

// Test files that start a local cloud run handlers in their own worker process (the handlers read their
// configuration from that process's environment), so files are isolated in forks.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    setupFiles: ['tests/support/setup.ts'],
  },
});
