import type { LogEntry } from '../LogEntry.js';

/** Turns the entries of one segment into its payload, in one format version's way. */
export interface SegmentPacker {
  /** The payload of a segment holding `entries` (already checked: ordered plain data with a string type). */
  pack(entries: readonly LogEntry[]): Uint8Array;
  /** What the file header's body must carry besides seed, scenarioDigest and meta, known once every segment is packed. */
  headerFields(): Record<string, unknown>;
}
