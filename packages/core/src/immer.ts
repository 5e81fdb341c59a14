import { Immer, type Draft } from 'immer';

export type { Draft } from 'immer';

/** A produce() bound to one immer configuration; the only door through which core uses immer. */
export type Producer = <S>(base: S, recipe: (draft: Draft<S>) => void) => S;

/**
 * Creates a producer. Freezing catches accidental mutation of shared state, so tests turn it on; the
 * engine and benchmarks leave it off because deep-freezing a large state dominates the cost of small
 * updates (reference/performance.md: 220k vs 17k events/s). An Immer instance per engine keeps this a
 * setting of the run rather than process-global state.
 */
export function createProducer(options: { readonly freeze: boolean }): Producer {
  const immer = new Immer({ autoFreeze: options.freeze });
  return <S>(base: S, recipe: (draft: Draft<S>) => void): S => immer.produce(base, recipe);
}
