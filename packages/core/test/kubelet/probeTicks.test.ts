import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  nextRunAfter,
  runAt,
  runSequence,
  runsBefore,
  tickAfter,
  tickAtOrAfter,
} from '../../src/kubelet/probeTicks.js';

describe('probe ticks', () => {
  it('finds the ticks at or after, and strictly after, an instant', () => {
    // Origin 3s, period 10s: ticks 3, 13, 23, ...
    expect(tickAtOrAfter(3_000, 10_000, 13_000)).toBe(13_000);
    expect(tickAtOrAfter(3_000, 10_000, 13_001)).toBe(23_000);
    expect(tickAtOrAfter(3_000, 10_000, 0)).toBe(3_000);
    expect(tickAfter(3_000, 10_000, 13_000)).toBe(23_000);
    expect(tickAfter(3_000, 10_000, 12_999)).toBe(13_000);
  });

  it('runs again at the end of a run that outlasted a tick, else at the next tick', () => {
    // Origin 0, period 10: a run at 10 taking 15 holds the tick at 20 → next run at 25.
    expect(nextRunAfter(0, 10_000, 10_000, 15_000)).toBe(25_000);
    // Taking 4 it ends at 14, before the tick at 20 → 20.
    expect(nextRunAfter(0, 10_000, 10_000, 4_000)).toBe(20_000);
  });

  it('counts and places runs in closed form exactly as iterating run after run does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000, max: 50_000 }),
        fc.integer({ min: 1, max: 20 }).map((s) => s * 1000),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.integer({ min: 1, max: 400_000 }),
        (origin, period, offset, duration, span) => {
          const first = origin + offset;
          const sequence = runSequence(origin, period, first, duration);
          let at = first;
          let k = 0;
          for (; at < first + span; k++) {
            expect(runAt(sequence, k)).toBe(at);
            at = nextRunAfter(origin, period, at, duration);
          }
          expect(runsBefore(sequence, first + span)).toBe(k);
        },
      ),
      { numRuns: 500 },
    );
  });
});
