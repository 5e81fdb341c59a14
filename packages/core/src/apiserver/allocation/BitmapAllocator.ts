import type { RandomStream } from '../../random/RandomStream.js';

/**
 * The allocator's contents as plain data (survives msgpack), enough to rebuild it exactly: the RNG is
 * not part of it because every dynamic allocation is handed the stream to draw from.
 */
export interface BitmapAllocatorState {
  readonly size: number;
  readonly offset: number;
  /** Allocated slots, ascending. */
  readonly allocated: readonly number[];
}

/**
 * A range of `size` slots split into a static band [0, offset) and a dynamic band [offset, size), as
 * kube-apiserver's AllocationBitmap with randomScanStrategyWithOffset
 * (pkg/registry/core/service/allocator/bitmap.go).
 */
export interface BitmapAllocator {
  readonly size: number;
  /** First slot of the dynamic (upper) band; 0 when the range has no static band. */
  readonly offset: number;
  /** Number of allocated slots. */
  count(): number;
  /** Number of free slots. */
  free(): number;
  /** Whether the slot is allocated; false for slots outside the range. */
  has(index: number): boolean;
  /** Reserves a specific slot: true if it was free, false if already taken; throws outside [0, size). */
  allocate(index: number): boolean;
  /**
   * Reserves a free slot, preferring the dynamic band: a random start in [offset, size), then the first
   * free slot scanning forward and wrapping inside the band; only when that band is full, the same in
   * [0, offset). undefined when every slot is taken (and then nothing is drawn from `random`).
   */
  allocateNext(random: RandomStream): number | undefined;
  /** Frees a slot: true if it was allocated; a no-op for free or out-of-range slots. */
  release(index: number): boolean;
  /** Allocated slots, ascending. */
  allocated(): number[];
  /** An independent copy with the same contents. */
  clone(): BitmapAllocator;
  /** The contents as plain data; createBitmapAllocator(state) rebuilds an equal allocator. */
  toState(): BitmapAllocatorState;
}

/** Options of createBitmapAllocator; a BitmapAllocatorState is one. */
export interface BitmapAllocatorOptions {
  readonly size: number;
  readonly offset: number;
  /** Slots to mark allocated from the start (for rebuilding from stored state). */
  readonly allocated?: Iterable<number>;
}

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestSetBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/**
 * First clear bit in [from, to) of the bitset, or -1. Works a 32-bit word at a time so runs of taken
 * slots (a busy /12 has a million) cost one comparison per 32 slots, not one per slot.
 */
function findClear(words: Uint32Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const w = i >>> 5;
    const wordStart = w * 32;
    const wordEnd = wordStart + 32;
    let freeBits = ~(words[w] ?? 0xffffffff) & (0xffffffff << (i - wordStart));
    if (to < wordEnd) freeBits &= (1 << (to - wordStart)) - 1;
    if (freeBits !== 0) return wordStart + lowestSetBit(freeBits);
    i = wordEnd;
  }
  return -1;
}

/** First clear bit scanning [start, end) then wrapping to [begin, start), or -1: Go's `(start + i) % n`. */
function scanBand(words: Uint32Array, begin: number, end: number, start: number): number {
  const upper = findClear(words, start, end);
  return upper >= 0 ? upper : findClear(words, begin, start);
}

/** Creates a bitmap allocator over `size` slots with a static band of `offset` slots. */
export function createBitmapAllocator(options: BitmapAllocatorOptions): BitmapAllocator {
  const { size, offset } = options;
  if (!Number.isSafeInteger(size) || size < 0 || size > 2 ** 30) {
    throw new RangeError(`createBitmapAllocator: size must be an integer in 0..2^30, got ${size}`);
  }
  // The apiserver requires the offset to be smaller than the range so the dynamic band is never empty.
  if (
    !Number.isSafeInteger(offset) ||
    offset < 0 ||
    (size > 0 && offset >= size) ||
    (size === 0 && offset !== 0)
  ) {
    throw new RangeError(
      `createBitmapAllocator: offset must be in [0, size), got ${offset} for size ${size}`,
    );
  }
  const words = new Uint32Array(Math.ceil(size / 32));
  let count = 0;

  const inRange = (index: number): boolean => Number.isInteger(index) && index >= 0 && index < size;
  const bitIsSet = (index: number): boolean => (((words[index >>> 5] ?? 0) >>> (index & 31)) & 1) === 1;
  const setBit = (index: number): void => {
    words[index >>> 5] = (words[index >>> 5] ?? 0) | (1 << (index & 31));
    count++;
  };

  const allocator: BitmapAllocator = {
    size,
    offset,
    count: () => count,
    free: () => size - count,
    has: (index) => inRange(index) && bitIsSet(index),
    allocate(index) {
      if (!inRange(index)) {
        throw new RangeError(`offset ${index} out of range [0,${size}]`);
      }
      if (bitIsSet(index)) return false;
      setBit(index);
      return true;
    },
    allocateNext(random) {
      if (count >= size) return undefined;
      const upperSize = size - offset;
      let found = scanBand(words, offset, size, offset + random.nextInt(upperSize));
      // Only a full dynamic band reaches the static one; the second draw happens only then, as upstream.
      if (found < 0 && offset > 0) found = scanBand(words, 0, offset, random.nextInt(offset));
      if (found < 0) return undefined;
      setBit(found);
      return found;
    },
    release(index) {
      if (!inRange(index) || !bitIsSet(index)) return false;
      words[index >>> 5] = (words[index >>> 5] ?? 0) & ~(1 << (index & 31));
      count--;
      return true;
    },
    allocated() {
      const out: number[] = [];
      for (let w = 0; w < words.length; w++) {
        let word = words[w] ?? 0;
        while (word !== 0) {
          const bit = lowestSetBit(word);
          out.push(w * 32 + bit);
          word &= word - 1;
        }
      }
      return out;
    },
    clone() {
      return createBitmapAllocator({ size, offset, allocated: allocator.allocated() });
    },
    toState() {
      return { size, offset, allocated: allocator.allocated() };
    },
  };

  for (const index of options.allocated ?? []) allocator.allocate(index);
  return allocator;
}
