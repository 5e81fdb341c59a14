import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { TimerHeap, type TimerEntry } from '../src/TimerHeap.js';

type Command =
  | { readonly kind: 'push'; readonly at: number }
  | { readonly kind: 'pop' }
  | { readonly kind: 'remove'; readonly pick: number }
  | { readonly kind: 'removeStale'; readonly pick: number };

// A narrow time range makes ties (same `at`, order decided by seq) common.
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('push' as const), at: fc.integer({ min: 0, max: 20 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeStale' as const), pick: fc.nat() }) },
);

function byAtThenSeq(a: TimerEntry<number>, b: TimerEntry<number>): number {
  return a.at - b.at || a.seq - b.seq;
}

describe('TimerHeap', () => {
  it('pops in (at, seq) order and shrinks on removal, like a sorted-array model', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 400 }), (commands) => {
        const heap = new TimerHeap<number>();
        // The model: pending entries kept sorted by (at, seq).
        const model: TimerEntry<number>[] = [];
        const gone: TimerEntry<number>[] = [];
        let pushes = 0;
        for (const command of commands) {
          switch (command.kind) {
            case 'push': {
              const entry = heap.push(command.at, pushes);
              expect(entry.seq).toBe(pushes);
              expect(entry.value).toBe(pushes);
              pushes++;
              model.push(entry);
              model.sort(byAtThenSeq);
              break;
            }
            case 'pop': {
              const expected = model.shift();
              const popped = heap.pop();
              expect(popped).toBe(expected);
              if (popped !== undefined) {
                expect(popped.heapIndex).toBe(-1);
                gone.push(popped);
              }
              break;
            }
            case 'remove': {
              if (model.length === 0) break;
              const [victim] = model.splice(command.pick % model.length, 1) as [TimerEntry<number>];
              const before = heap.size;
              expect(heap.has(victim)).toBe(true);
              expect(heap.remove(victim)).toBe(true);
              expect(heap.size).toBe(before - 1);
              expect(heap.has(victim)).toBe(false);
              gone.push(victim);
              break;
            }
            case 'removeStale': {
              if (gone.length === 0) break;
              const stale = gone[command.pick % gone.length] as TimerEntry<number>;
              const before = heap.size;
              expect(heap.remove(stale)).toBe(false);
              expect(heap.size).toBe(before);
              break;
            }
          }
          expect(heap.size).toBe(model.length);
          expect(heap.peek()).toBe(model[0]);
        }
        // Draining shows nothing removed or popped comes back, and the rest come out in order.
        const drained: TimerEntry<number>[] = [];
        for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) drained.push(entry);
        expect(drained).toEqual(model);
        expect(heap.size).toBe(0);
      }),
    );
  });

  it('breaks ties between equal times by insertion order', () => {
    const heap = new TimerHeap<string>();
    heap.push(5, 'a');
    heap.push(1, 'b');
    heap.push(5, 'c');
    heap.push(1, 'd');
    heap.push(5, 'e');
    const order: string[] = [];
    for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) order.push(entry.value);
    expect(order).toEqual(['b', 'd', 'a', 'c', 'e']);
  });

  it('refuses to remove an entry that belongs to another heap', () => {
    const one = new TimerHeap<number>();
    const other = new TimerHeap<number>();
    const mine = one.push(1, 1);
    other.push(1, 1);
    expect(other.remove(mine)).toBe(false);
    expect(other.size).toBe(1);
    expect(one.size).toBe(1);
  });

  it('removes half of 100k entries without leaving them in the heap', () => {
    const heap = new TimerHeap<number>();
    const entries: TimerEntry<number>[] = [];
    // A multiplicative hash spreads times without an RNG, so the heap sees a non-monotone order.
    for (let i = 0; i < 100_000; i++) entries.push(heap.push((i * 7919) % 100_003, i));
    for (let i = 0; i < entries.length; i += 2) heap.remove(entries[i] as TimerEntry<number>);
    expect(heap.size).toBe(50_000);
    let previous: TimerEntry<number> | undefined;
    let count = 0;
    let removedSeen = 0;
    let outOfOrder = 0;
    for (let entry = heap.pop(); entry !== undefined; entry = heap.pop()) {
      if (entry.value % 2 === 0) removedSeen++;
      if (previous !== undefined && byAtThenSeq(previous, entry) >= 0) outOfOrder++;
      previous = entry;
      count++;
    }
    expect({ count, removedSeen, outOfOrder }).toEqual({ count: 50_000, removedSeen: 0, outOfOrder: 0 });
  });
});
