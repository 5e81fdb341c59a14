import type { SimTime } from '@svcsim/core';

import { REQUEST_FAILURES, type RequestFailure, type RequestOutcome } from './RequestOutcome.js';

/** How many requests were made, how many succeeded, and how the others failed. */
export interface OutcomeCounts {
  readonly requests: number;
  readonly succeeded: number;
  readonly failed: Readonly<Record<RequestFailure, number>>;
}

/** OutcomeCounts of the requests made in [startMs, endMs). */
export interface OutcomeWindow extends OutcomeCounts {
  readonly startMs: SimTime;
  readonly endMs: SimTime;
}

/** Counts the outcomes of the requests made in [fromMs, toMs) (all of them by default). */
export function countOutcomes(
  outcomes: readonly RequestOutcome[],
  fromMs: SimTime = 0,
  toMs: SimTime = Number.POSITIVE_INFINITY,
): OutcomeCounts {
  const failed = noFailures();
  let requests = 0;
  let succeeded = 0;
  for (const outcome of outcomes) {
    if (outcome.at < fromMs || outcome.at >= toMs) continue;
    requests++;
    if (outcome.ok) succeeded++;
    else failed[outcome.failure]++;
  }
  return { requests, succeeded, failed };
}

/**
 * Counts per window of `windowMs`, aligned to multiples of it from t=0 and clipped to [fromMs, toMs),
 * with every window in that span listed (a window with no requests shows zeros: a gap in traffic
 * is worth seeing). Outcomes are assumed in request order, as trafficOutcomesOf gives them.
 */
export function countOutcomesByWindow(
  outcomes: readonly RequestOutcome[],
  windowMs: SimTime,
  fromMs: SimTime,
  toMs: SimTime,
): OutcomeWindow[] {
  if (!Number.isSafeInteger(windowMs) || windowMs <= 0) {
    throw new RangeError(
      `countOutcomesByWindow: windowMs must be a positive integer, got ${String(windowMs)}`,
    );
  }
  const windows: OutcomeWindow[] = [];
  let next = 0;
  for (let start = fromMs; start < toMs;) {
    const end = Math.min(toMs, (Math.floor(start / windowMs) + 1) * windowMs);
    const failed = noFailures();
    let requests = 0;
    let succeeded = 0;
    for (; next < outcomes.length; next++) {
      const outcome = outcomes[next];
      if (outcome === undefined || outcome.at >= end) break;
      if (outcome.at < start) continue;
      requests++;
      if (outcome.ok) succeeded++;
      else failed[outcome.failure]++;
    }
    windows.push({ startMs: start, endMs: end, requests, succeeded, failed });
    start = end;
  }
  return windows;
}

function noFailures(): Record<RequestFailure, number> {
  return Object.fromEntries(REQUEST_FAILURES.map((failure) => [failure, 0])) as Record<
    RequestFailure,
    number
  >;
}
