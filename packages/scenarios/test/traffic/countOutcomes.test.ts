import { describe, expect, it } from 'vitest';

import { countOutcomes, countOutcomesByWindow, type RequestOutcome } from '../../src/index.js';

const ok = (at: number): RequestOutcome => ({
  at,
  connectionId: `c#${String(at)}`,
  ok: true,
  peer: { ip: '10.244.0.2', port: 80 },
});
const failed = (at: number, failure: 'refused' | 'timedOut'): RequestOutcome => ({
  at,
  connectionId: `c#${String(at)}`,
  ok: false,
  failure,
  reason: failure,
});

describe('counting request outcomes', () => {
  const outcomes = [ok(1000), failed(2000, 'refused'), ok(4999), failed(5000, 'timedOut'), ok(12_000)];

  it('counts the requests made in a half-open window', () => {
    expect(countOutcomes(outcomes, 2000, 5000)).toEqual({
      requests: 2,
      succeeded: 1,
      failed: { refused: 1, timedOut: 0, reset: 0, unresolved: 0, unsent: 0, notOpen: 0 },
    });
    expect(countOutcomes(outcomes).requests).toBe(5);
  });

  it('windows align to multiples of the width from t=0, are clipped to the span, and empty ones are listed', () => {
    const windows = countOutcomesByWindow(outcomes, 5000, 1000, 13_000);
    expect(windows.map((w) => [w.startMs, w.endMs, w.requests, w.succeeded])).toEqual([
      [1000, 5000, 3, 2],
      [5000, 10_000, 1, 0],
      [10_000, 13_000, 1, 1],
    ]);
    expect(countOutcomesByWindow(outcomes, 5000, 5000, 5000)).toEqual([]);
    expect(countOutcomesByWindow([], 1000, 0, 2000).map((w) => w.requests)).toEqual([0, 0]);
  });

  it('refuses a window width that is not a positive whole number', () => {
    expect(() => countOutcomesByWindow(outcomes, 0, 0, 1000)).toThrow(RangeError);
  });
});
