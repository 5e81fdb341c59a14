import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

import type { SimTime } from './SimTime.js';

type TimerId = number;

/**
 * The part of a SimClock the scheduler needs, spelled out here rather than picked from SimClock so the
 * two modules do not import each other (SimClock builds its scheduler with createSimScheduler).
 */
export interface SimSchedulerClock {
  now(): SimTime;
  schedule(at: SimTime, fn: () => void): TimerId;
  cancel(id: TimerId): boolean;
}

type Work<T> = (this: SchedulerAction<T>, state?: T) => void;

/**
 * Virtual time is integer milliseconds, so a delay is rounded up (never down: work must not run
 * before the time it asked for); negative or NaN delays mean "now", as with RxJS's async scheduler.
 */
function toDelayMs(delay: number): number {
  return delay > 0 ? Math.ceil(delay) : 0;
}

/**
 * One piece of scheduled work. It holds at most one pending clock timer: rescheduling replaces it,
 * which is how timer/interval re-arm their periodic work and debounceTime pushes its deadline.
 */
class SimAction<T> extends Subscription implements SchedulerAction<T> {
  private timerId: TimerId | undefined = undefined;
  private state: T | undefined = undefined;
  private work: Work<T> | undefined;
  // One callback per action, reused by every reschedule, so periodic work allocates nothing per tick.
  private readonly fire = (): void => {
    this.timerId = undefined;
    const work = this.work;
    if (work === undefined) return;
    try {
      work.call(this, this.state);
    } catch (error) {
      // Like RxJS's AsyncAction: failed work is torn down, and the error surfaces from the clock's
      // advance call that ran it.
      this.unsubscribe();
      throw error;
    }
  };

  constructor(
    private readonly clock: SimSchedulerClock,
    work: Work<T>,
  ) {
    super();
    this.work = work;
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    if (this.timerId !== undefined) {
      this.clock.cancel(this.timerId);
      this.timerId = undefined;
    }
    // An infinite delay means "never": keep no timer, so it cannot hold runUntilQuiescent busy.
    if (delay !== Number.POSITIVE_INFINITY) {
      this.timerId = this.clock.schedule(this.clock.now() + toDelayMs(delay), this.fire);
    }
    return this;
  }

  override unsubscribe(): void {
    if (this.closed) return;
    if (this.timerId !== undefined) {
      this.clock.cancel(this.timerId);
      this.timerId = undefined;
    }
    this.work = undefined;
    this.state = undefined;
    super.unsubscribe();
  }
}

/** Adapts a SimClock to RxJS's SchedulerLike so time-aware operators run on virtual time. */
export function createSimScheduler(clock: SimSchedulerClock): SchedulerLike {
  return {
    now: () => clock.now(),
    schedule<T>(work: Work<T>, delay = 0, state?: T): Subscription {
      return new SimAction<T>(clock, work).schedule(state, delay);
    },
  };
}
