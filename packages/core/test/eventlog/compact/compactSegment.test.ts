import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { LogEntry } from '../../../src/LogEntry.js';
import { ByteWriter } from '../../../src/eventlog/compact/ByteWriter.js';
import { FieldKind } from '../../../src/eventlog/compact/compactSegmentFormat.js';
import { decodeCompactSegment } from '../../../src/eventlog/compact/decodeCompactSegment.js';
import { encodeCompactSegment } from '../../../src/eventlog/compact/encodeCompactSegment.js';
import { encodeEventLog, type EventLogEncoderOptions } from '../../../src/eventlog/EventLogEncoder.js';
import type { EventLogHeader } from '../../../src/eventlog/eventLogFormat.js';
import { readEventLog, readEventLogSegments, salvageEventLog } from '../../../src/eventlog/readEventLog.js';
import { concatBytes, craftBlock, craftEnd, craftHeader } from '../craftEventLog.js';
import { anyLog } from '../eventLogArbitraries.js';
import { catchEventLogError } from '../catchEventLogError.js';

type Event = { readonly type: string } & Record<string, unknown>;

const header: EventLogHeader = { seed: 1, scenarioDigest: 'digest', meta: {} };
const v2Header = craftHeader({ seed: 1, scenarioDigest: 'digest', meta: {} }, 2);

function entriesOf<E>(events: readonly E[]): LogEntry<E>[] {
  return events.map((event, seq) => ({ seq, at: seq * 10, event }));
}

/** Encodes the events as a version 2 log (named and left to the default) and reads them back. */
function roundTrip<E>(events: readonly E[], options: EventLogEncoderOptions = {}): E[] {
  const entries = entriesOf(events);
  const named = encodeEventLog(header, entries, { ...options, formatVersion: 2 });
  expect(encodeEventLog(header, entries, options)).toEqual(named);
  const log = readEventLog<E>(named);
  expect(log.entries.map(({ seq, at }) => ({ seq, at }))).toEqual(
    entries.map(({ seq, at }) => ({ seq, at })),
  );
  return log.entries.map((entry) => entry.event);
}

/** Encodes and decodes one segment directly, without the file around it. */
function segmentRoundTrip<E>(entries: readonly LogEntry<E>[]): LogEntry<E>[] {
  const payload = encodeCompactSegment(entries, new ByteWriter());
  const decoded = decodeCompactSegment<E>(payload, entries.length, -1, 0);
  expect(decoded.lastSeq).toBe(entries.at(-1)?.seq ?? -1);
  expect(decoded.lastAt).toBe(entries.at(-1)?.at ?? 0);
  return decoded.entries;
}

/** Fails unless both values have the same keys in the same order, at every depth. */
function expectSameKeyOrder(actual: unknown, expected: unknown, path = 'value'): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expected.forEach((item, i) => {
      expectSameKeyOrder((actual as unknown[])[i], item, `${path}[${i}]`);
    });
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual === 'object' && actual !== null, path).toBe(true);
    expect(Object.keys(actual as object), path).toEqual(Object.keys(expected));
    for (const [key, value] of Object.entries(expected)) {
      expectSameKeyOrder((actual as Record<string, unknown>)[key], value, `${path}[${JSON.stringify(key)}]`);
    }
  }
}

/** The payload of every segment of a log. */
function segmentPayloads(bytes: Uint8Array): Uint8Array[] {
  return [...readEventLogSegments(bytes)].map(({ byteOffset, byteLength }) =>
    bytes.subarray(byteOffset + 13, byteOffset + byteLength - 4),
  );
}

/** Reads a segment's string table, from the layout documented in compactSegmentFormat.ts. */
function stringTableOf(payload: Uint8Array): string[] {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = payload[pos++] ?? 0;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  const count = varint();
  const lengths = Array.from({ length: count }, varint);
  const byteLength = varint();
  const joined = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    payload.subarray(pos, pos + byteLength),
  );
  let start = 0;
  return lengths.map((length) => joined.slice(start, (start += length)));
}

function countOccurrences(haystack: Uint8Array, needle: Uint8Array): number {
  let count = 0;
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    count++;
  }
  return count;
}

/** The same value as an event's field, in an array, in a nested object, and deep in both. */
function inEveryPosition(value: unknown): Event[] {
  return [
    { type: 'field', v: value },
    { type: 'array', v: [value, value] },
    { type: 'nested', v: { inner: value } },
    { type: 'deepArray', v: [[{ x: [value] }]] },
  ];
}

describe('compact segment round trip of values that are easy to get wrong', () => {
  it('keeps a leading U+FEFF (byte order mark) of a string, also when it starts the string data', () => {
    const bom = '\uFEFFstarts with a BOM';
    // Used most, the BOM string is string 0: its bytes open the segment's UTF-8 data.
    const events = [
      { type: 'bom', a: bom, b: bom, c: [bom, bom] },
      { type: '\uFEFF', ['\uFEFFkey']: '\uFEFF' },
    ];
    const bytes = encodeEventLog(header, entriesOf(events));
    expect(stringTableOf(segmentPayloads(bytes)[0] ?? new Uint8Array(0))[0]).toBe(bom);
    const read = readEventLog(bytes).entries.map((entry) => entry.event);
    expect(read).toEqual(events);
    expect((read[0] as { a: string }).a.charCodeAt(0)).toBe(0xfeff);
    expect(Object.keys(read[1] as object)).toEqual(['type', '\uFEFFkey']);
    for (const events of [inEveryPosition(bom), inEveryPosition('\uFEFF')]) {
      expect(roundTrip(events)).toEqual(events);
    }
  });

  it('keeps a BOM at the start of a hand-written string table', () => {
    const writer = new ByteWriter();
    const strings = ['\uFEFF', 'type', 'x'];
    writer.varint(strings.length);
    for (const s of strings) writer.varint(s.length);
    const utf8 = new TextEncoder().encode(strings.join(''));
    writer.varint(utf8.length);
    writer.raw(utf8);
    writer.varint(1); // one shape: type (constant 'x'), then a string field keyed by the BOM
    writer.varint(2);
    writer.varint(1);
    writer.byte(FieldKind.constant);
    writer.varint(2);
    writer.varint(0);
    writer.byte(FieldKind.string);
    writer.varint(0); // entry: seq 0, at 0, shape 0, value string 0
    writer.varint(0);
    writer.varint(0);
    writer.varint(0);
    expect(utf8.subarray(0, 3)).toEqual(Uint8Array.of(0xef, 0xbb, 0xbf));
    expect(decodeCompactSegment(writer.toBytes(), 1, -1, 0).entries).toEqual([
      { seq: 0, at: 0, event: { type: 'x', '\uFEFF': '\uFEFF' } },
    ]);
  });

  it('round-trips empty, non-ASCII, emoji and line-separator strings as values, keys and types', () => {
    const strings = [
      '',
      'Grüße, 世界',
      '🚀',
      '👩‍👩‍👧‍👦 family',
      'a\u2028b\u2029c',
      '\u0000nul',
      'line\nbreak',
      'é'.repeat(200),
    ];
    for (const s of strings) {
      const events: Event[] = [...inEveryPosition(s), { type: s }, { type: 'key', [s]: s }];
      const read = roundTrip(events);
      expect(read).toEqual(events);
      expectSameKeyOrder(read, events);
    }
    // All of them in one segment: the lengths in the string table count UTF-16 units, not bytes.
    const all = strings.map((s, i) => ({ type: `t${i}`, s, list: strings }));
    expect(roundTrip(all)).toEqual(all);
  });

  it('round-trips a string longer than the writer’s initial buffer', () => {
    const long = '🚀x'.repeat(20_000); // 100,000 bytes of UTF-8
    const events = [
      { type: 'long', v: long },
      { type: 'long', v: [long, 'short'] },
    ];
    expect(roundTrip(events)).toEqual(events);
  });

  it('round-trips integers across every varint and small-form boundary, positive and negative', () => {
    const magnitudes = [
      0,
      1,
      63,
      64,
      127,
      128,
      255,
      256,
      16_383,
      16_384,
      2 ** 21 - 1,
      2 ** 21,
      2 ** 28,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 35,
      2 ** 42,
      2 ** 49,
      2 ** 53 - 2,
      2 ** 53 - 1,
    ];
    const values = [...magnitudes, ...magnitudes.filter((n) => n > 0).map((n) => -n)];
    expect(values).toContain(-(2 ** 53 - 1));
    const events = values.flatMap(inEveryPosition);
    expect(roundTrip(events)).toEqual(events);
    // As seq and at too, which are deltas from the entry before.
    const entries = [0, 63, 64, 127, 128, 2 ** 31, 2 ** 32, 2 ** 53 - 2, 2 ** 53 - 1].map((n) => ({
      seq: n,
      at: n,
      event: { type: 'n' },
    }));
    expect(readEventLog(encodeEventLog(header, entries)).entries).toEqual(entries);
    expect(segmentRoundTrip(entries)).toEqual(entries);
  });

  it('round-trips floats, including ones next to integers and the extremes', () => {
    const values = [
      0.1,
      -0.1,
      1e300,
      -1e300,
      -1.5,
      1.5,
      0.5,
      2 ** 53,
      -(2 ** 53),
      2 ** 53 + 2,
      1e21,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.EPSILON,
      63.5,
      64.000001,
    ];
    const events = values.flatMap(inEveryPosition);
    expect(roundTrip(events)).toEqual(events);
  });

  it('reads -0 back as 0, as version 1 does', () => {
    const events = inEveryPosition(-0);
    const v2 = roundTrip(events);
    const v1 = readEventLog(encodeEventLog(header, entriesOf(events), { formatVersion: 1 })).entries.map(
      (entry) => entry.event,
    );
    for (const read of [v2, v1]) {
      const values = read.map((event) => JSON.stringify(event));
      expect(values).toEqual(events.map((event) => JSON.stringify(event)));
      const [field, array, nested] = read as [{ v: number }, { v: number[] }, { v: { inner: number } }];
      expect(Object.is(field.v, 0)).toBe(true);
      expect(Object.is(array.v[0], 0)).toBe(true);
      expect(Object.is(nested.v.inner, 0)).toBe(true);
    }
  });

  it('round-trips null and booleans', () => {
    const events = [null, true, false].flatMap(inEveryPosition);
    expect(roundTrip(events)).toEqual(events);
    const mixed = [{ type: 'm', a: null, b: true, c: false, d: [null, true, false, 0, ''] }];
    expect(roundTrip(mixed)).toEqual(mixed);
  });

  it('round-trips arrays of length 0, 15, 16 and 300, nested and mixed', () => {
    const arrayOf = (n: number): unknown[] =>
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? i : `s${i % 7}`));
    const events: Event[] = [0, 1, 15, 16, 17, 300].map((n) => ({
      type: 'arrays',
      flat: arrayOf(n),
      nested: [arrayOf(n), [], [arrayOf(n % 17)]],
    }));
    events.push({ type: 'arrays', flat: [], nested: [[[[]]]] });
    expect(roundTrip(events)).toEqual(events);
  });

  it('keeps Object.keys order of objects with integer-like keys', () => {
    const objects = [
      { b: 1, '1': 2, a: 3, '0': 4 },
      { '10': 'x', '9': 'y', z: 'z', '-1': 'neg', '01': 'lead', '1.5': 'frac' },
      { '4294967294': 1, '4294967295': 2, '4294967296': 3, x: 4 },
    ];
    const events: Event[] = objects.flatMap((object) => [
      { type: 'obj', v: object },
      { ...object, type: 'event' },
      { type: 'list', v: [object, object] },
    ]);
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
  });

  it('reads objects with a null prototype back as plain objects with the same keys', () => {
    const labels = Object.assign(Object.create(null) as Record<string, unknown>, {
      app: 'web',
      '1': 'one',
      tier: null,
    });
    const event = Object.assign(Object.create(null) as Record<string, unknown>, {
      type: 'pod/added',
      labels,
    });
    const [read] = roundTrip<unknown>([event, { type: 'x', v: [labels] }]) as [
      Record<string, Record<string, unknown>>,
    ];
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(read.labels)).toBe(Object.prototype);
    expect(Object.keys(read)).toEqual(['type', 'labels']);
    expect(Object.keys(read.labels ?? {})).toEqual(['1', 'app', 'tier']);
    expect({ ...read.labels }).toEqual({ ...labels });
  });

  it('round-trips nesting of objects and arrays 200 levels deep', () => {
    let objects: unknown = 'bottom';
    let arrays: unknown = 1;
    let mixed: unknown = { leaf: true };
    for (let i = 0; i < 200; i++) {
      objects = { [`level${i % 3}`]: objects, n: i };
      arrays = [arrays];
      mixed = i % 2 === 0 ? [mixed, i] : { m: mixed };
    }
    const events = [
      { type: 'deep', objects },
      { type: 'deep', arrays, mixed },
    ];
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
    // Under select the same nesting is stepped over.
    expect(readEventLog(encodeEventLog(header, entriesOf(events)), { select: () => false }).entries).toEqual(
      [],
    );
  });

  it('reads back the deepest value the encoder accepts', () => {
    // An object at depth 255 is the deepest findNonPlainData allows; the event itself is depth 0.
    let value: unknown = { leaf: 'x' };
    for (let depth = 255; depth > 1; depth--) value = depth % 2 === 0 ? [value] : { d: value };
    const events = [{ type: 'deepest', v: value }];
    expect(roundTrip(events)).toEqual(events);
    expect(readEventLog(encodeEventLog(header, entriesOf(events)), { select: () => false }).entries).toEqual(
      [],
    );
  });
});

describe('compact segment keys that would be dangerous in generated code', () => {
  const dangerous = [
    '}; throw 1; //',
    '"}); throw new Error("injected"); ({"',
    "'; throw 1; '",
    '`${globalThis.injected = 1}`',
    '\\',
    "'",
    '"',
    'line\nbreak',
    'carriage\rreturn',
    '\u2028',
    '\u2029',
    '*/ throw 1; /*',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '__defineGetter__',
    'prototype',
    'depth',
    'readString',
    'readVarint()',
    'readTagged',
    'return',
    '',
  ];

  it('round-trips each of them as a key, a value and an event type, without running any of it', () => {
    for (const key of dangerous) {
      const events: Event[] = [
        { type: 'keyed', [key]: 1 },
        { type: 'keyed', [key]: 'string kind' },
        { type: 'keyed', [key]: [key] },
        { type: 'nested', v: { [key]: key, after: 2 } },
        { type: key, [key]: key },
        { [key]: { [key]: null }, type: 'typeLast' },
      ];
      const read = roundTrip(events);
      expect(read, JSON.stringify(key)).toEqual(events);
      expectSameKeyOrder(read, events);
      for (const event of read) {
        expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
      }
    }
    expect((globalThis as { injected?: unknown }).injected).toBeUndefined();
  });

  it('round-trips all of them in one object, in order', () => {
    const valueFor = (key: string): unknown =>
      dangerous.indexOf(key) % 2 === 0 ? dangerous.indexOf(key) : key;
    const object = Object.fromEntries(dangerous.map((key) => [key, valueFor(key)]));
    const events: Event[] = [
      { type: 'all', ...object },
      { type: 'all', v: object },
    ];
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
    // Own data properties, not the inherited methods.
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(Object.getOwnPropertyDescriptor(read[0], key)?.value, key).toBe(valueFor(key));
    }
  });

  it('round-trips an event whose type is "__proto__" or "constructor"', () => {
    const events = [
      { type: '__proto__' },
      { type: 'constructor', v: '__proto__' },
      { type: '__proto__', x: 1 },
    ];
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expect(Object.getPrototypeOf(read[0])).toBe(Object.prototype);
  });
});

describe('compact segment shape learning', () => {
  it('round-trips the same keys with values of different kinds', () => {
    const events: Event[] = [
      { type: 'endpoint', ip: '10.0.0.1', port: 8080 },
      { type: 'endpoint', ip: '10.0.0.2', port: 'http' },
      { type: 'endpoint', ip: '10.0.0.3', port: -1 },
      { type: 'endpoint', ip: '10.0.0.4', port: 80.5 },
      { type: 'endpoint', ip: '10.0.0.5', port: null },
      { type: 'endpoint', ip: null, port: [8080] },
      { type: 'endpoint', ip: '10.0.0.6', port: { name: 'http', number: 80 } },
      { type: 'endpoint', ip: '10.0.0.7', port: 8080 },
      { type: 'wrapper', v: { port: 1 }, w: { port: 'one' } },
      { type: 'wrapper', v: { port: 'one' }, w: { port: 1 } },
    ];
    expect(roundTrip(events)).toEqual(events);
  });

  it('round-trips a nested object whose first key equals an event type', () => {
    const events: Event[] = [
      { type: 'name', value: 1 },
      { type: 'pod', spec: { name: 'x', other: 1 } },
      { type: 'name', value: 2 },
      { type: 'pod', spec: { name: 'y', other: 2 } },
      { type: 'type', v: { type: 'inner', other: 'x' } },
      { type: 'other', name: { name: 'n', type: 'other' } },
      // The same keys and kinds as an event of that type, whose type is a constant of its shape: a
      // nested object must not take the event's shape (and with it the event's type).
      { name: 'n', type: 'name' },
      { type: 'pod', spec: { name: 'x', type: 'not-name' } },
      { type: 'type', v: 'a' },
      { type: 'pod', spec: { type: 'not-type', v: 'b' } },
    ];
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
    expect(segmentRoundTrip(entriesOf(events))).toEqual(entriesOf(events));
  });

  it('round-trips nested objects with the same keys as an event, including type', () => {
    const events: Event[] = [
      { type: 'a', x: 1 },
      { type: 'b', inner: { type: 'a', x: 1 } },
      { type: 'b', inner: { type: 'b', x: 'one' } },
      { type: 'a', x: 2 },
    ];
    expect(roundTrip(events)).toEqual(events);
  });

  it('keeps the key order of an event whose type is not the first key', () => {
    const events: Event[] = [
      { name: 'x', type: 'pod/added', port: 1 },
      { type: 'pod/added', name: 'x', port: 1 },
      { name: 'y', port: 2, type: 'pod/added' },
      { port: 3, name: 'z', type: 'pod/added' },
    ];
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expect(read.map((event) => Object.keys(event as object))).toEqual([
      ['name', 'type', 'port'],
      ['type', 'name', 'port'],
      ['name', 'port', 'type'],
      ['port', 'name', 'type'],
    ]);
  });

  it('round-trips empty objects and objects with an empty-string key', () => {
    const events: Event[] = [
      { type: 'empty', v: {} },
      { type: 'empty', v: { '': 1 } },
      { type: 'empty', v: [{}, { '': '' }, {}] },
      { type: '', '': {} },
    ];
    expect(roundTrip(events)).toEqual(events);
  });

  it('round-trips more strings, shapes and array items than the small forms hold', () => {
    // 300 event types (2-byte shape indexes), 300 nested shapes (long record tags), 300 distinct
    // strings in tagged positions (long string tags), and integers past the small uint form.
    const events: Event[] = Array.from({ length: 300 }, (_, i) => ({
      type: `type-${i}`,
      nested: { [`key-${i}`]: i, [`other-${i % 70}`]: [`value-${i}`, i * 1000] },
      list: Array.from({ length: i % 40 }, (_, j) => `item-${(i * 7 + j) % 150}`),
    }));
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
    expect(segmentRoundTrip(entriesOf(events))).toEqual(entriesOf(events));
  });

  it('round-trips a segment with more distinct shapes than the decoder keeps compiled (10,000)', () => {
    // One type per shape: the encoder scans the shapes of a type linearly, so one type with 12,000
    // shapes would spend seconds here on the encoding side.
    const events: Event[] = Array.from({ length: 12_000 }, (_, i) => ({ type: `t${i}`, [`k${i}`]: i }));
    const read = roundTrip(events);
    expect(read).toEqual(events);
    expectSameKeyOrder(read, events);
  });

  it('keeps the key order of every object at every depth (fast-check)', () => {
    fc.assert(
      fc.property(anyLog, ({ header, entries, options }) => {
        const read = readEventLog(encodeEventLog(header, entries, options));
        expectSameKeyOrder(read.entries, entries);
        expectSameKeyOrder(read.header, header);
      }),
      { numRuns: 200 },
    );
  });

  it('encodes a segment from its entries alone, whatever the writer encoded before', () => {
    const a = entriesOf<Event>([
      { type: 'a', v: 'x' },
      { type: 'b', v: [1, 'y'] },
    ]);
    const b = entriesOf<Event>(Array.from({ length: 500 }, (_, i) => ({ type: `t${i % 9}`, v: `s${i}` })));
    const writer = new ByteWriter();
    const first = encodeCompactSegment(a, writer);
    const firstCopy = first.slice();
    encodeCompactSegment(b, writer);
    // The returned payload is a copy: reusing the writer does not change it.
    expect(first).toEqual(firstCopy);
    expect(encodeCompactSegment(a, writer)).toEqual(first);
    expect(encodeCompactSegment(a, new ByteWriter())).toEqual(first);
    expect(decodeCompactSegment(first, 2, -1, 0).entries).toEqual(a);
  });

  it('continues seq and at from the previous segment when decoding a segment alone', () => {
    const entries = [
      { seq: 100, at: 5000, event: { type: 'a' } },
      { seq: 101, at: 5000, event: { type: 'b' } },
      { seq: 2 ** 40, at: 2 ** 41, event: { type: 'a' } },
    ];
    const payload = encodeCompactSegment(entries, new ByteWriter());
    expect(decodeCompactSegment(payload, 3, 99, 5000)).toEqual({
      entries,
      lastSeq: 2 ** 40,
      lastAt: 2 ** 41,
    });
    expect(decodeCompactSegment(payload, 0 + 3, -1, 0).entries).toEqual(entries);
  });
});

describe('compact segment size', () => {
  it('stores a string used by many entries of a segment once per segment', () => {
    const unique = 'unique-7f3a9c1e-string-b2d4e6f8a0c2e4f6!';
    expect(unique).toHaveLength(40);
    const events: Event[] = Array.from({ length: 1000 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return { type: 'pod/added', name: unique, n: i };
        case 1:
          return { type: 'endpoints/updated', addresses: ['10.0.0.1', unique] };
        case 2:
          return { type: 'labels', labels: { [unique]: 'v', other: unique } };
        default:
          return { type: 'nested', v: { deep: [{ name: unique }] } };
      }
    });
    const bytes = encodeEventLog(header, entriesOf(events), { segmentSize: 250 });
    expect([...readEventLogSegments(bytes)]).toHaveLength(4);
    expect(countOccurrences(bytes, new TextEncoder().encode(unique))).toBe(4);
    expect(readEventLog(bytes).entries.map((entry) => entry.event)).toEqual(events);
  });

  it('writes a log of repetitive connection events in under 8 bytes per event', () => {
    const entries = Array.from({ length: 10_000 }, (_, i) => ({
      seq: i,
      at: i * 3,
      event: { type: 'connection/used', id: `checkout#${i % 500}` },
    }));
    const bytes = encodeEventLog(header, entries);
    expect(bytes.length / entries.length).toBeLessThan(8);
    expect(readEventLog(bytes).entries).toEqual(entries);
  });

  it('stores the name of an event type once per segment, not once per entry', () => {
    const type = 'a-rather-long-event-type/with-a-name-to-find';
    const entries = Array.from({ length: 1000 }, (_, i) => ({ seq: i, at: i, event: { type, n: i } }));
    const bytes = encodeEventLog(header, entries, { segmentSize: 100 });
    expect(countOccurrences(bytes, new TextEncoder().encode(type))).toBe(10);
  });
});

describe('compact segment select', () => {
  const predicates: readonly (readonly [string, (type: string) => boolean])[] = [
    ['every type', () => true],
    ['no type', () => false],
    ['types of even length', (type) => type.length % 2 === 0],
    ['pod/ types', (type) => type.startsWith('pod/')],
  ];

  for (const [what, select] of predicates) {
    it(`keeps exactly the entries of the full read whose type it accepts: ${what} (fast-check)`, () => {
      fc.assert(
        fc.property(anyLog, ({ header, entries, options }) => {
          const bytes = encodeEventLog(header, entries, options);
          const full = readEventLog<{ readonly type: string }>(bytes);
          const selected = readEventLog(bytes, { select });
          expect(selected.header).toEqual(full.header);
          expect(selected.entries).toEqual(full.entries.filter((entry) => select(entry.event.type)));
          expect(salvageEventLog(bytes, { select })).toEqual(selected);
          const segments = [...readEventLogSegments(bytes, { select })];
          expect(segments.flatMap((segment) => segment.entries)).toEqual(selected.entries);
        }),
        { numRuns: 150 },
      );
    });
  }

  it("returns exactly the full read's entries for any predicate (fast-check)", () => {
    fc.assert(
      fc.property(anyLog, fc.func(fc.boolean()), ({ header, entries, options }, select) => {
        const bytes = encodeEventLog(header, entries, options);
        const full = readEventLog<{ readonly type: string }>(bytes);
        expect(readEventLog(bytes, { select }).entries).toEqual(
          full.entries.filter((entry) => select(entry.event.type)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('asks about each event shape once per segment, not once per entry', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      seq: i,
      at: i,
      event: i % 2 === 0 ? { type: 'a', n: i } : { type: 'b', s: `s${i % 10}` },
    }));
    const bytes = encodeEventLog(header, entries, { segmentSize: 250 });
    const asked: string[] = [];
    const read = readEventLog(bytes, {
      select: (type) => {
        asked.push(type);
        return type === 'a';
      },
    });
    expect(read.entries).toEqual(entries.filter((entry) => entry.event.type === 'a'));
    expect(asked).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('reads a log correctly when the select callback itself reads another log', () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({
      seq: i,
      at: i,
      event: i % 2 === 0 ? { type: 'a', v: `outer-${i}` } : { type: 'b', n: i },
    }));
    const outer = encodeEventLog(header, entries);
    const other = encodeEventLog(header, [{ seq: 0, at: 0, event: { type: 'other', q: 'inner' } }]);
    const read = readEventLog(outer, {
      select: (type) => {
        // A caller may look something up in another log to decide, e.g. an index of wanted types.
        expect(readEventLog(other).entries).toHaveLength(1);
        return type === 'a';
      },
    });
    expect(read.entries).toEqual(entries.filter((entry) => entry.event.type === 'a'));
  });

  it('steps over entries with every kind of value', () => {
    const events: Event[] = [
      { type: 'keep', n: 1 },
      ...[
        ...inEveryPosition('s'),
        ...inEveryPosition(2 ** 40),
        ...inEveryPosition(-5),
        ...inEveryPosition(0.5),
      ],
      { type: 'skip', v: [null, true, false, [], {}, Array.from({ length: 40 }, (_, i) => i * 1000)] },
      { type: 'skip', v: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, `v${i}`])) },
      { type: 'keep', n: 2 },
    ];
    const bytes = encodeEventLog(header, entriesOf(events));
    expect(readEventLog(bytes, { select: (type) => type === 'keep' }).entries).toEqual([
      { seq: 0, at: 0, event: { type: 'keep', n: 1 } },
      { seq: events.length - 1, at: (events.length - 1) * 10, event: { type: 'keep', n: 2 } },
    ]);
  });

  describe('checks seq and at across segments when the last entry of a segment is stepped over', () => {
    const segment = (entries: readonly LogEntry<Event>[]): Uint8Array =>
      craftBlock('S', entries.length, encodeCompactSegment(entries, new ByteWriter()));
    // Segment 0 ends with a 'skipped' entry at seq 6, at 20.
    const first = segment([
      { seq: 5, at: 10, event: { type: 'kept' } },
      { seq: 6, at: 20, event: { type: 'skipped', v: 'x' } },
    ]);
    const select = (type: string): boolean => type === 'kept';

    it('accepts a next segment that continues from the skipped entry', () => {
      const bytes = concatBytes(
        v2Header,
        first,
        segment([{ seq: 7, at: 20, event: { type: 'kept' } }]),
        craftEnd(2, 3),
      );
      expect(readEventLog(bytes, { select }).entries).toEqual([
        { seq: 5, at: 10, event: { type: 'kept' } },
        { seq: 7, at: 20, event: { type: 'kept' } },
      ]);
    });

    for (const [what, next, problem] of [
      ['repeats its seq', { seq: 6, at: 20, event: { type: 'kept' } }, 'seq 6 does not follow 6'],
      [
        'goes back before its at',
        { seq: 7, at: 15, event: { type: 'kept' } },
        "at 15 is before the previous entry's at 20",
      ],
    ] as const) {
      it(`refuses a next segment whose first entry ${what}`, () => {
        const payload = encodeCompactSegment([next], new ByteWriter());
        const bytes = concatBytes(v2Header, first, craftBlock('S', 1, payload), craftEnd(2, 3));
        // The entry is its last 3 bytes (seq, at, shape); the problem shows once seq and at are read.
        const problemAt = payload.length - 1;
        for (const options of [{ select }, { select: () => false }, {}]) {
          const error = catchEventLogError(() => readEventLog(bytes, options));
          expect(error.code).toBe('malformed');
          expect(error.segmentIndex).toBe(1);
          expect(error.message).toBe(
            `segment 1 at byte offset ${v2Header.length + first.length}: entry 0 is malformed at payload byte ` +
              `${problemAt} (${problem}); segment 0 (2 events) is intact`,
          );
          const salvaged = salvageEventLog(bytes, options);
          expect(salvaged.damage?.message).toBe(error.message);
        }
        expect(salvageEventLog(bytes, { select }).entries).toEqual([
          { seq: 5, at: 10, event: { type: 'kept' } },
        ]);
      });
    }
  });
});
