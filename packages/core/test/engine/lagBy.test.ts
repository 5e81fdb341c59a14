import fc from 'fast-check';
import { delay, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';

import { createSimClock } from '../../src/SimClock.js';
import { lagBy } from '../../src/engine/lagBy.js';

/** Feeds values at the given instants through an operator and records [time, value] of each output. */
function emissions(
  arrivals: readonly number[],
  operator: 'lagBy' | 'delay',
  delayMs: number,
): [number, number][] {
  const clock = createSimClock();
  const source = new Subject<number>();
  const out: [number, number][] = [];
  const op =
    operator === 'lagBy' ? lagBy<number>(delayMs, clock.scheduler) : delay<number>(delayMs, clock.scheduler);
  source.pipe(op).subscribe((value) => out.push([clock.now(), value]));
  arrivals.forEach((at, i) => clock.schedule(at, () => source.next(i)));
  clock.runUntilQuiescent();
  return out;
}

describe('lagBy', () => {
  it('delivers each value exactly delayMs later, in arrival order, like delay()', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 5_000 }), { maxLength: 200 }).map((times) => times.sort((a, b) => a - b)),
        fc.nat({ max: 500 }),
        (arrivals, delayMs) => {
          const lagged = emissions(arrivals, 'lagBy', delayMs);
          expect(lagged).toEqual(arrivals.map((at, i) => [at + delayMs, i]));
          expect(lagged).toEqual(emissions(arrivals, 'delay', delayMs));
        },
      ),
    );
  });

  it('completes after the last delayed value, and leaves no timer behind when unsubscribed', () => {
    const clock = createSimClock();
    const source = new Subject<string>();
    const seen: string[] = [];
    const subscription = source.pipe(lagBy(100, clock.scheduler)).subscribe({
      next: (v) => seen.push(`${clock.now()}:${v}`),
      complete: () => seen.push(`${clock.now()}:done`),
    });
    clock.schedule(0, () => source.next('a'));
    clock.schedule(10, () => source.complete());
    clock.runUntilQuiescent();
    expect(seen).toEqual(['100:a', '100:done']);

    const again = new Subject<string>();
    const second = again.pipe(lagBy(100, clock.scheduler)).subscribe();
    again.next('x');
    expect(clock.pendingCount()).toBe(1);
    second.unsubscribe();
    expect(clock.pendingCount()).toBe(0);
    subscription.unsubscribe();
  });

  it('refuses a delay that is not a non-negative integer', () => {
    const clock = createSimClock();
    expect(() => lagBy(-1, clock.scheduler)).toThrow(/non-negative integer/);
    expect(() => lagBy(1.5, clock.scheduler)).toThrow(/non-negative integer/);
  });
});
