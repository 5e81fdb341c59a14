import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One benchmark figure: what was measured, how much, and the rate. */
export interface Measurement {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly note?: string;
}

/** Wall and CPU seconds of one call of a benchmark's work. */
export interface Timing {
  readonly wallSeconds: number;
  /**
   * User + system CPU seconds of this process: what the work cost regardless of other programs on a
   * shared machine (on an idle machine about the wall time, a little more for V8's helper threads).
   */
  readonly cpuSeconds: number;
}

/**
 * Runs `work` (which returns how many operations it did) after one warm-up call and reports operations
 * per second over the best of `repeats` timed calls (the best run is the least disturbed by the
 * machine), by wall time and by the CPU time of that same call. Each timed call starts after a full
 * garbage collection (not timed), so it does not pay for the garbage of the call before it.
 */
export function measureRate(
  repeats: number,
  work: () => number,
): { opsPerSecond: number; opsPerCpuSecond: number; ops: number } {
  work();
  let best: Timing = { wallSeconds: Number.POSITIVE_INFINITY, cpuSeconds: Number.POSITIVE_INFINITY };
  let ops = 0;
  for (let i = 0; i < repeats; i++) {
    collectGarbage();
    const timing = measureTiming(() => {
      ops = work();
    });
    if (timing.wallSeconds < best.wallSeconds) best = timing;
  }
  return { opsPerSecond: ops / best.wallSeconds, opsPerCpuSecond: ops / best.cpuSeconds, ops };
}

/** Wall-clock seconds of one call. */
export function measureSeconds(work: () => void): number {
  return measureTiming(work).wallSeconds;
}

/** Wall and CPU seconds of one call. */
export function measureTiming(work: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wallSeconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** The note that gives a rate per CPU-second next to a wall-clock figure. */
export function perCpuSecondNote(opsPerCpuSecond: number, unit: string): string {
  return `${Math.round(opsPerCpuSecond).toLocaleString('en-US')} ${unit} per CPU-second`;
}

/**
 * Bytes of live JavaScript heap after a full garbage collection, so the figure is what the program
 * holds rather than garbage not yet collected. The collector is reached through V8's flag, which a
 * benchmark may flip at run time; `pnpm bench` need not be started with --expose-gc.
 */
export function heapUsedAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

let gc: (() => void) | undefined;

function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
