import {
  assertStructureLimits,
  createSegmentPackr,
  DEFAULT_STRUCTURE_LIMITS,
  type StructureLimits,
} from './eventLogCodec.js';
import type { SegmentPacker } from './SegmentPacker.js';

/**
 * Format version 1: a segment is a msgpack array `[seqΔ, atΔ, event, …]` packed with records, whose
 * structure table goes into the header once the last segment is packed (eventLogCodec.ts).
 */
export function createMsgpackSegmentPacker(limits: Partial<StructureLimits> = {}): SegmentPacker {
  const resolved: StructureLimits = {
    maxSharedStructures: limits.maxSharedStructures ?? DEFAULT_STRUCTURE_LIMITS.maxSharedStructures,
    maxOwnStructures: limits.maxOwnStructures ?? DEFAULT_STRUCTURE_LIMITS.maxOwnStructures,
  };
  assertStructureLimits(resolved);
  // A fresh Packr and table per log: nothing learned from another log can change this one's bytes.
  const structures: string[][] = [];
  const packr = createSegmentPackr(structures, resolved);
  return {
    pack(entries) {
      // seq and at as deltas from the previous entry of the same segment (absolute for its first
      // entry), so they take 1-2 bytes instead of up to 9, and each segment still decodes on its own.
      const values: unknown[] = [];
      let previousSeq = 0;
      let previousAt = 0;
      for (const { seq, at, event } of entries) {
        values.push(seq - previousSeq, at - previousAt, event);
        previousSeq = seq;
        previousAt = at;
      }
      // A copy: msgpackr packs into a scratch buffer that later packs reuse.
      return new Uint8Array(packr.pack(values));
    },
    headerFields() {
      const shared = (structures as { sharedLength?: number }).sharedLength ?? 0;
      // Plain copies: msgpackr hangs bookkeeping properties on the arrays it shares.
      return { structures: structures.slice(0, shared).map((keys) => [...keys]) };
    },
  };
}
