import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['fake-indexeddb/auto'],
    // Samples are kept so that `npm run bench` can report the median and p95 of each benchmark.
    benchmark: { include: ['tests/bench/**/*.bench.ts'], includeSamples: true },
    typecheck: { enabled: true, include: ['tests/unit/**/*.test-d.ts'] },
  },
});
