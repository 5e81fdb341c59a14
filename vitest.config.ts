import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    setupFiles: ['./tools/vitestFastCheckSeed.ts'],
    reporters: ['default', './tools/vitestSummaryReporter.ts'],
    // fast-check properties and cross-process determinism checks run real work; give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
