import { FLOAT32_OPTIONS, Packr, Unpackr } from 'msgpackr';

/**
 * How the event log uses msgpackr. Every option is set explicitly, because the log's bytes are part of
 * the determinism contract (same run ⇒ same file) and must not drift with msgpackr's defaults.
 *
 * Segments are packed with records ("shared structures"): an object's key list is stored once in the
 * file header and each object is written as a 1-2 byte structure id followed by its values, about
 * 4× smaller than msgpack maps for events (reference/performance.md). Structures are append-only:
 * a structure added while packing segment 7 never changes how segments 0-6 decode, so every segment
 * decodes on its own with the final table. That table is only complete once the last segment is packed,
 * which is why the encoder keeps packed segments in memory and writes the header (with the table) first
 * on finish().
 *
 * Bounding the table: every distinct key list is one structure, so objects with arbitrary keys (label
 * maps, annotations) could grow it without bound. `maxSharedStructures` caps it; once full, new key lists
 * become "own" structures that are defined inline in the segment that uses them (at most
 * `maxOwnStructures` live per segment, recycled first-in first-out), which is still correct and still
 * compact within a segment. We deliberately do NOT use msgpackr's `shouldShareStructure` to keep label
 * maps out of the table: in msgpackr 2.1.3, once the shared table fills during a pack, an id handed out
 * to a non-shared structure can be handed out again to a new one, and later objects of the first shape
 * silently decode with the second shape's keys (reproduced: `[{x1:1},{a:1},{b:1},{c:1},{x1:2}]` with
 * maxSharedStructures 2 decodes its last element as `{c:2}`). Real label maps repeat few key lists
 * (`app`, `app.kubernetes.io/name` + `pod-template-hash`, …), so records suit them anyway.
 */
export interface StructureLimits {
  /** Key lists stored in the header; ids 0-31 cost one byte per object, later ones two. */
  readonly maxSharedStructures: number;
  /** Key lists defined inline per segment once the shared table is full. */
  readonly maxOwnStructures: number;
}

/** Room for every event shape of a realistic run (a few hundred at most) while keeping the header small. */
export const DEFAULT_STRUCTURE_LIMITS: StructureLimits = {
  maxSharedStructures: 1024,
  maxOwnStructures: 1024,
};

/** msgpackr's own ceilings: shared ≤ 8160 and shared + own ≤ 8192. */
export function assertStructureLimits(limits: StructureLimits): void {
  const { maxSharedStructures: shared, maxOwnStructures: own } = limits;
  if (!Number.isInteger(shared) || shared < 0 || shared > 8160) {
    throw new RangeError(`maxSharedStructures must be an integer in 0..8160, got ${String(shared)}`);
  }
  if (!Number.isInteger(own) || own < 0 || shared + own > 8192) {
    throw new RangeError(
      `maxOwnStructures must be an integer ≥ 0 with maxSharedStructures + maxOwnStructures ≤ 8192, got ${String(own)}`,
    );
  }
}

/** Options that make packing a pure function of the values packed and of what this Packr packed before. */
const DETERMINISTIC_OPTIONS = {
  // Plain data only (checked by findNonPlainData before packing): no extension types, no reference
  // tracking, no toJSON() hooks that could make a class's API shape leak into the file.
  moreTypes: false,
  structuredClone: false,
  useToJSON: false,
  // Floats are always float64: exact, so a value reads back identical (float32 and the DECIMAL_* modes
  // round), and IEEE-754 bytes do not depend on platform or process. Integers that fit 32 bits use the
  // smallest msgpack int; larger safe integers are written as float64 (exact), never as int64, which
  // would decode to bigint.
  useFloat32: FLOAT32_OPTIONS.NEVER,
  // Bundled strings are a non-standard extension that only helps decoding in browsers.
  bundleStrings: false,
  // Each segment must decode alone (salvage, streaming), so structures are never sent "sequentially".
  sequential: false,
  // Compact maps (fixmap) when an object falls back to a map (maxOwnStructures 0 and a full table).
  variableMapSize: true,
} as const;

/** A fresh Packr for one log's segments; `structures` is filled in place with the shared table. */
export function createSegmentPackr(structures: string[][], limits: StructureLimits): Packr {
  return new Packr({
    ...DETERMINISTIC_OPTIONS,
    useRecords: true,
    structures,
    maxSharedStructures: limits.maxSharedStructures,
    maxOwnStructures: limits.maxOwnStructures,
  });
}

/** An Unpackr for one log's segments, given the shared table from its header. */
export function createSegmentUnpackr(structures: readonly (readonly string[])[]): Unpackr {
  return new Unpackr({
    // Passing the table as `structures` would skip msgpackr's loading step that marks ids ≥ 32 as
    // two-byte ids, and such records would decode wrongly; getStructures goes through it. Copies,
    // because msgpackr annotates the arrays it loads.
    getStructures: () => structures.map((keys) => [...keys]),
    // A record-less object (see variableMapSize above) must read back as an object, not a Map.
    mapsAsObjects: true,
  });
}

/** The header body is small and read once: plain msgpack maps, no records, so it needs no table. */
export function createHeaderPackr(): Packr {
  return new Packr({ ...DETERMINISTIC_OPTIONS, useRecords: false });
}

/** Reads a header body written by {@link createHeaderPackr}. */
export function createHeaderUnpackr(): Unpackr {
  return new Unpackr({ useRecords: false, mapsAsObjects: true });
}
