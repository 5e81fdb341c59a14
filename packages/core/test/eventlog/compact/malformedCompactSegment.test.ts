import { describe, expect, it } from 'vitest';

import type { LogEntry } from '../../../src/LogEntry.js';
import { ByteWriter } from '../../../src/eventlog/compact/ByteWriter.js';
import { FieldKind, Tag } from '../../../src/eventlog/compact/compactSegmentFormat.js';
import { decodeCompactSegment } from '../../../src/eventlog/compact/decodeCompactSegment.js';
import { encodeCompactSegment } from '../../../src/eventlog/compact/encodeCompactSegment.js';
import type { EventLogReadOptions } from '../../../src/eventlog/parseEventLog.js';
import { readEventLog, readEventLogSegments, salvageEventLog } from '../../../src/eventlog/readEventLog.js';
import { concatBytes, craftBlock, craftEnd, craftHeader } from '../craftEventLog.js';
import { catchEventLogError } from '../catchEventLogError.js';

/**
 * Compact segment payloads whose CRCs are right but whose bytes are not a valid segment: each must be
 * refused as malformed, naming the segment, where it is, and the problem, and salvage must keep every
 * segment before it. Payloads are written byte by byte from the layout in compactSegmentFormat.ts.
 */

const header = craftHeader({ seed: 1, scenarioDigest: 'd', meta: {} }, 2);

/** Segment 0: seq 5 and 6, both at 10. Every malformed segment below is segment 1, from seq 7 at 10. */
const goodEntries: LogEntry[] = [
  { seq: 5, at: 10, event: { type: 'a' } },
  { seq: 6, at: 10, event: { type: 'b' } },
];
const goodSegment = craftBlock('S', 2, encodeCompactSegment(goodEntries, new ByteWriter()));
const badOffset = header.length + goodSegment.length;

/** A shape's field: key string index, field kind, and for a constant its string index. */
type Field = readonly [key: number, kind: number, constant?: number];

function writeStrings(writer: ByteWriter, strings: readonly string[]): void {
  writer.varint(strings.length);
  for (const s of strings) writer.varint(s.length);
  const utf8 = new TextEncoder().encode(strings.join(''));
  writer.varint(utf8.length);
  writer.raw(utf8);
}

function writeShapes(writer: ByteWriter, shapes: readonly (readonly Field[])[]): void {
  writer.varint(shapes.length);
  for (const fields of shapes) {
    writer.varint(fields.length);
    for (const [key, kind, constant] of fields) {
      writer.varint(key);
      writer.byte(kind);
      if (constant !== undefined) writer.varint(constant);
    }
  }
}

/**
 * The tables most cases share. Strings (11 bytes): 0 'type', 1 'a', 2 'x'. Shapes (16 bytes, so entries
 * start at payload byte 27):
 * 0: { type: 'a', x: tagged value }   1: { type: 'a', x: string index }   2: { x: uint } (no type)
 */
const STRINGS = ['type', 'a', 'x'];
const SHAPES: readonly (readonly Field[])[] = [
  [
    [0, FieldKind.constant, 1],
    [2, FieldKind.tagged],
  ],
  [
    [0, FieldKind.constant, 1],
    [2, FieldKind.string],
  ],
  [[2, FieldKind.uint]],
];
const ENTRIES_START = 27;

/** A payload of the shared tables followed by what `entries` writes. */
function payloadWith(entries: (writer: ByteWriter) => void): Uint8Array {
  const writer = new ByteWriter();
  writeStrings(writer, STRINGS);
  writeShapes(writer, SHAPES);
  expect(writer.toBytes()).toHaveLength(ENTRIES_START);
  entries(writer);
  return writer.toBytes();
}

/** Writes bytes and varints: numbers below 256 in `bytes` are raw bytes. */
function bytesOf(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

/** Writes the start of an entry: seq delta, at delta, shape index. */
function entryHead(writer: ByteWriter, seq: number, at: number, shape: number): void {
  writer.varint(seq);
  writer.varint(at);
  writer.varint(shape);
}

const readOptions: readonly (readonly [string, EventLogReadOptions])[] = [
  ['no select', {}],
  ['select all', { select: () => true }],
  ['select none', { select: () => false }],
];

/**
 * Reads a log of the good segment 0 and `payload` as segment 1 (`count` entries), with and without
 * select, and checks that every reader refuses it the same way, as malformed, keeping segment 0. Returns
 * the problem as the message gives it, with where it was found.
 */
function expectRefused(
  payload: Uint8Array,
  count: number,
  { sameByteUnderSelect = true }: { readonly sameByteUnderSelect?: boolean } = {},
): {
  readonly message: string;
  readonly problem: string;
  readonly entry: number | undefined;
  readonly payloadByte: number;
} {
  const bytes = concatBytes(header, goodSegment, craftBlock('S', count, payload), craftEnd(2, 2 + count));
  const error = catchEventLogError(() => readEventLog(bytes));
  expect(error.code).toBe('malformed');
  expect(error.segmentIndex).toBe(1);
  expect(error.byteOffset).toBe(badOffset);
  expect(error.intactSegments).toBe(1);
  expect(error.intactEntries).toBe(2);
  const match = new RegExp(
    `^segment 1 at byte offset ${badOffset}: (entry (\\d+)|the payload) is malformed at payload byte (\\d+) \\((.*)\\); segment 0 \\(2 events\\) is intact$`,
    's',
  ).exec(error.message);
  if (match === null) throw new Error(`unexpected message: ${error.message}`);
  const payloadByte = Number(match[3]);
  expect(payloadByte).toBeLessThanOrEqual(payload.length);

  // Where select steps over an entry, the payload byte may differ only when the caller says so (see
  // the test of the float64 case below, which says why it should not).
  const comparable = (message: string | undefined): string | undefined =>
    sameByteUnderSelect ? message : message?.replace(/at payload byte \d+/, 'at payload byte _');
  for (const [what, options] of readOptions) {
    // Entries that select steps over are checked as strictly as the ones it builds.
    const selected = catchEventLogError(() => readEventLog(bytes, options));
    expect(selected.code).toBe('malformed');
    expect(comparable(selected.message), what).toBe(comparable(error.message));
    const salvaged = salvageEventLog(bytes, options);
    expect(salvaged.header).toEqual({ seed: 1, scenarioDigest: 'd', meta: {} });
    expect(salvaged.entries, what).toEqual(
      goodEntries.filter((entry) => options.select?.((entry.event as { type: string }).type) ?? true),
    );
    expect(salvaged.damage?.message, what).toBe(selected.message);
  }
  // Streaming yields segment 0, then throws the same error.
  const streamed: number[] = [];
  expect(
    catchEventLogError(() => {
      for (const segment of readEventLogSegments(bytes)) streamed.push(segment.index);
    }).message,
  ).toBe(error.message);
  expect(streamed).toEqual([0]);

  return {
    message: error.message,
    problem: match[4] ?? '',
    entry: match[2] === undefined ? undefined : Number(match[2]),
    payloadByte,
  };
}

describe('malformed compact segments', () => {
  it('has hand-written tables that decode when the entries are right', () => {
    const payload = payloadWith((w) => {
      entryHead(w, 7, 10, 0);
      w.byte(Tag.smallUint + 1);
      entryHead(w, 1, 5, 1);
      w.varint(2);
      entryHead(w, 1, 0, 0);
      w.byte(Tag.smallRecord + 2);
      w.varint(300);
    });
    const bytes = concatBytes(header, goodSegment, craftBlock('S', 3, payload), craftEnd(2, 5));
    expect(readEventLog(bytes).entries).toEqual([
      ...goodEntries,
      { seq: 7, at: 10, event: { type: 'a', x: 1 } },
      { seq: 8, at: 15, event: { type: 'a', x: 'x' } },
      { seq: 9, at: 15, event: { type: 'a', x: { x: 300 } } },
    ]);
    expect(readEventLog(bytes, { select: () => false }).entries).toEqual([]);
  });

  describe('with the exact message', () => {
    it('refuses a string index out of range', () => {
      // Entry 0 at byte 27: seq 7, at 10, shape 1, string index 9 (bytes 27-30); found after reading it.
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 1);
        w.varint(9);
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 31 ` +
          '(string index 9 is out of range (3 strings)); segment 0 (2 events) is intact',
      );
    });

    it('refuses a string index out of range in segment 0, with nothing intact', () => {
      // The brief's example: two strings, no shapes needed before the entry is read.
      const w = new ByteWriter();
      writeStrings(w, ['type', 'a']); // 0-8: count, 2 lengths, byte length, 'typea'
      writeShapes(w, [
        [
          [0, FieldKind.constant, 1],
          [1, FieldKind.string],
        ],
      ]); // 9-15
      entryHead(w, 0, 0, 0); // 16-18
      w.varint(9); // 19
      const bytes = concatBytes(header, craftBlock('S', 1, w.toBytes()), craftEnd(1, 1));
      const error = catchEventLogError(() => readEventLog(bytes));
      expect(error.message).toBe(
        `segment 0 at byte offset ${header.length}: entry 0 is malformed at payload byte 20 ` +
          '(string index 9 is out of range (2 strings)); no segment before it is intact',
      );
      expect(error.segmentIndex).toBe(0);
      expect(salvageEventLog(bytes)).toEqual({
        header: { seed: 1, scenarioDigest: 'd', meta: {} },
        entries: [],
        damage: error,
      });
    });

    it('refuses a shape index out of range', () => {
      const payload = payloadWith((w) => entryHead(w, 7, 10, 5)); // 27-29
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 30 ` +
          '(shape index 5 is out of range (3 shapes)); segment 0 (2 events) is intact',
      );
    });

    it('refuses an unknown field kind', () => {
      const w = new ByteWriter();
      writeStrings(w, STRINGS); // 0-10
      writeShapes(w, [[[2, 4]]]); // 11 count, 12 field count, 13 key, 14 kind
      entryHead(w, 7, 10, 0);
      w.varint(0);
      expect(expectRefused(w.toBytes(), 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: the payload is malformed at payload byte 15 ` +
          '(shape 0 has an unknown field kind 4); segment 0 (2 events) is intact',
      );
    });

    it('refuses an unknown value tag', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(0xee); // 30
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 31 ` +
          '(unknown value tag 0xee); segment 0 (2 events) is intact',
      );
    });

    it('refuses a varint longer than 8 bytes', () => {
      const payload = payloadWith((w) => {
        w.varint(7); // 27
        w.raw(bytesOf(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)); // at: 28-36
        w.varint(0);
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 36 ` +
          '(a number runs over 8 bytes); segment 0 (2 events) is intact',
      );
    });

    it('refuses seq that does not increase within a segment (a delta of 0)', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0); // 27-29
        w.byte(Tag.null); // 30
        w.varint(0); // 31: seq delta 0
        w.varint(0); // 32
        w.varint(0);
        w.byte(Tag.null);
      });
      expect(expectRefused(payload, 2).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 1 is malformed at payload byte 33 ` +
          '(seq 7 does not follow 7); segment 0 (2 events) is intact',
      );
    });

    it('refuses seq that does not increase across segments', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 6, 10, 0);
        w.byte(Tag.null);
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 29 ` +
          '(seq 6 does not follow 6); segment 0 (2 events) is intact',
      );
    });

    it('refuses an event whose shape has no type field', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 2);
        w.varint(1);
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: entry 0 is malformed at payload byte 30 ` +
          '(the event has no string type); segment 0 (2 events) is intact',
      );
    });

    it('refuses bytes after the last entry', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.null); // 30
        w.byte(0);
        w.byte(0);
      });
      expect(expectRefused(payload, 1).message).toBe(
        `segment 1 at byte offset ${badOffset}: the payload is malformed at payload byte 31 ` +
          '(2 bytes follow the last entry); segment 0 (2 events) is intact',
      );
    });
  });

  describe('in the string table', () => {
    it('refuses invalid UTF-8 in the string data', () => {
      for (const invalid of [
        [0xff],
        [0xc3], // a lead byte without its continuation
        [0x80], // a continuation byte alone
        [0xc0, 0x80], // an overlong NUL
        [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded as UTF-8
        [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      ]) {
        const w = new ByteWriter();
        w.varint(1);
        w.varint(1);
        w.varint(invalid.length);
        w.raw(Uint8Array.from(invalid));
        w.varint(0);
        const refused = expectRefused(w.toBytes(), 0);
        expect(refused.problem, invalid.join(' ')).toBe('the string data is not valid UTF-8');
        expect(refused.entry).toBeUndefined();
      }
    });

    it('refuses string lengths that do not add up to the string data', () => {
      for (const lengths of [
        [4, 2], // more than the data
        [4, 0], // less
        [2, 2], // the data holds 'typea': 5 units
      ]) {
        const w = new ByteWriter();
        w.varint(2);
        for (const length of lengths) w.varint(length);
        const utf8 = new TextEncoder().encode('typea');
        w.varint(utf8.length);
        w.raw(utf8);
        w.varint(0);
        const sum = lengths.reduce((a, b) => a + b, 0);
        expect(expectRefused(w.toBytes(), 0).problem).toBe(
          `the string data holds 5 UTF-16 units, but the string lengths add up to ${sum}`,
        );
      }
      // Lengths count UTF-16 units, not bytes: '🚀' is 2 units in 4 bytes.
      const w = new ByteWriter();
      w.varint(1);
      w.varint(4);
      w.varint(4);
      w.raw(new TextEncoder().encode('🚀'));
      w.varint(0);
      expect(expectRefused(w.toBytes(), 0).problem).toBe(
        'the string data holds 2 UTF-16 units, but the string lengths add up to 4',
      );
    });

    it('refuses string lengths that split a surrogate pair into lone surrogates', () => {
      // 'typea🚀' is 7 units; lengths 4, 1, 1, 1 add up, but cut the emoji into two strings that
      // are not well-formed (the encoder refuses such strings: UTF-8 cannot store them).
      const w = new ByteWriter();
      w.varint(4);
      for (const length of [4, 1, 1, 1]) w.varint(length);
      const utf8 = new TextEncoder().encode('typea🚀');
      w.varint(utf8.length);
      w.raw(utf8);
      writeShapes(w, [
        [
          [0, FieldKind.constant, 1],
          [2, FieldKind.string],
        ],
      ]);
      entryHead(w, 7, 10, 0);
      w.varint(3);
      const payload = w.toBytes();
      const decoded = ((): unknown => {
        try {
          return decodeCompactSegment(payload, 1, 6, 10).entries;
        } catch (error) {
          return error instanceof Error ? error.name : error;
        }
      })();
      expect(decoded).toBe('CompactSegmentError');
      expect(expectRefused(payload, 1).problem).toMatch(/surrogate|UTF/);
    });

    it('refuses string data that runs past the payload, and counts larger than the payload', () => {
      const past = new ByteWriter();
      past.varint(1);
      past.varint(3);
      past.varint(50);
      past.raw(new TextEncoder().encode('abc'));
      expect(expectRefused(past.toBytes(), 0).problem).toBe(
        'the string data (50 bytes) runs past the payload',
      );

      expect(expectRefused(bytesOf(0x7f, 1, 1, 0x61), 0).problem).toBe('the segment claims 127 strings');

      const shapes = new ByteWriter();
      writeStrings(shapes, STRINGS);
      shapes.varint(100);
      expect(expectRefused(shapes.toBytes(), 0).problem).toBe('the segment claims 100 shapes');

      const fields = new ByteWriter();
      writeStrings(fields, STRINGS);
      fields.varint(1);
      fields.varint(90);
      expect(expectRefused(fields.toBytes(), 0).problem).toBe('shape 0 claims 90 fields');
    });

    it('refuses an empty payload, or one that ends inside the tables', () => {
      expect(expectRefused(new Uint8Array(0), 0).problem).toBe('the payload ends inside a number');
      const full = payloadWith(() => undefined);
      for (const cut of [1, 5, 11, 12, 14, 15, 26]) {
        const refused = expectRefused(full.subarray(0, cut), 0);
        expect(refused.problem).toMatch(
          /^the (payload ends inside a (number|shape)|segment claims \d+ (strings|shapes)|string data \(6 bytes\) runs past)/,
        );
        expect(refused.entry).toBeUndefined();
      }
    });
  });

  describe('in the shapes', () => {
    it('refuses a shape with the key "__proto__"', () => {
      const w = new ByteWriter();
      writeStrings(w, ['type', 'a', '__proto__']);
      writeShapes(w, [
        [
          [0, FieldKind.constant, 1],
          [2, FieldKind.uint],
        ],
      ]);
      entryHead(w, 7, 10, 0);
      w.varint(1);
      const refused = expectRefused(w.toBytes(), 1);
      expect(refused.problem).toBe('shape 0 has the key "__proto__"');
      expect(refused.entry).toBeUndefined();
    });

    it('refuses a shape with a duplicate key', () => {
      for (const fields of [
        [
          [0, FieldKind.constant, 1],
          [2, FieldKind.uint],
          [2, FieldKind.string],
        ],
        [
          [0, FieldKind.constant, 1],
          [0, FieldKind.string],
        ],
      ] as const) {
        const w = new ByteWriter();
        writeStrings(w, STRINGS);
        writeShapes(w, [[[2, FieldKind.uint]], fields]);
        entryHead(w, 7, 10, 1);
        w.varint(1);
        w.varint(1);
        const refused = expectRefused(w.toBytes(), 1);
        expect(refused.problem).toMatch(/^shape 1 has the key "(x|type)" twice$/);
      }
    });

    it('refuses a key or a constant whose string index is out of range', () => {
      const key = new ByteWriter();
      writeStrings(key, STRINGS);
      writeShapes(key, [[[3, FieldKind.uint]]]);
      expect(expectRefused(key.toBytes(), 0).problem).toBe('string index 3 is out of range (3 strings)');

      const constant = new ByteWriter();
      writeStrings(constant, STRINGS);
      writeShapes(constant, [[[0, FieldKind.constant, 200]]]);
      expect(expectRefused(constant.toBytes(), 0).problem).toBe(
        'string index 200 is out of range (3 strings)',
      );
    });

    it('refuses an event whose type is not a string field', () => {
      for (const kind of [FieldKind.uint, FieldKind.tagged]) {
        const w = new ByteWriter();
        writeStrings(w, STRINGS);
        writeShapes(w, [[[0, kind]]]);
        entryHead(w, 7, 10, 0);
        w.byte(kind === FieldKind.uint ? 1 : Tag.smallString + 1);
        const refused = expectRefused(w.toBytes(), 1);
        expect(refused.problem).toBe('the event has no string type');
        expect(refused.entry).toBe(0);
      }
    });
  });

  describe('in the entries', () => {
    it('refuses a string index out of range in every place a string is referenced', () => {
      const cases: readonly (readonly [string, (w: ByteWriter) => void])[] = [
        ['a small string tag', (w) => w.byte(Tag.smallString + 3)],
        ['a long string tag', (w) => (w.byte(Tag.string), w.varint(1000))],
        [
          'a string inside an array',
          (w) => (w.byte(Tag.smallArray + 2), w.byte(Tag.null), w.byte(Tag.smallString + 63)),
        ],
      ];
      for (const [what, value] of cases) {
        const payload = payloadWith((w) => {
          entryHead(w, 7, 10, 0);
          value(w);
        });
        const refused = expectRefused(payload, 1);
        expect(refused.problem, what).toMatch(/^string index \d+ is out of range \(3 strings\)$/);
        expect(refused.entry).toBe(0);
      }
    });

    it('refuses a nested record of a shape out of range', () => {
      for (const tag of [[Tag.smallRecord + 3], [Tag.record, 0x90, 0x03]]) {
        const payload = payloadWith((w) => {
          entryHead(w, 7, 10, 0);
          w.raw(Uint8Array.from(tag));
        });
        expect(expectRefused(payload, 1).problem).toMatch(
          /^shape index (3|400) is out of range \(3 shapes\)$/,
        );
      }
    });

    it('refuses every value tag the format does not define', () => {
      for (let tag = Tag.array + 1; tag <= 0xff; tag++) {
        const payload = payloadWith((w) => {
          entryHead(w, 7, 10, 0);
          w.byte(tag);
        });
        const refused = expectRefused(payload, 1);
        expect(refused.problem).toBe(`unknown value tag 0x${tag.toString(16)}`);
        expect(refused.payloadByte).toBe(ENTRIES_START + 4);
      }
    });

    it('refuses a float64 that is NaN or infinite', () => {
      for (const [value, problem] of [
        [Number.NaN, 'a number is NaN'],
        [Number.POSITIVE_INFINITY, 'a number is Infinity'],
        [Number.NEGATIVE_INFINITY, 'a number is -Infinity'],
      ] as const) {
        const payload = payloadWith((w) => {
          entryHead(w, 7, 10, 0);
          w.byte(Tag.float64);
          w.float64(value);
        });
        const refused = expectRefused(payload, 1, { sameByteUnderSelect: false });
        expect(refused.problem).toBe(problem);
        expect(refused.entry).toBe(0);
      }
      // A NaN with a payload other than the canonical one too.
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.raw(bytesOf(Tag.float64, 0xff, 0xf8, 0, 0, 0, 0, 0, 1));
      });
      expect(expectRefused(payload, 1, { sameByteUnderSelect: false }).problem).toBe('a number is NaN');
    });

    it('reports a NaN float64 at the same payload byte whether select builds its entry or steps over it', () => {
      // The tag is at byte 30 and the 8 float bytes at 31-38. Every other problem is reported at the
      // same byte with and without select, so that a log's error message does not depend on how it is read.
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.float64);
        w.float64(Number.NaN);
      });
      const bytes = concatBytes(header, goodSegment, craftBlock('S', 1, payload), craftEnd(2, 3));
      const built = catchEventLogError(() => readEventLog(bytes)).message;
      const steppedOver = catchEventLogError(() => readEventLog(bytes, { select: () => false })).message;
      expect(steppedOver).toBe(built);
    });

    it('refuses a varint above 2^53 - 1', () => {
      const payload = payloadWith((w) => {
        w.varint(7);
        // 2^56 - 1 in 8 bytes.
        w.raw(bytesOf(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f));
        w.varint(0);
        w.byte(Tag.null);
      });
      expect(expectRefused(payload, 1).problem).toBe('a number exceeds 2^53 - 1');
      const atLimit = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.uint);
        w.raw(bytesOf(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10)); // 2^53
      });
      expect(expectRefused(atLimit, 1).problem).toBe('a number exceeds 2^53 - 1');
    });

    it('refuses a payload that ends inside an entry', () => {
      const full = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.float64);
        w.float64(0.5);
      });
      for (let cut = ENTRIES_START; cut < full.length; cut++) {
        const refused = expectRefused(full.subarray(0, cut), 1);
        expect(refused.problem).toMatch(/^the payload ends inside a (number|value)$/);
        expect(refused.entry).toBe(0);
        // A float64 cut short is reported where its 8 bytes start (after the tag at byte 30).
        expect(refused.payloadByte).toBe(Math.min(cut, ENTRIES_START + 4));
      }
      // A frame that counts more entries than the payload holds.
      const counted = expectRefused(full, 3);
      expect(counted.entry).toBe(1);
      expect(counted.problem).toBe('the payload ends inside a number');
    });

    it('refuses entries the frame does not count, as bytes after the last entry', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.null);
      });
      const refused = expectRefused(payload, 0);
      expect(refused.entry).toBeUndefined();
      expect(refused.problem).toBe(`${payload.length - ENTRIES_START} bytes follow the last entry`);
    });

    it('refuses at that goes back across segments', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 9, 0);
        w.byte(Tag.null);
      });
      expect(expectRefused(payload, 1).problem).toBe("at 9 is before the previous entry's at 10");
    });

    it('refuses seq or at that leave the safe integers', () => {
      const seq = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.null);
        entryHead(w, Number.MAX_SAFE_INTEGER, 0, 0);
        w.byte(Tag.null);
      });
      const refusedSeq = expectRefused(seq, 2);
      expect(refusedSeq.entry).toBe(1);
      expect(refusedSeq.problem).toBe('seq is not a safe integer');
      const at = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.null);
        entryHead(w, 1, Number.MAX_SAFE_INTEGER, 0);
        w.byte(Tag.null);
      });
      expect(expectRefused(at, 2).problem).toBe('at is not a safe integer');
    });

    it('refuses an array longer than the rest of the payload', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        w.byte(Tag.array);
        w.varint(2 ** 40);
      });
      expect(expectRefused(payload, 1).problem).toBe(`an array claims ${2 ** 40} items`);
    });

    it('refuses values nested deeper than 256 levels', () => {
      const payload = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        for (let i = 0; i < 300; i++) w.byte(Tag.smallArray + 1);
        w.byte(Tag.null);
      });
      expect(expectRefused(payload, 1).problem).toBe('values are nested deeper than 256 levels');
      // A record that contains itself: shape 0's tagged field holding shape 0, over and over.
      const records = payloadWith((w) => {
        entryHead(w, 7, 10, 0);
        for (let i = 0; i < 300; i++) w.byte(Tag.smallRecord + 0);
        w.byte(Tag.null);
      });
      expect(expectRefused(records, 1).problem).toBe('values are nested deeper than 256 levels');
    });
  });

  it('throws a CompactSegmentError naming the problem, payload byte and entry when decoding directly, and recovers', () => {
    const payload = payloadWith((w) => {
      entryHead(w, 7, 10, 0);
      w.byte(0xee);
    });
    for (const select of [undefined, () => false]) {
      expect(() => decodeCompactSegment(payload, 1, 6, 10, select)).toThrow(
        expect.objectContaining({
          name: 'CompactSegmentError',
          message: 'unknown value tag 0xee',
          payloadByte: 31,
          entryIndex: 0,
        }),
      );
    }
    // The decoder is left ready for the next segment.
    expect(
      decodeCompactSegment(encodeCompactSegment(goodEntries, new ByteWriter()), 2, -1, 0).entries,
    ).toEqual(goodEntries);
  });

  it('keeps every segment before a malformed one, however many there are', () => {
    const segments = Array.from({ length: 5 }, (_, s) =>
      craftBlock(
        'S',
        3,
        encodeCompactSegment(
          Array.from({ length: 3 }, (_, i) => ({ seq: s * 3 + i, at: s, event: { type: `t${i}`, s } })),
          new ByteWriter(),
        ),
      ),
    );
    const bad = craftBlock('S', 1, bytesOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    const bytes = concatBytes(header, ...segments, bad, craftEnd(6, 16));
    const salvaged = salvageEventLog(bytes);
    expect(salvaged.entries).toHaveLength(15);
    expect(salvaged.damage).toMatchObject({
      code: 'malformed',
      segmentIndex: 5,
      intactSegments: 5,
      intactEntries: 15,
    });
    // No strings, no shapes, and an entry of seq 0 at 0: 10 bytes of zeros.
    expect(salvaged.damage?.message).toBe(
      `segment 5 at byte offset ${header.length + segments.reduce((n, s) => n + s.length, 0)}: ` +
        'entry 0 is malformed at payload byte 5 (seq 0 does not follow 14); segments 0-4 (15 events) are intact',
    );
  });
});
