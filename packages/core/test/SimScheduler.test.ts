import fc from 'fast-check';
import {
  Subject,
  auditTime,
  debounceTime,
  delay,
  interval,
  take,
  throttleTime,
  timer,
  type Observable,
  type SchedulerAction,
} from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createSimClock, type SimClock } from '../src/SimClock.js';
import type { SimTime } from '../src/SimTime.js';

type Emission<T> = readonly [SimTime, T];

/** Schedules `subject.next` for each [time, value] (and `complete` at `completeAt`) on the clock. */
function drive<T>(clock: SimClock, script: readonly Emission<T>[], completeAt?: SimTime): Subject<T> {
  const subject = new Subject<T>();
  for (const [at, value] of script) clock.schedule(at, () => subject.next(value));
  if (completeAt !== undefined) clock.schedule(completeAt, () => subject.complete());
  return subject;
}

/** Subscribes and records each emission with the virtual time it happened at, plus completion time. */
function record<T>(
  clock: SimClock,
  source$: Observable<T>,
): { values: Emission<T>[]; completedAt?: SimTime } {
  const result: { values: Emission<T>[]; completedAt?: SimTime } = { values: [] };
  source$.subscribe({
    next: (value) => result.values.push([clock.now(), value]),
    complete: () => (result.completedAt = clock.now()),
  });
  return result;
}

// Source for the rate-limiting operators: a burst, a gap, a second burst, a straggler.
const BURSTY: readonly Emission<string>[] = [
  [0, 'a'],
  [30, 'b'],
  [90, 'c'],
  [120, 'd'],
  [150, 'e'],
  [260, 'f'],
];

describe('SimScheduler', () => {
  // The whole suite must never reach for the wall clock, however large the virtual delays.
  const wallClock: { restore(): void; calls(): number }[] = [];
  beforeEach(() => {
    for (const spy of [
      vi.spyOn(globalThis, 'setTimeout'),
      vi.spyOn(globalThis, 'setInterval'),
      vi.spyOn(Date, 'now'),
    ]) {
      wallClock.push({ restore: () => spy.mockRestore(), calls: () => spy.mock.calls.length });
    }
  });
  afterEach(() => {
    const calls = wallClock.map((spy) => spy.calls());
    for (const spy of wallClock.splice(0)) spy.restore();
    expect(calls).toEqual([0, 0, 0]);
  });

  describe('contract', () => {
    it('reports the clock time as now()', () => {
      const clock = createSimClock({ start: 42 });
      expect(clock.scheduler.now()).toBe(42);
      clock.advanceTo(1_000);
      expect(clock.scheduler.now()).toBe(1_000);
    });

    it('runs work at now() + delay with the action as `this` and the given state', () => {
      const clock = createSimClock({ start: 100 });
      const seen: [SimTime, string | undefined, boolean][] = [];
      const action = clock.scheduler.schedule<string>(
        function (this: SchedulerAction<string>, state) {
          seen.push([clock.now(), state, this === action]);
        },
        50,
        'hello',
      );
      expect(clock.nextDueAt()).toBe(150);
      clock.advanceTo(1_000);
      expect(seen).toEqual([[150, 'hello', true]]);
    });

    it('defaults the delay to 0, treats negative delays as 0, and rounds fractional delays up', () => {
      const clock = createSimClock({ start: 10 });
      const seen: [SimTime, string][] = [];
      const at = (label: string) => () => seen.push([clock.now(), label]);
      clock.scheduler.schedule(at('default'));
      clock.scheduler.schedule(at('negative'), -5);
      clock.scheduler.schedule(at('fraction'), 0.2);
      clock.scheduler.schedule(at('one and a bit'), 1.0001);
      clock.runUntilQuiescent();
      expect(seen).toEqual([
        [10, 'default'],
        [10, 'negative'],
        [11, 'fraction'],
        [12, 'one and a bit'],
      ]);
    });

    it('never runs work with an infinite delay, and keeps no timer for it', () => {
      const clock = createSimClock();
      let ran = false;
      clock.scheduler.schedule(() => (ran = true), Number.POSITIVE_INFINITY);
      expect(clock.pendingCount()).toBe(0);
      clock.runUntilQuiescent();
      expect(ran).toBe(false);
    });

    it('reschedules from inside the work (periodic work), with the new state', () => {
      const clock = createSimClock();
      const seen: [SimTime, number][] = [];
      clock.scheduler.schedule<number>(
        function (n) {
          seen.push([clock.now(), n]);
          if (n < 3) this.schedule(n + 1, 100);
        },
        10,
        0,
      );
      clock.runUntilQuiescent();
      expect(seen).toEqual([
        [10, 0],
        [110, 1],
        [210, 2],
        [310, 3],
      ]);
    });

    it('replaces the pending timer when an action is rescheduled from outside', () => {
      const clock = createSimClock();
      const seen: SimTime[] = [];
      const action = clock.scheduler.schedule(() => seen.push(clock.now()), 100) as SchedulerAction<void>;
      clock.advanceTo(50);
      action.schedule(undefined, 100);
      action.schedule(undefined, 200);
      expect(clock.pendingCount()).toBe(1);
      clock.runUntilQuiescent();
      expect(seen).toEqual([250]);
    });

    it('cancels the pending timer on unsubscribe, and ignores reschedules after it', () => {
      const clock = createSimClock();
      let ran = false;
      const action = clock.scheduler.schedule(() => (ran = true), 100) as SchedulerAction<void>;
      expect(clock.pendingCount()).toBe(1);
      action.unsubscribe();
      expect(action.closed).toBe(true);
      expect(clock.pendingCount()).toBe(0);
      action.schedule(undefined, 10);
      expect(clock.pendingCount()).toBe(0);
      clock.runUntilQuiescent();
      expect(ran).toBe(false);
    });

    it('surfaces an error thrown by work from the advance call and closes the action', () => {
      const clock = createSimClock();
      const action = clock.scheduler.schedule(function () {
        this.schedule(undefined, 10);
        throw new Error('work failed');
      }, 5);
      expect(() => clock.runUntilQuiescent()).toThrow('work failed');
      expect(clock.now()).toBe(5);
      expect(action.closed).toBe(true);
      expect(clock.pendingCount()).toBe(0);
    });

    it('runs any mix of delays in (due time, scheduling order), like the clock', () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: -3, max: 20 }), { maxLength: 100 }), (delays) => {
          const clock = createSimClock();
          const ran: number[] = [];
          delays.forEach((d, index) => clock.scheduler.schedule(() => ran.push(index), d));
          clock.runUntilQuiescent();
          const expected = delays.map((d, index) => ({ at: Math.max(d, 0), index }));
          expected.sort((a, b) => a.at - b.at || a.index - b.index);
          expect(ran).toEqual(expected.map((e) => e.index));
        }),
      );
    });
  });

  describe('RxJS operators on virtual time', () => {
    it('timer(due) emits 0 once at the due time, then completes', () => {
      const clock = createSimClock();
      const out = record(clock, timer(1_000, clock.scheduler));
      clock.advanceTo(999);
      expect(out.values).toEqual([]);
      clock.advanceTo(5_000);
      expect(out).toEqual({ values: [[1_000, 0]], completedAt: 1_000 });
    });

    it('timer(due, period) emits 0 at due, then every period', () => {
      const clock = createSimClock();
      const out = record(clock, timer(1_000, 500, clock.scheduler).pipe(take(4)));
      clock.runUntilQuiescent();
      expect(out).toEqual({
        values: [
          [1_000, 0],
          [1_500, 1],
          [2_000, 2],
          [2_500, 3],
        ],
        completedAt: 2_500,
      });
    });

    it('interval(period) emits 0, 1, 2... at each multiple of the period after subscription', () => {
      const clock = createSimClock({ start: 250 });
      const out = record(clock, interval(1_000, clock.scheduler).pipe(take(3)));
      clock.runUntilQuiescent();
      expect(out).toEqual({
        values: [
          [1_250, 0],
          [2_250, 1],
          [3_250, 2],
        ],
        completedAt: 3_250,
      });
    });

    it('interval of one hour runs on virtual time only', () => {
      const hour = 3_600_000;
      const clock = createSimClock();
      const out = record(clock, interval(hour, clock.scheduler).pipe(take(24)));
      clock.runUntilQuiescent();
      expect(out.values).toHaveLength(24);
      expect(out.values.at(-1)).toEqual([24 * hour, 23]);
      expect(out.completedAt).toBe(24 * hour);
    });

    it('delay(d) shifts every value by d and completes after the last delayed value', () => {
      const clock = createSimClock();
      const source = drive(
        clock,
        [
          [0, 'a'],
          [100, 'b'],
          [250, 'c'],
        ],
        260,
      );
      const out = record(clock, source.pipe(delay(300, clock.scheduler)));
      clock.runUntilQuiescent();
      expect(out).toEqual({
        values: [
          [300, 'a'],
          [400, 'b'],
          [550, 'c'],
        ],
        completedAt: 550,
      });
    });

    it('debounceTime(d) emits the latest value once d has passed without another one', () => {
      const clock = createSimClock();
      // a and b are 50 apart (b replaces a); c, d 60 apart; e stands alone and waits its full 100.
      const source = drive(
        clock,
        [
          [0, 'a'],
          [50, 'b'],
          [200, 'c'],
          [260, 'd'],
          [500, 'e'],
        ],
        1_000,
      );
      const out = record(clock, source.pipe(debounceTime(100, clock.scheduler)));
      clock.runUntilQuiescent();
      expect(out).toEqual({
        values: [
          [150, 'b'],
          [360, 'd'],
          [600, 'e'],
        ],
        completedAt: 1_000,
      });
    });

    it('debounceTime emits a pending value at once when the source completes', () => {
      const clock = createSimClock();
      const source = drive(
        clock,
        [
          [0, 'a'],
          [40, 'b'],
        ],
        70,
      );
      const out = record(clock, source.pipe(debounceTime(100, clock.scheduler)));
      clock.runUntilQuiescent();
      expect(out).toEqual({ values: [[70, 'b']], completedAt: 70 });
    });

    it('throttleTime(d) (leading) emits a value, then ignores the source for d', () => {
      const clock = createSimClock();
      const source = drive(clock, BURSTY);
      const out = record(clock, source.pipe(throttleTime(100, clock.scheduler)));
      clock.runUntilQuiescent();
      // a opens [0, 100); d (at 120) opens [120, 220); f (at 260) opens [260, 360).
      expect(out.values).toEqual([
        [0, 'a'],
        [120, 'd'],
        [260, 'f'],
      ]);
    });

    it('throttleTime(d, { leading: false, trailing: true }) emits the last value at the end of each window', () => {
      const clock = createSimClock();
      const source = drive(clock, BURSTY);
      const out = record(
        clock,
        source.pipe(throttleTime(100, clock.scheduler, { leading: false, trailing: true })),
      );
      clock.runUntilQuiescent();
      // a opens [0, 100) and c is its last value; emitting c opens [100, 200) whose last value is e;
      // emitting e opens [200, 300) which catches f.
      expect(out.values).toEqual([
        [100, 'c'],
        [200, 'e'],
        [300, 'f'],
      ]);
    });

    it('throttleTime(d, { leading: true, trailing: true }) emits the first value at once and the last at each window end', () => {
      const clock = createSimClock();
      const source = drive(clock, BURSTY);
      const out = record(
        clock,
        source.pipe(throttleTime(100, clock.scheduler, { leading: true, trailing: true })),
      );
      clock.runUntilQuiescent();
      expect(out.values).toEqual([
        [0, 'a'],
        [100, 'c'],
        [200, 'e'],
        [300, 'f'],
      ]);
    });

    it('auditTime(d) emits the latest value d after the first value that started the window', () => {
      const clock = createSimClock();
      const source = drive(clock, BURSTY);
      const out = record(clock, source.pipe(auditTime(100, clock.scheduler)));
      clock.runUntilQuiescent();
      // a starts [0, 100] -> c; d starts [120, 220] -> e; f starts [260, 360] -> f.
      expect(out.values).toEqual([
        [100, 'c'],
        [220, 'e'],
        [360, 'f'],
      ]);
    });

    it('auditTime(0) emits once per instant, after everything already scheduled for that instant', () => {
      const clock = createSimClock();
      const source = drive(clock, [
        [10, 'a'],
        [10, 'b'],
        [20, 'c'],
      ]);
      const out = record(clock, source.pipe(auditTime(0, clock.scheduler)));
      clock.runUntilQuiescent();
      expect(out.values).toEqual([
        [10, 'b'],
        [20, 'c'],
      ]);
    });
  });

  describe('unsubscribing', () => {
    it('cancels a pending timer', () => {
      const clock = createSimClock();
      const subscription = timer(3_600_000, clock.scheduler).subscribe();
      expect(clock.pendingCount()).toBe(1);
      subscription.unsubscribe();
      expect(clock.pendingCount()).toBe(0);
    });

    it('stops an interval between ticks', () => {
      const clock = createSimClock();
      const seen: SimTime[] = [];
      const subscription = interval(100, clock.scheduler).subscribe(() => seen.push(clock.now()));
      clock.advanceTo(250);
      expect(clock.pendingCount()).toBe(1);
      subscription.unsubscribe();
      expect(clock.pendingCount()).toBe(0);
      clock.advanceTo(1_000);
      expect(seen).toEqual([100, 200]);
    });

    it('drops a pending debounce and a pending delay', () => {
      const clock = createSimClock();
      const source = new Subject<number>();
      const debounced = source.pipe(debounceTime(100, clock.scheduler)).subscribe();
      const delayed = source.pipe(delay(100, clock.scheduler)).subscribe();
      source.next(1);
      expect(clock.pendingCount()).toBe(2);
      debounced.unsubscribe();
      delayed.unsubscribe();
      expect(clock.pendingCount()).toBe(0);
    });
  });
});
