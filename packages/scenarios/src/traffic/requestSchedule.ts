import type { SimTime } from '@svcsim/core';

import type { TrafficRate } from '../loader/TrafficSpec.js';

/**
 * The most requests one traffic entry may generate. Each request is an input and two or three log
 * events (opened, established or failed, closed), so a million of them is about 300 MB of retained
 * events: beyond it a scenario is a benchmark, not an illustration, and is refused at load time.
 */
export const MAX_REQUESTS_PER_TRAFFIC = 1_000_000;

/**
 * How many requests a steady `rate` makes in [startMs, endMs): request k is made at
 * `startMs + floor(k * perMs / requests)`, so the count is the number of k with that instant before
 * `endMs`, i.e. ceil((endMs - startMs) * requests / perMs).
 */
export function requestCount(rate: TrafficRate, startMs: SimTime, endMs: SimTime): number {
  return Math.ceil(((endMs - startMs) * rate.requests) / rate.perMs);
}

/**
 * The instant request k (from 0) is made. The spacing is exact in integer milliseconds and needs no
 * randomness: requests are evenly spread, and when the rate does not divide the millisecond grid
 * (3/s) the gaps alternate between the two nearest whole values (333, 333, 334 ms).
 */
export function requestInstant(rate: TrafficRate, startMs: SimTime, k: number): SimTime {
  return startMs + Math.floor((k * rate.perMs) / rate.requests);
}
