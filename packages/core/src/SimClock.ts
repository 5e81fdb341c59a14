import type { SchedulerLike } from 'rxjs';

import { createSimScheduler } from './SimScheduler.js';
import type { SimTime } from './SimTime.js';
import { TimerHeap, type TimerEntry } from './TimerHeap.js';

/** Handle of a scheduled timer, for cancel(); never reused within one clock. */
export type TimerId = number;

/** Options of createSimClock. */
export interface SimClockOptions {
  /** Initial virtual time (default 0). */
  readonly start?: SimTime;
  /** Timers one advance/run call may run before it gives up (default 50_000_000). */
  readonly maxSteps?: number;
}

/** The simulation's only source of time: a discrete-event clock that moves only when told to. */
export interface SimClock {
  /** Current virtual time. */
  now(): SimTime;
  /** Runs `fn` when the clock reaches `at` (>= now()); timers of one instant run in scheduling order. */
  schedule(at: SimTime, fn: () => void): TimerId;
  /** Cancels a pending timer; false (and no effect) if it already ran, was cancelled, or is unknown. */
  cancel(id: TimerId): boolean;
  /** Runs every timer due at or before `t`, including ones scheduled meanwhile, then sets now() to `t`. */
  advanceTo(t: SimTime): void;
  /** advanceTo(now() + ms). */
  advanceBy(ms: number): void;
  /** Alias of advanceTo. */
  runUntil(t: SimTime): void;
  /** Runs timers until none is pending; now() ends at the last timer's time. */
  runUntilQuiescent(): void;
  /** Number of timers scheduled and neither run nor cancelled. */
  pendingCount(): number;
  /** Due time of the earliest pending timer. */
  nextDueAt(): SimTime | undefined;
  /**
   * The clock as an RxJS scheduler. It is a separate object because RxJS's SchedulerLike also has a
   * `schedule` method, taking a relative delay and returning a Subscription; it cannot share a name
   * with this clock's absolute-time `schedule`.
   */
  readonly scheduler: SchedulerLike;
}

const DEFAULT_MAX_STEPS = 50_000_000;

function isTime(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Creates a SimClock starting at `options.start` (default 0 ms). */
export function createSimClock(options: SimClockOptions = {}): SimClock {
  const start = options.start ?? 0;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!isTime(start)) {
    throw new RangeError(`createSimClock: start must be a safe non-negative integer (ms), got ${start}`);
  }
  if (!(maxSteps === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxSteps) && maxSteps >= 1))) {
    throw new RangeError(`createSimClock: maxSteps must be a positive integer or Infinity, got ${maxSteps}`);
  }

  const heap = new TimerHeap<() => void>();
  // The heap's seq doubles as the TimerId: unique, increasing, never reused.
  const byId = new Map<TimerId, TimerEntry<() => void>>();
  let current: SimTime = start;
  // Set for the duration of a flush: a timer that advances the clock would run later timers inside
  // an earlier one and break (at, seq) order.
  let flushing: string | undefined;

  function assertNotFlushing(method: string, argument: number | undefined): void {
    if (flushing !== undefined) {
      const call = argument === undefined ? `${method}()` : `${method}(${argument})`;
      throw new Error(
        `SimClock.${call} was called from inside a timer callback at ${current} ms (during ${flushing}); ` +
          'the clock is advanced only from outside timers: schedule the work instead',
      );
    }
  }

  /** Runs due timers while `next.at <= limit`; returns normally only when none is left due. */
  function flush(limit: SimTime, method: string): void {
    flushing = method;
    let steps = 0;
    try {
      for (;;) {
        const next = heap.peek();
        if (next === undefined || next.at > limit) return;
        if (steps >= maxSteps) {
          throw new Error(
            `SimClock.${method}: ran ${steps} timers (maxSteps = ${maxSteps}) and reached ${current} ms ` +
              `with timers still due at ${next.at} ms; a timer is probably rescheduling itself without end`,
          );
        }
        heap.pop();
        byId.delete(next.seq);
        current = next.at;
        steps++;
        next.value();
      }
    } finally {
      flushing = undefined;
    }
  }

  function advanceTo(t: SimTime, method = 'advanceTo'): void {
    assertNotFlushing(method, t);
    if (!Number.isSafeInteger(t)) {
      throw new RangeError(`SimClock.${method}: time must be a safe integer number of ms, got ${t}`);
    }
    if (t < current) {
      throw new RangeError(
        `SimClock.${method}: cannot go backwards: now is ${current} ms, asked for ${t} ms`,
      );
    }
    flush(t, method);
    current = t;
  }

  function now(): SimTime {
    return current;
  }

  function schedule(at: SimTime, fn: () => void): TimerId {
    if (!isTime(at)) {
      throw new RangeError(`SimClock.schedule: at must be a safe non-negative integer (ms), got ${at}`);
    }
    if (at < current) {
      throw new RangeError(
        `SimClock.schedule: cannot schedule at ${at} ms, now is ${current} ms (scheduling in the past would go backwards)`,
      );
    }
    const entry = heap.push(at, fn);
    byId.set(entry.seq, entry);
    return entry.seq;
  }

  function cancel(id: TimerId): boolean {
    const entry = byId.get(id);
    if (entry === undefined) return false;
    byId.delete(id);
    return heap.remove(entry);
  }

  return {
    now,
    schedule,
    cancel,

    advanceTo(t) {
      advanceTo(t);
    },

    advanceBy(ms) {
      assertNotFlushing('advanceBy', ms);
      if (!isTime(ms)) {
        throw new RangeError(`SimClock.advanceBy: ms must be a safe non-negative integer, got ${ms}`);
      }
      advanceTo(current + ms, 'advanceBy');
    },

    runUntil(t) {
      advanceTo(t, 'runUntil');
    },

    runUntilQuiescent() {
      assertNotFlushing('runUntilQuiescent', undefined);
      flush(Number.POSITIVE_INFINITY, 'runUntilQuiescent');
    },

    pendingCount: () => heap.size,

    nextDueAt: () => heap.peek()?.at,

    scheduler: createSimScheduler({ now, schedule, cancel }),
  };
}
