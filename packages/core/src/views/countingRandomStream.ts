import type { RandomStream } from '../random/RandomStream.js';

/** A random stream that counts the draws made through it. */
export interface CountingRandomStream extends RandomStream {
  /** Calls of any drawing method so far (`nextFloat` counts once, however many words it takes). */
  readonly draws: number;
}

/**
 * Wraps `inner` so a caller can tell whether a routing decision was left to chance: kube-proxy's modes
 * draw only for probabilistic rules (`-m statistic`, random schedulers).
 */
export function countingRandomStream(inner: RandomStream): CountingRandomStream {
  let draws = 0;
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => R) =>
    (...args: A): R => {
      draws++;
      return fn(...args);
    };
  return {
    name: inner.name,
    get draws() {
      return draws;
    },
    nextUint32: counted(() => inner.nextUint32()),
    nextFloat: counted(() => inner.nextFloat()),
    nextInt: counted((bound: number) => inner.nextInt(bound)),
    nextBoolean: counted((probability: number) => inner.nextBoolean(probability)),
    pick: <T>(items: readonly T[]): T => {
      draws++;
      return inner.pick(items);
    },
    shuffled: <T>(items: readonly T[]): T[] => {
      draws++;
      return inner.shuffled(items);
    },
    getState: () => inner.getState(),
    setState: (state) => {
      inner.setState(state);
    },
  };
}
