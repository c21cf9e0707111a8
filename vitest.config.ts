import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    // The property tests (fast-check, hundreds of runs over fake-indexeddb) take a few seconds on a quiet
    // 2-core machine and went over vitest's 5 s default when the machine was shared; none waits on a timer.
    testTimeout: 30_000,
    // Samples are kept so that `npm run bench` can report the median and p95 of each benchmark.
    benchmark: { include: ['tests/bench/**/*.bench.ts'], includeSamples: true },
    typecheck: { enabled: true, include: ['tests/unit/**/*.test-d.ts'] },
  },
});
