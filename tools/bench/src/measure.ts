import { performance } from 'node:perf_hooks';

/** One benchmark figure: what was measured, how much, and the rate. */
export interface Measurement {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly note?: string;
}

/**
 * Runs `work` (which returns how many operations it did) after one warm-up call and reports operations
 * per second over the best of `repeats` timed calls; the best run is the least disturbed by the machine.
 */
export function measureRate(repeats: number, work: () => number): { opsPerSecond: number; ops: number } {
  work();
  let best = Number.POSITIVE_INFINITY;
  let ops = 0;
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    ops = work();
    best = Math.min(best, performance.now() - start);
  }
  return { opsPerSecond: ops / (best / 1000), ops };
}

/** Wall-clock seconds of one call. */
export function measureSeconds(work: () => void): number {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
}
