import fc from 'fast-check';

/**
 * Property tests explore fresh inputs on every local run, which is how they find bugs. CI must not be
 * a lottery, though: with CI set (or FC_SEED given), every property runs from one fixed seed, so a
 * red CI run is reproducible and a green one means the same thing twice. A failure found locally
 * prints its seed; rerun with FC_SEED=<seed> to reproduce it.
 */
const pinnedSeed = process.env.FC_SEED ?? (process.env.CI ? '20261121' : undefined);
if (pinnedSeed !== undefined) {
  const seed = Number(pinnedSeed);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${pinnedSeed}`);
  fc.configureGlobal({ seed });
}
