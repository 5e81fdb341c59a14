import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createBitmapAllocator } from '../../../src/apiserver/allocation/BitmapAllocator.js';
import type { RandomStream } from '../../../src/random/RandomStream.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';

const stream = (seed: number): RandomStream => createRandomStreams(seed).stream('allocation');

/** A slot-at-a-time transcription of randomScanStrategyWithOffset.AllocateBit, to check the word scan against. */
function referenceAllocateNext(
  taken: Set<number>,
  size: number,
  offset: number,
  random: RandomStream,
): number | undefined {
  if (taken.size >= size) return undefined;
  const subrangeMax = size - offset;
  const start = random.nextInt(subrangeMax);
  for (let i = 0; i < subrangeMax; i++) {
    const at = offset + ((start + i) % subrangeMax);
    if (!taken.has(at)) return at;
  }
  if (offset > 0) {
    const lowStart = random.nextInt(offset);
    for (let i = 0; i < offset; i++) {
      const at = (lowStart + i) % offset;
      if (!taken.has(at)) return at;
    }
  }
  return undefined;
}

type Op = { kind: 'next' } | { kind: 'allocate'; index: number } | { kind: 'release'; index: number };

const geometry = fc
  .integer({ min: 1, max: 200 })
  .chain((size) => fc.record({ size: fc.constant(size), offset: fc.integer({ min: 0, max: size - 1 }) }));

const opsFor = (size: number): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<Op>({ kind: 'next' }) },
      {
        weight: 1,
        arbitrary: fc.integer({ min: 0, max: size - 1 }).map((index): Op => ({ kind: 'allocate', index })),
      },
      {
        weight: 2,
        arbitrary: fc.integer({ min: 0, max: size - 1 }).map((index): Op => ({ kind: 'release', index })),
      },
    ),
    { maxLength: 400 },
  );

describe('createBitmapAllocator', () => {
  it('fills the dynamic band before touching the static band, then reports full', () => {
    const bitmap = createBitmapAllocator({ size: 100, offset: 20 });
    const random = stream(1);
    const first80 = Array.from({ length: 80 }, () => bitmap.allocateNext(random));
    expect(first80.every((slot) => slot !== undefined && slot >= 20 && slot < 100)).toBe(true);
    expect(new Set(first80).size).toBe(80);
    const next20 = Array.from({ length: 20 }, () => bitmap.allocateNext(random));
    expect([...next20].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(bitmap.allocateNext(random)).toBeUndefined();
    expect(bitmap.count()).toBe(100);
    expect(bitmap.free()).toBe(0);
  });

  it('goes back to the dynamic band as soon as a slot there is released', () => {
    const bitmap = createBitmapAllocator({ size: 64, offset: 16 });
    const random = stream(2);
    for (let i = 0; i < 48; i++) bitmap.allocateNext(random);
    expect(bitmap.release(40)).toBe(true);
    expect(bitmap.allocateNext(random)).toBe(40);
  });

  it('uses the whole range as dynamic band when the offset is 0', () => {
    const bitmap = createBitmapAllocator({ size: 5, offset: 0 });
    const random = stream(3);
    const got = Array.from({ length: 5 }, () => bitmap.allocateNext(random));
    expect([...got].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(bitmap.allocateNext(random)).toBeUndefined();
  });

  it('reports taken slots on allocate and throws outside the range', () => {
    const bitmap = createBitmapAllocator({ size: 40, offset: 8 });
    expect(bitmap.allocate(3)).toBe(true);
    expect(bitmap.allocate(3)).toBe(false);
    expect(bitmap.has(3)).toBe(true);
    expect(bitmap.has(40)).toBe(false);
    expect(() => bitmap.allocate(40)).toThrow('offset 40 out of range [0,40]');
    expect(() => bitmap.allocate(-1)).toThrow(RangeError);
    expect(bitmap.release(39)).toBe(false);
    expect(bitmap.release(1000)).toBe(false);
  });

  it('refuses an offset that leaves no dynamic band', () => {
    expect(() => createBitmapAllocator({ size: 16, offset: 16 })).toThrow(RangeError);
  });

  it('does not draw from the stream when the range is full', () => {
    const bitmap = createBitmapAllocator({ size: 2, offset: 1, allocated: [0, 1] });
    const random = stream(4);
    const before = random.getState();
    expect(bitmap.allocateNext(random)).toBeUndefined();
    expect(random.getState()).toEqual(before);
  });

  it('matches a slot-at-a-time transcription of the apiserver strategy, draw for draw', () => {
    fc.assert(
      fc.property(
        geometry.chain((g) => fc.tuple(fc.constant(g), opsFor(g.size), fc.nat())),
        ([{ size, offset }, ops, seed]) => {
          const bitmap = createBitmapAllocator({ size, offset });
          const taken = new Set<number>();
          const actualRandom = stream(seed);
          const referenceRandom = stream(seed);
          for (const op of ops) {
            if (op.kind === 'next') {
              const expected = referenceAllocateNext(taken, size, offset, referenceRandom);
              expect(bitmap.allocateNext(actualRandom)).toBe(expected);
              if (expected !== undefined) taken.add(expected);
            } else if (op.kind === 'allocate') {
              expect(bitmap.allocate(op.index)).toBe(!taken.has(op.index));
              taken.add(op.index);
            } else {
              expect(bitmap.release(op.index)).toBe(taken.has(op.index));
              taken.delete(op.index);
            }
          }
        },
      ),
    );
  });

  it('agrees with a Set model: no double allocation, releases make slots reusable, counts add up', () => {
    fc.assert(
      fc.property(
        geometry.chain((g) => fc.tuple(fc.constant(g), opsFor(g.size), fc.nat())),
        ([{ size, offset }, ops, seed]) => {
          const bitmap = createBitmapAllocator({ size, offset });
          const model = new Set<number>();
          const random = stream(seed);
          for (const op of ops) {
            if (op.kind === 'next') {
              const upperHasRoom = Array.from({ length: size - offset }, (_, i) => offset + i).some(
                (slot) => !model.has(slot),
              );
              const slot = bitmap.allocateNext(random);
              if (model.size === size) {
                expect(slot).toBeUndefined();
              } else {
                expect(slot).toBeDefined();
                if (slot === undefined) return;
                expect(model.has(slot)).toBe(false);
                expect(slot >= offset).toBe(upperHasRoom);
                model.add(slot);
              }
            } else if (op.kind === 'allocate') {
              expect(bitmap.allocate(op.index)).toBe(!model.has(op.index));
              model.add(op.index);
            } else {
              bitmap.release(op.index);
              model.delete(op.index);
              expect(bitmap.has(op.index)).toBe(false);
            }
            expect(bitmap.count()).toBe(model.size);
            expect(bitmap.free()).toBe(size - model.size);
          }
          expect(bitmap.allocated()).toEqual([...model].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('round-trips through toState and clones independently', () => {
    fc.assert(
      fc.property(
        geometry.chain((g) => fc.tuple(fc.constant(g), opsFor(g.size), fc.nat())),
        ([{ size, offset }, ops, seed]) => {
          const bitmap = createBitmapAllocator({ size, offset });
          const random = stream(seed);
          for (const op of ops) {
            if (op.kind === 'next') bitmap.allocateNext(random);
            else if (op.kind === 'allocate') bitmap.allocate(op.index);
            else bitmap.release(op.index);
          }
          const restored = createBitmapAllocator(bitmap.toState());
          expect(restored.toState()).toEqual(bitmap.toState());
          expect(restored.count()).toBe(bitmap.count());

          const copy = bitmap.clone();
          const a = stream(seed + 1);
          const b = stream(seed + 1);
          // Same contents and same stream state give the same choice; the copy does not share storage.
          expect(copy.allocateNext(a)).toBe(bitmap.allocateNext(b));
          if (bitmap.count() > 0) {
            const slot = bitmap.allocated()[0] ?? 0;
            bitmap.release(slot);
            expect(copy.has(slot)).toBe(true);
          }
        },
      ),
    );
  });

  it('handles a /12-sized range with 10,000 dynamic allocations', () => {
    const size = 2 ** 20 - 2;
    const bitmap = createBitmapAllocator({ size, offset: 256 });
    const random = stream(5);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const slot = bitmap.allocateNext(random);
      expect(slot !== undefined && slot >= 256 && !seen.has(slot)).toBe(true);
      seen.add(slot ?? -1);
    }
    expect(bitmap.count()).toBe(10_000);
    expect(bitmap.allocated()).toEqual([...seen].sort((a, b) => a - b));
  });

  it('finds the last free slot of a nearly full /12 by skipping full words', () => {
    const size = 2 ** 20 - 2;
    const all = Array.from({ length: size }, (_, i) => i);
    const bitmap = createBitmapAllocator({ size, offset: 256, allocated: all });
    bitmap.release(777_777);
    bitmap.release(100);
    expect(bitmap.allocateNext(stream(6))).toBe(777_777);
    expect(bitmap.allocateNext(stream(7))).toBe(100);
    expect(bitmap.allocateNext(stream(8))).toBeUndefined();
  });
});
