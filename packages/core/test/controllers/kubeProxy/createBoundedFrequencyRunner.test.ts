import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createSimClock, type SimClock } from '../../../src/SimClock.js';
import {
  createBoundedFrequencyRunner,
  type BoundedFrequencyRunner,
} from '../../../src/controllers/kubeProxy/createBoundedFrequencyRunner.js';

interface Harness {
  readonly clock: SimClock;
  readonly runner: BoundedFrequencyRunner;
  /** Instants at which the function ran, in order. */
  readonly runs: number[];
  /** Moves to `at` (running everything due up to it) and requests a run there. */
  request(at: number): void;
  /** Moves to `at`, running everything due up to and at it. */
  until(at: number): void;
}

function harness(minIntervalMs: number, maxIntervalMs: number, burst: number): Harness {
  const clock = createSimClock();
  const runs: number[] = [];
  const runner = createBoundedFrequencyRunner(clock, { minIntervalMs, maxIntervalMs, burst }, () => {
    runs.push(clock.now());
  });
  return {
    clock,
    runner,
    runs,
    request(at) {
      clock.advanceTo(at);
      runner.run();
    },
    until(at) {
      clock.advanceTo(at);
    },
  };
}

// The cases follow the Go runner's unit tests (pkg/util/async/bounded_frequency_runner_test.go): one
// second minInterval, ten seconds maxInterval.
describe('createBoundedFrequencyRunner', () => {
  it('without burst, runs a request at once and defers the next one to minInterval after that run', () => {
    const h = harness(1000, 10_000, 1);
    h.request(0);
    h.until(0);
    expect(h.runs).toEqual([0]);
    h.request(1);
    h.until(999);
    expect(h.runs).toEqual([0]);
    h.until(1000);
    expect(h.runs).toEqual([0, 1000]);
    // Nothing requested: the next run is the periodic one, maxInterval after the last.
    h.until(10_999);
    expect(h.runs).toEqual([0, 1000]);
    h.until(11_000);
    expect(h.runs).toEqual([0, 1000, 11_000]);
    h.request(11_001);
    h.until(11_999);
    expect(h.runs).toEqual([0, 1000, 11_000]);
    h.until(12_000);
    expect(h.runs).toEqual([0, 1000, 11_000, 12_000]);
  });

  it('with burst 2, runs two requests in a row, then waits minInterval from the last run', () => {
    const h = harness(1000, 10_000, 2);
    h.request(0);
    h.request(1);
    h.until(1);
    expect(h.runs).toEqual([0, 1]);
    // Three requests too soon: all wait for 1001, a minInterval after the run at 1.
    h.request(499);
    h.request(500);
    h.request(501);
    h.until(999);
    expect(h.runs).toEqual([0, 1]);
    // By 1000 the bucket has refilled one token: a request then runs at once, before the retry is due.
    h.request(1000);
    h.until(1000);
    expect(h.runs).toEqual([0, 1, 1000]);
    h.until(1001);
    expect(h.runs).toEqual([0, 1, 1000]);
    h.request(1001);
    h.request(1999);
    h.until(1999);
    expect(h.runs).toEqual([0, 1, 1000]);
    h.until(2000);
    expect(h.runs).toEqual([0, 1, 1000, 2000]);
    // Two seconds later the bucket is full again: two runs at one instant, the third waits.
    h.request(4000);
    h.until(4000);
    h.runner.run();
    h.until(4000);
    h.runner.run();
    h.until(4000);
    expect(h.runs).toEqual([0, 1, 1000, 2000, 4000, 4000]);
    h.until(5000);
    expect(h.runs).toEqual([0, 1, 1000, 2000, 4000, 4000, 5000]);
    h.until(15_000);
    expect(h.runs).toEqual([0, 1, 1000, 2000, 4000, 4000, 5000, 15_000]);
  });

  it('collapses every request of one instant into one run', () => {
    const h = harness(1000, 10_000, 2);
    h.request(300);
    h.runner.run();
    h.runner.run();
    h.until(300);
    expect(h.runs).toEqual([300]);
  });

  it('runs periodically every maxInterval with no requests, counting from its start', () => {
    const h = harness(1000, 30_000, 2);
    h.until(95_000);
    expect(h.runs).toEqual([30_000, 60_000, 90_000]);
  });

  it('serves a request made just before a periodic run of the same instant with that one run', () => {
    const clock = createSimClock();
    const runs: number[] = [];
    // Scheduled before the runner exists, so it comes first among the timers of 30 s.
    clock.schedule(30_000, () => {
      runner.run();
    });
    const runner = createBoundedFrequencyRunner(
      clock,
      { minIntervalMs: 1000, maxIntervalMs: 30_000, burst: 2 },
      () => {
        runs.push(clock.now());
      },
    );
    clock.advanceTo(30_000);
    expect(runs).toEqual([30_000]);
  });

  it('runs again for a request made after a run of the same instant', () => {
    const h = harness(1000, 30_000, 2);
    h.until(30_000);
    h.request(30_000);
    h.until(30_000);
    expect(h.runs).toEqual([30_000, 30_000]);
  });

  it('has no rate limit with a minInterval of 0', () => {
    const h = harness(0, 30_000, 2);
    for (const at of [5, 5, 5, 6]) {
      h.request(at);
      h.until(at);
    }
    expect(h.runs).toEqual([5, 5, 5, 6]);
  });

  it('forgets a pending request and stops its periodic runs when stopped', () => {
    const h = harness(1000, 10_000, 1);
    h.request(0);
    h.request(10);
    h.until(500);
    h.runner.stop();
    h.until(100_000);
    expect(h.runs).toEqual([0]);
    expect(h.clock.pendingCount()).toBe(0);
  });

  it('refuses a maxInterval below minInterval, as the Go constructor panics', () => {
    const clock = createSimClock();
    expect(() =>
      createBoundedFrequencyRunner(clock, { minIntervalMs: 2000, maxIntervalMs: 1000, burst: 2 }, () => {}),
    ).toThrow(/maxIntervalMs \(1000\) must not be below minIntervalMs \(2000\)/);
  });

  it('keeps the token bucket and the interval bounds for any pattern of requests', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 60 }),
        (minInterval, extra, burst, gaps) => {
          const maxInterval = minInterval + extra;
          const h = harness(minInterval, maxInterval, burst);
          const requests: number[] = [];
          let at = 0;
          for (const gap of gaps) {
            at += gap;
            requests.push(at);
            h.request(at);
          }
          const end = at + maxInterval + 1;
          h.until(end);
          const runs = h.runs;
          // Token bucket: burst + 1 runs span at least one minInterval.
          for (let i = burst; i < runs.length; i++) {
            expect((runs[i] as number) - (runs[i - burst] as number)).toBeGreaterThanOrEqual(minInterval);
          }
          // maxInterval: never longer than that without a run, from the start to the end.
          const gapsBetweenRuns = [0, ...runs, end].map((t, i, all) =>
            i === 0 ? 0 : t - (all[i - 1] as number),
          );
          for (const gap of gapsBetweenRuns) expect(gap).toBeLessThanOrEqual(maxInterval);
          // Every request is served no later than minInterval after the last run before it.
          for (const request of requests) {
            const before = runs.filter((r) => r <= request).at(-1);
            const deadline = before === undefined ? request : Math.max(request, before + minInterval);
            expect(runs.some((r) => r >= request && r <= deadline)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
