import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { requestCount, requestInstant, type TrafficRate } from '../../src/index.js';

const rateArbitrary: fc.Arbitrary<TrafficRate> = fc.record({
  requests: fc.integer({ min: 1, max: 300 }),
  perMs: fc.constantFrom(1000 as const, 60_000 as const),
});

describe('the request schedule of a steady rate', () => {
  it('makes exactly the requests whose instant falls in [start, end), in non-decreasing order', () => {
    fc.assert(
      fc.property(
        rateArbitrary,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        (rate, start, span) => {
          const end = start + span;
          const count = requestCount(rate, start, end);
          const instants = Array.from({ length: count + 1 }, (_, k) => requestInstant(rate, start, k));
          expect(instants[0]).toBe(start);
          // The last request is before end and the one after it would not be.
          expect(instants[count - 1] ?? start).toBeLessThan(end);
          expect(instants[count]).toBeGreaterThanOrEqual(end);
          expect(instants.every((at, k) => k === 0 || at >= (instants[k - 1] ?? 0))).toBe(true);
        },
      ),
    );
  });

  it('spreads requests evenly: every whole period holds exactly `requests` of them', () => {
    fc.assert(
      fc.property(rateArbitrary, fc.integer({ min: 0, max: 10_000 }), (rate, start) => {
        expect(requestCount(rate, start, start + rate.perMs)).toBe(rate.requests);
        expect(requestCount(rate, start, start + 3 * rate.perMs)).toBe(3 * rate.requests);
      }),
    );
  });

  it('alternates the gaps between the nearest whole milliseconds when the rate does not divide a second', () => {
    const rate: TrafficRate = { requests: 3, perMs: 1000 };
    const instants = [0, 1, 2, 3, 4, 5].map((k) => requestInstant(rate, 5000, k));
    expect(instants).toEqual([5000, 5333, 5666, 6000, 6333, 6666]);
  });

  it('counts 10/s over 35 s as 350 requests, and 30/m over 10 s as 5', () => {
    expect(requestCount({ requests: 10, perMs: 1000 }, 5000, 40_000)).toBe(350);
    expect(requestCount({ requests: 30, perMs: 60_000 }, 10_000, 20_000)).toBe(5);
    // A window shorter than the gap still makes the first request, at its start.
    expect(requestCount({ requests: 1, perMs: 60_000 }, 0, 1)).toBe(1);
  });
});
