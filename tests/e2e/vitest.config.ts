import { defineConfig } from 'vitest/config';

// End-to-end: real Chromium with the built extension. One browser at a time on a two-core machine.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
