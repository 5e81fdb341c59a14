import type { SimTime } from '../SimTime.js';

/** The worker's first tick at or after `t`; ticks fall at origin + k × period, k ≥ 0. */
export function tickAtOrAfter(origin: SimTime, periodMs: number, t: SimTime): SimTime {
  if (t <= origin) return origin;
  return origin + Math.ceil((t - origin) / periodMs) * periodMs;
}

/** The worker's first tick strictly after `t`. */
export function tickAfter(origin: SimTime, periodMs: number, t: SimTime): SimTime {
  if (t < origin) return origin;
  return origin + (Math.floor((t - origin) / periodMs) + 1) * periodMs;
}

/**
 * When a worker runs again after a run that started at `start` and took `durationMs`. doProbe blocks
 * for the probe, and Go's ticker holds at most one tick for a slow receiver and drops the rest: if a
 * tick fell during the run, the next run starts the moment this one ends, otherwise at the next tick.
 */
export function nextRunAfter(origin: SimTime, periodMs: number, start: SimTime, durationMs: number): SimTime {
  return Math.max(start + durationMs, tickAfter(origin, periodMs, start));
}

/**
 * The runs of a worker from `first` on, while every run takes the same `durationMs`, in closed form (plain
 * data, read with runAt and runsBefore, so the hot path allocates no closures).
 *
 * Iterating nextRunAfter gives three regimes. Runs at least a period long chain back to back (each ends
 * after the next tick, which is held): x_k = first + k·d. Shorter runs that start on a tick stay on the
 * ticks. A shorter run that starts off the grid (after a long run) at phase φ chains back to back while
 * the held tick is still due, losing P − d of phase per run, for floor(φ / (P − d)) runs, then returns
 * to the grid at the next tick.
 */
export interface RunSequence {
  readonly first: SimTime;
  readonly durationMs: number;
  readonly periodMs: number;
  /** Runs after `first` that still chain back to back (Infinity when runs outlast the period). */
  readonly backToBack: number;
  /** The last back-to-back run, and the tick the runs continue on after it. */
  readonly lastOffGrid: SimTime;
  readonly firstOnGrid: SimTime;
}

export function runSequence(
  origin: SimTime,
  periodMs: number,
  first: SimTime,
  durationMs: number,
): RunSequence {
  if (durationMs >= periodMs)
    return {
      first,
      durationMs,
      periodMs,
      backToBack: Infinity,
      lastOffGrid: Infinity,
      firstOnGrid: Infinity,
    };
  const phase = (((first - origin) % periodMs) + periodMs) % periodMs;
  const backToBack = phase === 0 ? 0 : Math.floor(phase / (periodMs - durationMs));
  const lastOffGrid = first + backToBack * durationMs;
  return {
    first,
    durationMs,
    periodMs,
    backToBack,
    lastOffGrid,
    firstOnGrid: tickAfter(origin, periodMs, lastOffGrid),
  };
}

/** The k-th run of the sequence (k = 0 is `first`). */
export function runAt(sequence: RunSequence, k: number): SimTime {
  const { first, durationMs, backToBack, firstOnGrid, periodMs } = sequence;
  return k <= backToBack ? first + k * durationMs : firstOnGrid + (k - backToBack - 1) * periodMs;
}

/** How many runs of the sequence start before `end`. */
export function runsBefore(sequence: RunSequence, end: SimTime): number {
  const { first, durationMs, lastOffGrid, backToBack, firstOnGrid, periodMs } = sequence;
  if (end <= first) return 0;
  // Back-to-back runs after the first need d > 0 (φ ≥ P − d with φ < P), so the division is safe.
  if (end <= lastOffGrid || backToBack === Infinity) return Math.ceil((end - first) / durationMs);
  return backToBack + 1 + Math.max(0, Math.ceil((end - firstOnGrid) / periodMs));
}
