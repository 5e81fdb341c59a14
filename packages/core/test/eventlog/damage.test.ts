import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import type { LogEntry } from '../../src/LogEntry.js';
import { encodeEventLog } from '../../src/eventlog/EventLogEncoder.js';
import type { EventLogError, EventLogErrorCode } from '../../src/eventlog/EventLogError.js';
import type { EventLogHeader, EventLogSegment } from '../../src/eventlog/eventLogFormat.js';
import { readEventLog, readEventLogSegments, salvageEventLog } from '../../src/eventlog/readEventLog.js';
import { readEventLogFile, salvageEventLogFile } from '../../src/eventlog/readEventLogFile.js';
import {
  concatBytes,
  craftBlock,
  craftEnd,
  craftHeader,
  craftSegment,
  validHeaderBody,
  withVersion,
} from './craftEventLog.js';
import { anyLog } from './eventLogArbitraries.js';
import { fixedLogEntries, fixedLogHeader } from './fixedLog.js';
import { catchEventLogError } from './catchEventLogError.js';

const dir = mkdtempSync(join(tmpdir(), 'svlog-damage-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Where the blocks of an intact log are. */
interface Layout {
  readonly header: EventLogHeader;
  readonly length: number;
  readonly headerEnd: number;
  readonly segments: readonly EventLogSegment[];
  readonly endStart: number;
}

function layoutOf(bytes: Uint8Array): Layout {
  const segments = [...readEventLogSegments(bytes)];
  const headerEnd = 18 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(10) + 4;
  const last = segments.at(-1);
  return {
    header: readEventLog(bytes).header,
    length: bytes.length,
    headerEnd,
    segments,
    endStart: last === undefined ? headerEnd : last.byteOffset + last.byteLength,
  };
}

interface ExpectedDamage {
  readonly code: EventLogErrorCode;
  readonly byteOffset: number;
  readonly segmentIndex: number | undefined;
  /** Segments wholly before the damage; undefined when the header itself is unreadable. */
  readonly intactSegments: number | undefined;
}

/** What a reader must report for the log cut to its first `t` bytes. */
function expectedTruncation(layout: Layout, t: number): ExpectedDamage {
  if (t < layout.headerEnd)
    return { code: 'truncated', byteOffset: t, segmentIndex: undefined, intactSegments: undefined };
  const intact = layout.segments.filter((s) => s.byteOffset + s.byteLength <= t).length;
  const cut = layout.segments[intact];
  const inside = cut !== undefined && t > cut.byteOffset;
  return {
    code: 'truncated',
    byteOffset: t,
    segmentIndex: inside ? intact : undefined,
    intactSegments: intact,
  };
}

/** What a reader must report for the log with byte `p` changed. */
function expectedChange(layout: Layout, p: number): ExpectedDamage {
  if (p < 8) return { code: 'bad-magic', byteOffset: 0, segmentIndex: undefined, intactSegments: undefined };
  if (p < layout.headerEnd) {
    return { code: 'checksum-mismatch', byteOffset: 0, segmentIndex: undefined, intactSegments: undefined };
  }
  const k = layout.segments.findIndex((s) => p < s.byteOffset + s.byteLength);
  if (k >= 0) {
    const segment = layout.segments[k];
    return {
      code: 'checksum-mismatch',
      byteOffset: segment?.byteOffset ?? -1,
      segmentIndex: k,
      intactSegments: k,
    };
  }
  // A damaged frame cannot be trusted to be the end marker, so it is counted as the next segment.
  const n = layout.segments.length;
  const inFrame = p < layout.endStart + 13;
  return {
    code: 'checksum-mismatch',
    byteOffset: layout.endStart,
    segmentIndex: inFrame ? n : undefined,
    intactSegments: n,
  };
}

function expectDamage(error: EventLogError, expected: ExpectedDamage, layout: Layout): void {
  expect({
    code: error.code,
    byteOffset: error.byteOffset,
    segmentIndex: error.segmentIndex,
    intactSegments: error.intactSegments,
  }).toEqual({ ...expected, intactSegments: expected.intactSegments ?? 0 });
  expect(error.intactEntries).toBe(intactEntries(layout, expected).length);
}

function intactEntries(layout: Layout, expected: ExpectedDamage): LogEntry[] {
  return layout.segments.slice(0, expected.intactSegments ?? 0).flatMap((s) => s.entries);
}

/** Every reader of bytes either reports exactly this damage or returns exactly the intact prefix. */
function checkDamagedBytes(damaged: Uint8Array, layout: Layout, expected: ExpectedDamage): void {
  const error = catchEventLogError(() => readEventLog(damaged));
  expectDamage(error, expected, layout);

  // Streaming yields every intact segment, then throws the same error.
  const streamed: EventLogSegment[] = [];
  const streamError = catchEventLogError(() => {
    for (const segment of readEventLogSegments(damaged)) streamed.push(segment);
  });
  expect(streamError.message).toBe(error.message);
  expect(streamed).toEqual(layout.segments.slice(0, expected.intactSegments ?? 0));

  if (expected.intactSegments === undefined) {
    expect(catchEventLogError(() => salvageEventLog(damaged)).message).toBe(error.message);
  } else {
    const salvaged = salvageEventLog(damaged);
    expect(salvaged.header).toEqual(layout.header);
    expect(salvaged.entries).toEqual(intactEntries(layout, expected));
    expect(salvaged.damage?.message).toBe(error.message);
  }
}

const smallLog = encodeEventLog(fixedLogHeader, fixedLogEntries(40), { segmentSize: 7 });
const smallLayout = layoutOf(smallLog);
/** The same log written in format version 1, which this build still reads. */
const smallLogV1 = encodeEventLog(fixedLogHeader, fixedLogEntries(40), { formatVersion: 1, segmentSize: 7 });

describe('event log damage detection', () => {
  it('has a small log of several segments to damage', () => {
    expect(smallLayout.segments).toHaveLength(6);
    expect(layoutOf(smallLogV1).segments).toHaveLength(6);
    expect(readEventLog(smallLogV1).entries).toEqual(readEventLog(smallLog).entries);
  });

  for (const [version, log] of [
    [2, smallLog],
    [1, smallLogV1],
  ] as const) {
    const layout = layoutOf(log);

    it(`detects truncation at every byte offset and salvages the segments wholly before it (version ${version})`, () => {
      for (let t = 0; t < log.length; t++) {
        checkDamagedBytes(log.subarray(0, t), layout, expectedTruncation(layout, t));
      }
    });

    it(`detects a change of any single byte and salvages the segments before it (version ${version})`, () => {
      for (let p = 0; p < log.length; p++) {
        for (const mask of [1 << (p % 8), 0xff]) {
          const damaged = log.slice();
          damaged[p] = (damaged[p] ?? 0) ^ mask;
          checkDamagedBytes(damaged, layout, expectedChange(layout, p));
        }
      }
    });
  }

  it('never returns wrong data from a truncated random log', () => {
    fc.assert(
      fc.property(anyLog, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (log, cut) => {
        const bytes = encodeEventLog(log.header, log.entries, log.options);
        const layout = layoutOf(bytes);
        const t = Math.floor(cut * bytes.length);
        checkDamagedBytes(bytes.subarray(0, t), layout, expectedTruncation(layout, t));
      }),
      { numRuns: 300 },
    );
  });

  it('never returns wrong data from a random log with a changed byte', () => {
    fc.assert(
      fc.property(
        anyLog,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        (log, where, mask) => {
          const bytes = encodeEventLog(log.header, log.entries, log.options);
          const layout = layoutOf(bytes);
          const p = Math.floor(where * bytes.length);
          const damaged = bytes.slice();
          damaged[p] = (damaged[p] ?? 0) ^ mask;
          checkDamagedBytes(damaged, layout, expectedChange(layout, p));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports the same damage when reading a file in chunks as when reading bytes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        anyLog,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.boolean(),
        fc.constantFrom(1, 7, 64, 1 << 20),
        async (log, where, truncate, chunkSize) => {
          const bytes = encodeEventLog(log.header, log.entries, log.options);
          const p = Math.floor(where * bytes.length);
          let damaged = bytes.subarray(0, p);
          if (!truncate) {
            damaged = bytes.slice();
            damaged[p] = (damaged[p] ?? 0) ^ 0x20;
          }
          const path = join(dir, `damaged-${run++}.svlog`);
          writeFileSync(path, damaged);
          const fromBytes = catchEventLogError(() => readEventLog(damaged));
          await expect(readEventLogFile(path, { chunkSize })).rejects.toThrow(fromBytes.message);
          if (fromBytes.code === 'bad-magic' || fromBytes.byteOffset < layoutOf(bytes).headerEnd) {
            await expect(salvageEventLogFile(path, { chunkSize })).rejects.toThrow(fromBytes.message);
          } else {
            expect(await salvageEventLogFile(path, { chunkSize })).toEqual(salvageEventLog(damaged));
          }
          rmSync(path);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('says which segment is damaged, what was expected, and what is still intact', () => {
    const log = encodeEventLog(fixedLogHeader, fixedLogEntries(30), { segmentSize: 7 });
    const { segments, endStart } = layoutOf(log);
    const segment3 = segments[3];
    const segment4 = segments[4];
    if (segment3 === undefined || segment4 === undefined) throw new Error('expected 5 segments');

    const flipped = log.slice();
    flipped[segment3.byteOffset + 20] = (flipped[segment3.byteOffset + 20] ?? 0) ^ 1;
    expect(() => readEventLog(flipped)).toThrow(
      new RegExp(
        `^segment 3 at byte offset ${segment3.byteOffset}: checksum mismatch \\(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\\); ` +
          'the log is damaged from here on; segments 0-2 \\(21 events\\) are intact$',
      ),
    );

    const payloadLength = segment4.byteLength - 13 - 4;
    const cut = segment4.byteOffset + 13 + 50;
    expect(() => readEventLog(log.subarray(0, cut))).toThrow(
      `truncated at byte offset ${cut} inside segment 4 (expected ${payloadLength} payload bytes and a 4-byte checksum, ` +
        `found 50 bytes); segments 0-3 (28 events) are intact`,
    );

    expect(() => readEventLog(log.subarray(0, endStart))).toThrow(
      `truncated at byte offset ${endStart} after segment 4: the end-of-log marker is missing; ` +
        'segments 0-4 (30 events) are intact',
    );
    expect(() => readEventLog(log.subarray(0, smallLayout.headerEnd - 3))).toThrow(
      /^truncated at byte offset \d+ inside the file header \(expected \d+ header bytes and a 4-byte checksum, found \d+ bytes\); no segments are readable$/,
    );
  });

  it('refuses a file that is not an event log', async () => {
    const json = new TextEncoder().encode('{"seq":0,"at":0,"event":{"type":"pod/added"}}\n');
    expect(() => readEventLog(json)).toThrow(
      'not an svcsim event log (bad magic at byte 0: expected "SVLOG\\r\\n\\u001a", found bytes 7b 22 73 65 71 22 3a 30)',
    );
    expect(catchEventLogError(() => salvageEventLog(json)).code).toBe('bad-magic');
    const path = join(dir, 'not-a-log.svlog');
    writeFileSync(path, json);
    await expect(readEventLogFile(path)).rejects.toThrow('not an svcsim event log (bad magic at byte 0');
    expect(catchEventLogError(() => readEventLog(new Uint8Array(0))).message).toBe(
      'truncated at byte offset 0 inside the file header (expected 18 bytes, found 0); no segments are readable',
    );
  });

  it('refuses a log of an unknown format version, naming both versions', async () => {
    const future = withVersion(smallLog, 9);
    const error = catchEventLogError(() => readEventLog(future));
    expect(error.code).toBe('unsupported-version');
    expect(error.byteOffset).toBe(8);
    expect(error.message).toBe(
      'format version 9 is not supported by this svcsim (supports 1 and 2); read the log with the svcsim that wrote it',
    );
    expect(catchEventLogError(() => salvageEventLog(future)).code).toBe('unsupported-version');
    const path = join(dir, 'future.svlog');
    writeFileSync(path, future);
    await expect(salvageEventLogFile(path)).rejects.toThrow(
      'format version 9 is not supported by this svcsim (supports 1 and 2)',
    );
    // A version field changed by damage (prefix CRC not updated) is damage, not a newer format.
    const damaged = smallLog.slice();
    damaged[9] = 9;
    expect(catchEventLogError(() => readEventLog(damaged)).code).toBe('checksum-mismatch');
  });
});

describe('event log well-formedness', () => {
  const header = craftHeader(validHeaderBody);
  const goodSegment = craftSegment(2, [5, 10, { type: 'a' }, 1, 0, { type: 'b' }]);

  // Segment 0 holds seq 5 and 6 at 10; each case is segment 1.
  const cases: readonly (readonly [string, Uint8Array, string])[] = [
    [
      'seq that does not increase',
      craftSegment(2, [7, 10, { type: 'a' }, 0, 0, { type: 'b' }]),
      'entry 1 is malformed (seq 7 does not follow 7)',
    ],
    [
      'seq that goes back across segments',
      craftSegment(1, [6, 10, { type: 'a' }]),
      'entry 0 is malformed (seq 6 does not follow 6)',
    ],
    [
      'at that goes back',
      craftSegment(2, [7, 10, { type: 'a' }, 1, -3, { type: 'b' }]),
      "entry 1 is malformed (at 7 is before the previous entry's at 10)",
    ],
    [
      'a fractional at',
      craftSegment(1, [7, 10.5, { type: 'a' }]),
      'entry 0 is malformed (at is not a safe integer)',
    ],
    [
      'a seq that is not a number',
      craftSegment(1, ['7', 10, { type: 'a' }]),
      'entry 0 is malformed (seq is not a safe integer)',
    ],
    [
      'an event without a type',
      craftSegment(1, [7, 10, { kind: 'a' }]),
      'entry 0 is malformed (the event has no string type)',
    ],
    [
      'an event that is not an object',
      craftSegment(1, [7, 10, ['a']]),
      'entry 0 is malformed (the event is not an object)',
    ],
    [
      'a count that does not match',
      craftSegment(2, [7, 10, { type: 'a' }]),
      'the payload holds 3 values, expected 6 values for 2 entries',
    ],
    [
      'a payload that is not msgpack',
      craftBlock('S', 1, Uint8Array.of(0x93, 0x07)),
      'the payload is not valid msgpack',
    ],
    ['an unknown block', craftBlock('X', 0, new Uint8Array(0)), 'has an unknown tag 0x58'],
  ];

  for (const [what, bad, reason] of cases) {
    it(`refuses a segment with ${what}, naming the segment and keeping the ones before`, () => {
      const bytes = concatBytes(header, goodSegment, bad, craftEnd(2, 3));
      const error = catchEventLogError(() => readEventLog(bytes));
      expect(error.code).toBe('malformed');
      expect(error.segmentIndex).toBe(1);
      expect(error.byteOffset).toBe(header.length + goodSegment.length);
      expect(error.message).toContain(reason);
      expect(error.message).toContain(`at byte offset ${header.length + goodSegment.length}`);
      expect(error.message).toContain('segment 0 (2 events) is intact');
      const salvaged = salvageEventLog(bytes);
      expect(salvaged.entries).toEqual([
        { seq: 5, at: 10, event: { type: 'a' } },
        { seq: 6, at: 10, event: { type: 'b' } },
      ]);
      expect(salvaged.damage?.message).toBe(error.message);
    });
  }

  it('requires the first seq and at to be non-negative', () => {
    for (const [values, reason] of [
      [[-1, 0, { type: 'a' }], 'seq -1 is negative'],
      [[0, -1, { type: 'a' }], 'at -1 is negative'],
    ] as const) {
      const bytes = concatBytes(header, craftSegment(1, values), craftEnd(1, 1));
      expect(() => readEventLog(bytes)).toThrow(
        `segment 0 at byte offset ${header.length}: entry 0 is malformed (${reason}); no segment before it is intact`,
      );
    }
  });

  it('checks the end-of-log marker against what precedes it', () => {
    const bytes = concatBytes(header, goodSegment, craftEnd(2, 7));
    const error = catchEventLogError(() => readEventLog(bytes));
    expect(error.code).toBe('malformed');
    expect(error.message).toBe(
      `the end-of-log marker at byte offset ${header.length + goodSegment.length} counts 2 segments and 7 entries, ` +
        'but 1 segments and 2 entries precede it; segment 0 (2 events) is intact',
    );
  });

  it('refuses bytes after the end-of-log marker but salvages every entry', () => {
    const intact = concatBytes(header, goodSegment, craftEnd(1, 2));
    expect(readEventLog(intact).entries).toHaveLength(2);
    const bytes = concatBytes(intact, Uint8Array.of(0));
    expect(() => readEventLog(bytes)).toThrow(
      `unexpected bytes at byte offset ${intact.length}, after the end-of-log marker`,
    );
    const salvaged = salvageEventLog(bytes);
    expect(salvaged.entries).toHaveLength(2);
    expect(salvaged.damage?.code).toBe('malformed');
  });

  it('refuses a malformed header', () => {
    const cases: readonly (readonly [unknown, string])[] = [
      [{ ...validHeaderBody, seed: 'seven' }, 'seed is not a safe integer'],
      [{ ...validHeaderBody, scenarioDigest: 1 }, 'scenarioDigest is not a string'],
      [{ ...validHeaderBody, meta: [] }, 'meta is not a map'],
      [{ ...validHeaderBody, structures: [[1]] }, 'structures holds something other than lists of keys'],
      [[1, 2], 'its body is not a map'],
    ];
    for (const [body, reason] of cases) {
      const bytes = concatBytes(craftHeader(body), craftEnd(0, 0));
      const error = catchEventLogError(() => salvageEventLog(bytes));
      expect(error.code).toBe('malformed');
      expect(error.message).toBe(
        `the file header at byte offset 0 is malformed: ${reason}; no segments are readable`,
      );
    }
  });
});
