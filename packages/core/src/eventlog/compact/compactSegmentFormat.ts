/**
 * The compact segment payload of format version 2. A segment is self-contained: everything needed to
 * decode it (its strings and its object shapes) is inside it, so each segment decodes alone, in any
 * order, and a writer can emit it as soon as it is full.
 *
 * ```
 * payload   strings | shapes | entry × count                       (nothing after the last entry)
 * strings   varint n | varint utf16Length × n | varint byteLength | UTF-8 of the n strings, concatenated
 * shapes    varint m | shape × m
 * shape     varint fieldCount | (varint keyString | u8 kind [| varint constantString]) × fieldCount
 * entry     varint seqΔ | varint atΔ | varint shape | field value × the shape's fieldCount
 * ```
 *
 * Varints are unsigned LEB128, at most 8 bytes and at most 2^53 - 1. The first entry's seq and at are
 * absolute, later ones deltas from the entry before. Strings are numbered by how often the segment uses
 * them (most used first, ties in order of first use) and shapes likewise, so the common ones take one
 * byte. A shape is an object's key list plus, per key, how its value is written (the field kind): a
 * string index, an unsigned integer, a tagged value, or nothing at all because the shape fixes it (the
 * event type, which is thereby written once per segment instead of once per entry).
 *
 * Why not msgpack, as version 1: msgpack writes every string value in full every time, and in a log most
 * bytes are the same few thousand names, ids and addresses repeated (69 of version 1's 76 bytes per
 * event were string values). Reading them back also allocated a fresh string per value; here each
 * distinct string of a segment is decoded once and shared by every entry that uses it.
 */

/** How a shape's field is written. */
export const FieldKind = {
  /** A varint index into the segment's strings. */
  string: 0,
  /** A varint: a non-negative safe integer. */
  uint: 1,
  /** A tagged value (below): anything else. */
  tagged: 2,
  /** Nothing: the shape holds the value (a string index). Used for the `type` of an entry's event. */
  constant: 3,
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

/**
 * A tagged value starts with one byte. The small forms pack a string index, an integer, a shape index or
 * an array length into that byte; the long forms are followed by a varint (or 8 bytes of float64).
 */
export const Tag = {
  /** 0x00-0x3f: string index 0-63. */
  smallString: 0x00,
  /** 0x40-0x7f: unsigned integer 0-63. */
  smallUint: 0x40,
  /** 0x80-0xbf: an object of shape 0-63, then its field values. */
  smallRecord: 0x80,
  /** 0xc0-0xcf: an array of 0-15 tagged values. */
  smallArray: 0xc0,
  null: 0xd0,
  false: 0xd1,
  true: 0xd2,
  /** varint string index. */
  string: 0xd3,
  /** varint: a non-negative safe integer. */
  uint: 0xd4,
  /** varint n: the negative integer -n - 1. */
  negativeInt: 0xd5,
  /** 8 bytes: a float64, big-endian. */
  float64: 0xd6,
  /** varint shape index, then the object's field values. */
  record: 0xd7,
  /** varint length, then that many tagged values. */
  array: 0xd8,
} as const;

/** How many values each small form holds. */
export const SMALL_STRING_LIMIT = 64;
export const SMALL_UINT_LIMIT = 64;
export const SMALL_RECORD_LIMIT = 64;
export const SMALL_ARRAY_LIMIT = 16;
