import { availableParallelism } from 'node:os';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
    setupFiles: ['./tools/vitestFastCheckSeed.ts', './tools/vitestByteEquality.ts'],
    reporters: ['default', './tools/vitestSummaryReporter.ts'],
    // Vitest leaves one core to its own process by default, which on a 2-core machine runs the files
    // one at a time; its process mostly waits, so use every core (4 min instead of 6 here).
    maxWorkers: availableParallelism(),
    // The limit only catches a test that hangs; it must never judge speed (tests make no timing
    // assertions). Machines of this kind have spells where the host slows them 5-10x (memory reads of
    // 1-12 us instead of 0.15, `node -e 0` taking 4 s), and a 60 s limit then failed tests that take
    // 9 s normally. CI's own 90-minute limit is the real budget; this is a tenth of it.
    testTimeout: 540_000,
    hookTimeout: 540_000,
  },
});
