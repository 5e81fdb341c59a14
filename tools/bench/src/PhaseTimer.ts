import { performance } from 'node:perf_hooks';

import { measureTiming, type Timing } from './measure.js';

/**
 * Wall and CPU time of a run in two phases split at one moment (a cluster's build and its churn), leaving
 * out work done at the split that belongs to neither (measuring the heap after a full collection).
 */
export class PhaseTimer {
  private readonly startCpu = process.cpuUsage();
  private readonly start = performance.now();
  private first: Timing | undefined;
  private excluded: Timing = { wallSeconds: 0, cpuSeconds: 0 };

  /** Whether endFirstPhase has been called. */
  get firstPhaseEnded(): boolean {
    return this.first !== undefined;
  }

  /** Ends the first phase and returns its time; the second runs from here to secondPhase(). */
  endFirstPhase(): Timing {
    this.first = this.elapsed();
    return this.first;
  }

  /** Runs `work` with its time counted in neither phase. */
  exclude<T>(work: () => T): T {
    let result: T | undefined;
    const timing = measureTiming(() => {
      result = work();
    });
    this.excluded = {
      wallSeconds: this.excluded.wallSeconds + timing.wallSeconds,
      cpuSeconds: this.excluded.cpuSeconds + timing.cpuSeconds,
    };
    return result as T;
  }

  /** The second phase's time until now, without the excluded work. */
  secondPhase(): Timing {
    const first = this.first;
    if (first === undefined) throw new Error('PhaseTimer: the first phase has not ended');
    const total = this.elapsed();
    return {
      wallSeconds: total.wallSeconds - first.wallSeconds - this.excluded.wallSeconds,
      cpuSeconds: total.cpuSeconds - first.cpuSeconds - this.excluded.cpuSeconds,
    };
  }

  private elapsed(): Timing {
    const used = process.cpuUsage(this.startCpu);
    return {
      wallSeconds: (performance.now() - this.start) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  }
}
