/**
 * A deterministic pseudo-random stream: xoshiro128** (Blackman & Vigna), 128 bits of state,
 * period 2^128 - 1, fast in JavaScript because every step is 32-bit integer arithmetic.
 */
export interface RandomStream {
  /** The stream's name, as passed to RandomStreams.stream(). */
  readonly name: string;
  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniformly distributed float in [0, 1) with 53 bits of precision. */
  nextFloat(): number;
  /** A uniformly distributed integer in [0, bound), without modulo bias; 1 <= bound <= 2^32. */
  nextInt(bound: number): number;
  /** true with the given probability (0..1). */
  nextBoolean(probability: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A new array with the items in uniformly random order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[];
  /** The 4-word generator state, so a stream can be saved and restored exactly. */
  getState(): [number, number, number, number];
  setState(state: readonly [number, number, number, number]): void;
}

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 9007199254740992;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Creates a xoshiro128** stream from four 32-bit state words (not all zero). */
export function createRandomStream(
  name: string,
  seedWords: readonly [number, number, number, number],
): RandomStream {
  let s0 = seedWords[0] >>> 0;
  let s1 = seedWords[1] >>> 0;
  let s2 = seedWords[2] >>> 0;
  let s3 = seedWords[3] >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) {
    // The all-zero state is the generator's one fixed point; it would emit zeros forever.
    throw new RangeError(`random stream "${name}": the all-zero state is not a valid xoshiro128** state`);
  }

  function nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  }

  function nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
      throw new RangeError(
        `random stream "${name}": nextInt bound must be an integer in 1..2^32, got ${bound}`,
      );
    }
    // Rejection sampling: draws at or above the largest multiple of bound would favour small results.
    const limit = TWO_POW_32 - (TWO_POW_32 % bound);
    for (;;) {
      const x = nextUint32();
      if (x < limit) return x % bound;
    }
  }

  return {
    name,
    nextUint32,
    nextFloat() {
      const high = nextUint32() >>> 5; // 27 bits
      const low = nextUint32() >>> 6; // 26 bits
      return (high * 67108864 + low) / TWO_POW_53;
    },
    nextInt,
    nextBoolean(probability) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new RangeError(`random stream "${name}": probability must be within 0..1, got ${probability}`);
      }
      return this.nextFloat() < probability;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError(`random stream "${name}": cannot pick from an empty list`);
      return items[nextInt(items.length)] as T;
    },
    shuffled<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = nextInt(i + 1);
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
    getState() {
      return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
    },
    setState(state) {
      if ((state[0] | state[1] | state[2] | state[3]) === 0) {
        throw new RangeError(`random stream "${name}": the all-zero state is not a valid xoshiro128** state`);
      }
      [s0, s1, s2, s3] = [state[0] >>> 0, state[1] >>> 0, state[2] >>> 0, state[3] >>> 0];
    },
  };
}
