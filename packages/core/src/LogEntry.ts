import type { SimTime } from './SimTime.js';

/**
 * One committed event: its global sequence number, the virtual instant it happened at, and the event.
 * Entries are totally ordered by (at, seq); seq alone is strictly increasing in a log.
 */
export interface LogEntry<E = unknown> {
  readonly seq: number;
  readonly at: SimTime;
  readonly event: E;
}
