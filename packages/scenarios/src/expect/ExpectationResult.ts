import type { ExpectSpec } from '../loader/ExpectSpec.js';

/**
 * `passed` or `failed` once measured; `skipped` when the run was stopped (svcsim run --until) before
 * the window or instant the expectation is about, so there was nothing to judge. A skip is not a pass.
 */
export type ExpectationVerdict = 'passed' | 'failed' | 'skipped';

/** One expectation judged: what was measured, against what, and the verdict. */
export interface ExpectationResult {
  readonly name: string;
  readonly kind: ExpectSpec['kind'];
  readonly verdict: ExpectationVerdict;
  /**
   * What was measured, as a sentence fragment: `successRate 0.962 (1,204 of 1,252 requests in
   * [25.000s, 60.000s))`; for a skip, why nothing was measured.
   */
  readonly measured: string;
  /** What was expected: `successRate >= 0.999`, `ready endpoints == 3`, `all requests to succeed`. */
  readonly expected: string;
}
