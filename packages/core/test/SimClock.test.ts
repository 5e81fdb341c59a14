import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createSimClock, type TimerId } from '../src/SimClock.js';

describe('SimClock', () => {
  it('starts at 0 by default, or at the given start', () => {
    expect(createSimClock().now()).toBe(0);
    expect(createSimClock({ start: 1_000 }).now()).toBe(1_000);
  });

  it('runs timers in (at, insertion) order, setting now() to each timer time', () => {
    const clock = createSimClock();
    const log: [number, string][] = [];
    const record = (name: string) => () => log.push([clock.now(), name]);
    clock.schedule(30, record('c'));
    clock.schedule(10, record('a1'));
    clock.schedule(20, record('b'));
    clock.schedule(10, record('a2'));
    clock.schedule(30, record('d'));
    clock.schedule(10, record('a3'));
    clock.advanceTo(100);
    expect(log).toEqual([
      [10, 'a1'],
      [10, 'a2'],
      [10, 'a3'],
      [20, 'b'],
      [30, 'c'],
      [30, 'd'],
    ]);
    expect(clock.now()).toBe(100);
  });

  it('agrees with a stable sort by time for any schedule', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (times) => {
        const clock = createSimClock();
        const ran: number[] = [];
        times.forEach((at, index) => clock.schedule(at, () => ran.push(index)));
        clock.runUntilQuiescent();
        const expected = times.map((at, index) => ({ at, index }));
        expected.sort((a, b) => a.at - b.at || a.index - b.index);
        expect(ran).toEqual(expected.map((e) => e.index));
      }),
    );
  });

  it('runs work scheduled during a flush for an already-due time in the same flush', () => {
    const clock = createSimClock();
    const log: [number, string][] = [];
    clock.schedule(10, () => {
      log.push([clock.now(), 'first']);
      clock.schedule(clock.now(), () => log.push([clock.now(), 'same instant']));
      clock.schedule(15, () => log.push([clock.now(), 'later, still due']));
      clock.schedule(25, () => log.push([clock.now(), 'after t']));
    });
    clock.schedule(10, () => log.push([clock.now(), 'second']));
    clock.schedule(20, () => log.push([clock.now(), 'third']));
    clock.advanceTo(20);
    expect(log).toEqual([
      [10, 'first'],
      [10, 'second'],
      [10, 'same instant'],
      [15, 'later, still due'],
      [20, 'third'],
    ]);
    expect(clock.now()).toBe(20);
    expect(clock.pendingCount()).toBe(1);
    expect(clock.nextDueAt()).toBe(25);
  });

  it('allows scheduling at exactly now()', () => {
    const clock = createSimClock({ start: 5 });
    let ran = false;
    clock.schedule(5, () => (ran = true));
    clock.advanceTo(5);
    expect(ran).toBe(true);
  });

  it('refuses to go backwards', () => {
    const clock = createSimClock();
    clock.advanceTo(100);
    expect(() => clock.advanceTo(99)).toThrow('cannot go backwards: now is 100 ms, asked for 99 ms');
    expect(() => clock.runUntil(50)).toThrow('cannot go backwards: now is 100 ms, asked for 50 ms');
    expect(clock.now()).toBe(100);
  });

  it('refuses non-integer and unsafe times', () => {
    const clock = createSimClock();
    expect(() => clock.advanceTo(1.5)).toThrow(RangeError);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(() => clock.advanceBy(-1)).toThrow(RangeError);
    expect(() => clock.advanceBy(0.5)).toThrow(RangeError);
    expect(() => clock.schedule(2.5, () => undefined)).toThrow(RangeError);
    expect(() => clock.schedule(-1, () => undefined)).toThrow(RangeError);
    expect(() => clock.schedule(Number.POSITIVE_INFINITY, () => undefined)).toThrow(RangeError);
    expect(() => createSimClock({ start: -1 })).toThrow(RangeError);
    expect(() => createSimClock({ maxSteps: 0 })).toThrow(RangeError);
    expect(clock.now()).toBe(0);
  });

  it('refuses to schedule in the past, naming both times', () => {
    const clock = createSimClock({ start: 1_000 });
    expect(() => clock.schedule(999, () => undefined)).toThrow(
      'cannot schedule at 999 ms, now is 1000 ms (scheduling in the past would go backwards)',
    );
    expect(clock.pendingCount()).toBe(0);
  });

  it('advances by a relative amount', () => {
    const clock = createSimClock({ start: 10 });
    const seen: number[] = [];
    clock.schedule(15, () => seen.push(clock.now()));
    clock.advanceBy(5);
    clock.advanceBy(0);
    expect(seen).toEqual([15]);
    expect(clock.now()).toBe(15);
  });

  it('cancels pending timers and reports whether they were pending', () => {
    const clock = createSimClock();
    const ran: string[] = [];
    const a = clock.schedule(10, () => ran.push('a'));
    const b = clock.schedule(10, () => ran.push('b'));
    expect(clock.pendingCount()).toBe(2);
    expect(clock.cancel(a)).toBe(true);
    expect(clock.cancel(a)).toBe(false);
    expect(clock.cancel(12_345)).toBe(false);
    expect(clock.pendingCount()).toBe(1);
    clock.advanceTo(10);
    expect(ran).toEqual(['b']);
    expect(clock.cancel(b)).toBe(false);
  });

  it('lets a timer cancel a later timer of the same instant', () => {
    const clock = createSimClock();
    const ran: string[] = [];
    let second: TimerId = -1;
    clock.schedule(10, () => {
      ran.push('first');
      clock.cancel(second);
    });
    second = clock.schedule(10, () => ran.push('second'));
    clock.advanceTo(10);
    expect(ran).toEqual(['first']);
  });

  it('reports the next due time and the pending count', () => {
    const clock = createSimClock();
    expect(clock.nextDueAt()).toBeUndefined();
    const early = clock.schedule(7, () => undefined);
    clock.schedule(9, () => undefined);
    expect(clock.nextDueAt()).toBe(7);
    clock.cancel(early);
    expect(clock.nextDueAt()).toBe(9);
    expect(clock.pendingCount()).toBe(1);
  });

  it('runs until quiescent, ending at the last timer time', () => {
    const clock = createSimClock();
    const seen: number[] = [];
    let remaining = 3;
    const tick = (): void => {
      seen.push(clock.now());
      if (--remaining > 0) clock.schedule(clock.now() + 3_600_000, tick);
    };
    clock.schedule(100, tick);
    clock.runUntilQuiescent();
    expect(seen).toEqual([100, 3_600_100, 7_200_100]);
    expect(clock.now()).toBe(7_200_100);
    expect(clock.pendingCount()).toBe(0);
    clock.runUntilQuiescent();
    expect(clock.now()).toBe(7_200_100);
  });

  it('stops a timer that reschedules itself without end, saying how far it got', () => {
    const clock = createSimClock({ maxSteps: 1_000 });
    const spin = (): void => {
      clock.schedule(clock.now() + 1, spin);
    };
    clock.schedule(0, spin);
    expect(() => clock.runUntilQuiescent()).toThrow(
      'SimClock.runUntilQuiescent: ran 1000 timers (maxSteps = 1000) and reached 999 ms with timers still due at 1000 ms; ' +
        'a timer is probably rescheduling itself without end',
    );
    // The clock is still usable: the loop's next timer is pending at the time reported.
    expect(clock.now()).toBe(999);
    expect(clock.nextDueAt()).toBe(1_000);
  });

  it('counts steps per advance call, so exactly maxSteps timers fit in one call', () => {
    const clock = createSimClock({ maxSteps: 3 });
    for (let i = 0; i < 3; i++) clock.schedule(1, () => undefined);
    clock.advanceTo(1);
    for (let i = 0; i < 3; i++) clock.schedule(2, () => undefined);
    clock.advanceTo(2);
    for (let i = 0; i < 4; i++) clock.schedule(3, () => undefined);
    expect(() => clock.advanceTo(3)).toThrow('ran 3 timers (maxSteps = 3)');
  });

  it('catches a zero-delay loop at a single instant', () => {
    const clock = createSimClock({ maxSteps: 100 });
    const spin = (): void => {
      clock.schedule(clock.now(), spin);
    };
    clock.schedule(5, spin);
    expect(() => clock.advanceTo(10)).toThrow(/ran 100 timers .* reached 5 ms/);
    expect(clock.now()).toBe(5);
  });

  it('refuses to be advanced from inside a timer', () => {
    const clock = createSimClock();
    let caught: unknown;
    clock.schedule(10, () => {
      try {
        clock.advanceTo(20);
      } catch (error) {
        caught = error;
      }
    });
    clock.advanceTo(30);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe(
      'SimClock.advanceTo(20) was called from inside a timer callback at 10 ms (during advanceTo); ' +
        'the clock is advanced only from outside timers: schedule the work instead',
    );
    expect(clock.now()).toBe(30);
  });

  it('refuses every advancing method re-entrantly', () => {
    const clock = createSimClock();
    const messages: string[] = [];
    const attempts: (() => void)[] = [
      () => clock.advanceBy(1),
      () => clock.runUntil(1),
      () => clock.runUntilQuiescent(),
    ];
    clock.schedule(0, () => {
      for (const attempt of attempts) {
        try {
          attempt();
        } catch (error) {
          messages.push((error as Error).message);
        }
      }
    });
    clock.runUntilQuiescent();
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).toMatch(/called from inside a timer callback at 0 ms/);
  });

  it('propagates a timer error and stays consistent', () => {
    const clock = createSimClock();
    const ran: string[] = [];
    clock.schedule(10, () => ran.push('before'));
    clock.schedule(20, () => {
      throw new Error('boom');
    });
    clock.schedule(20, () => ran.push('same instant, after'));
    clock.schedule(30, () => ran.push('later'));
    expect(() => clock.advanceTo(100)).toThrow('boom');
    expect(clock.now()).toBe(20);
    expect(ran).toEqual(['before']);
    expect(clock.pendingCount()).toBe(2);
    // Not left in the "flushing" state: advancing again works and runs the rest.
    clock.advanceTo(100);
    expect(ran).toEqual(['before', 'same instant, after', 'later']);
    expect(clock.now()).toBe(100);
  });

  it('keeps only uncancelled timers among 100k pending', () => {
    const clock = createSimClock();
    const ids: TimerId[] = [];
    let ran = 0;
    const fn = (): void => {
      ran++;
    };
    for (let i = 0; i < 100_000; i++) ids.push(clock.schedule((i * 7919) % 100_003, fn));
    let cancelled = 0;
    for (let i = 0; i < ids.length; i += 2) if (clock.cancel(ids[i] as TimerId)) cancelled++;
    expect(cancelled).toBe(50_000);
    expect(clock.pendingCount()).toBe(50_000);
    clock.runUntilQuiescent();
    expect(ran).toBe(50_000);
    expect(clock.pendingCount()).toBe(0);
  });
});
