import { crc32 } from 'node:zlib';

import type { Unpackr } from 'msgpackr';

import {
  CompactSegmentError,
  decodeCompactSegment,
  type DecodedSegment,
} from './compact/decodeCompactSegment.js';
import { decodeMsgpackSegment } from './decodeMsgpackSegment.js';
import { createHeaderUnpackr, createSegmentUnpackr } from './eventLogCodec.js';
import { EventLogError, type EventLogErrorCode } from './EventLogError.js';
import {
  CRC_LENGTH,
  END_PAYLOAD_LENGTH,
  END_TAG,
  EVENT_LOG_MAGIC,
  FILE_PREFIX_CHECKED_LENGTH,
  FILE_PREFIX_LENGTH,
  FRAME_CHECKED_LENGTH,
  FRAME_LENGTH,
  MAGIC_BYTES,
  SEGMENT_TAG,
  SUPPORTED_EVENT_LOG_FORMAT_VERSIONS,
  type EventLogHeader,
  type EventLogSegment,
} from './eventLogFormat.js';

/** What the parser produces, in file order: one header, then the segments. */
export type EventLogItem<E> =
  | { readonly kind: 'header'; readonly header: EventLogHeader }
  | { readonly kind: 'segment'; readonly segment: EventLogSegment<E> };

/**
 * A parser step: an item, or a request for the next `length` bytes of the file. The driver answers a
 * request with exactly `length` bytes, or with fewer (possibly none) when the file ends; the parser
 * only reads forward and does not keep the bytes, so a driver may hand out views into a buffer it reuses
 * once the next request comes.
 */
export type EventLogParseStep<E> = EventLogItem<E> | { readonly kind: 'read'; readonly length: number };

/** How entries are read. */
export interface EventLogReadOptions {
  /**
   * Keep only the entries whose event type this accepts (asked once per event shape and segment in version 2
   * logs, whose other entries are stepped over without being built: what a replay that needs only
   * state changes does). Every entry is still checked; segments report their full entry count in
   * the frame, and `entries` holds the kept ones.
   */
  readonly select?: (type: string) => boolean;
}

/**
 * The one `.svlog` parser, written as a coroutine so that the in-memory reader and the chunked file
 * reader share every check and every error message. Throws EventLogError at the first problem, after
 * having yielded every segment before it.
 */
export function* parseEventLog<E>(
  options: EventLogReadOptions = {},
): Generator<EventLogParseStep<E>, void, Uint8Array | undefined> {
  const { select } = options;
  const { header, version, structures, length: headerLength } = yield* parseHeader();
  yield { kind: 'header', header };

  let unpackr: Unpackr | undefined;
  let offset = headerLength;
  let index = 0;
  let entryCount = 0;
  let lastSeq = -1;
  let lastAt = 0;
  const fail = (
    code: EventLogErrorCode,
    message: string,
    byteOffset: number,
    inSegment: boolean,
  ): EventLogError =>
    new EventLogError(code, `${message}; ${describeIntact(index, entryCount)}`, {
      byteOffset,
      segmentIndex: inSegment ? index : undefined,
      intactSegments: index,
      intactEntries: entryCount,
    });

  for (;;) {
    const start = offset;
    const frame = yield* read(FRAME_LENGTH);
    if (frame.length === 0) {
      const after = index === 0 ? 'the file header' : `segment ${index - 1}`;
      throw fail(
        'truncated',
        `truncated at byte offset ${start} after ${after}: the end-of-log marker is missing`,
        start,
        false,
      );
    }
    // The tag is unverified until the frame CRC passes; for truncation (bytes missing, not changed) it
    // tells whether the cut is inside a segment or inside the end-of-log marker.
    const isEnd = frame[0] === END_TAG;
    const what = isEnd ? 'the end-of-log marker' : `segment ${index}`;
    if (frame.length < FRAME_LENGTH) {
      const at = start + frame.length;
      throw fail(
        'truncated',
        `truncated at byte offset ${at} inside ${what} (expected a ${FRAME_LENGTH}-byte frame at byte offset ${start}, found ${frame.length} bytes)`,
        at,
        !isEnd,
      );
    }
    const frameView = view(frame);
    const storedFrameCrc = frameView.getUint32(FRAME_CHECKED_LENGTH);
    const frameCrc = crc32(frame.subarray(0, FRAME_CHECKED_LENGTH));
    if (storedFrameCrc !== frameCrc) {
      // The tag may be the damaged byte, so the block is named by position: the segment it would be.
      throw fail(
        'checksum-mismatch',
        `segment ${index} at byte offset ${start}: checksum mismatch in its frame (${crcs(storedFrameCrc, frameCrc)}); the log is damaged from here on`,
        start,
        true,
      );
    }
    const tag = frameView.getUint8(0);
    const count = frameView.getUint32(1);
    const payloadLength = frameView.getUint32(5);

    const body = yield* read(payloadLength + CRC_LENGTH);
    if (body.length < payloadLength + CRC_LENGTH) {
      const at = start + FRAME_LENGTH + body.length;
      throw fail(
        'truncated',
        `truncated at byte offset ${at} inside ${what} (expected ${payloadLength} payload bytes and a ${CRC_LENGTH}-byte checksum, found ${body.length} bytes)`,
        at,
        !isEnd,
      );
    }
    const payload = body.subarray(0, payloadLength);
    const storedCrc = view(body).getUint32(payloadLength);
    const payloadCrc = crc32(payload);
    if (storedCrc !== payloadCrc) {
      throw fail(
        'checksum-mismatch',
        `${what} at byte offset ${start}: checksum mismatch (${crcs(storedCrc, payloadCrc)}); the log is damaged from here on`,
        start,
        !isEnd,
      );
    }
    offset = start + FRAME_LENGTH + payloadLength + CRC_LENGTH;

    if (tag === END_TAG) {
      if (payloadLength !== END_PAYLOAD_LENGTH) {
        throw fail(
          'malformed',
          `the end-of-log marker at byte offset ${start} has a ${payloadLength}-byte payload (expected ${END_PAYLOAD_LENGTH})`,
          start,
          false,
        );
      }
      const payloadView = view(payload);
      const total = payloadView.getUint32(0) * 0x1_0000_0000 + payloadView.getUint32(4);
      if (count !== index || total !== entryCount) {
        throw fail(
          'malformed',
          `the end-of-log marker at byte offset ${start} counts ${count} segments and ${total} entries, but ${index} segments and ${entryCount} entries precede it`,
          start,
          false,
        );
      }
      const trailing = yield* read(1);
      if (trailing.length > 0) {
        throw fail(
          'malformed',
          `unexpected bytes at byte offset ${offset}, after the end-of-log marker`,
          offset,
          false,
        );
      }
      return;
    }
    if (tag !== SEGMENT_TAG) {
      throw fail('malformed', `block at byte offset ${start} has an unknown tag 0x${hex2(tag)}`, start, true);
    }

    let decoded: DecodedSegment<E>;
    if (version === 1) {
      unpackr ??= createSegmentUnpackr(structures);
      decoded = decodeMsgpackSegment<E>(unpackr, payload, count, lastSeq, lastAt, select, (problem) =>
        fail('malformed', `segment ${index} at byte offset ${start}: ${problem}`, start, true),
      );
    } else {
      try {
        decoded = decodeCompactSegment<E>(payload, count, lastSeq, lastAt, select);
      } catch (error) {
        if (!(error instanceof CompactSegmentError)) throw error;
        const what = error.entryIndex === undefined ? 'the payload' : `entry ${error.entryIndex}`;
        throw fail(
          'malformed',
          `segment ${index} at byte offset ${start}: ${what} is malformed at payload byte ${error.payloadByte} (${error.message})`,
          start,
          true,
        );
      }
    }
    const { entries } = decoded;
    const segment: EventLogSegment<E> = { index, byteOffset: start, byteLength: offset - start, entries };
    lastSeq = decoded.lastSeq;
    lastAt = decoded.lastAt;
    index++;
    entryCount += count;
    yield { kind: 'segment', segment };
  }
}

/** Feeds {@link parseEventLog} from bytes in memory, handing out views (no copies). */
export function* parseEventLogBytes<E>(
  bytes: Uint8Array,
  options: EventLogReadOptions = {},
): Generator<EventLogItem<E>, void, undefined> {
  const parser = parseEventLog<E>(options);
  let position = 0;
  let answer: Uint8Array | undefined;
  for (;;) {
    const step = parser.next(answer);
    if (step.done === true) return;
    if (step.value.kind === 'read') {
      answer = bytes.subarray(position, position + step.value.length);
      position += answer.length;
    } else {
      answer = undefined;
      yield step.value;
    }
  }
}

interface ParsedHeader {
  readonly header: EventLogHeader;
  readonly version: number;
  readonly structures: readonly (readonly string[])[];
  /** Bytes of the header block. */
  readonly length: number;
}

function* parseHeader(): Generator<EventLogParseStep<never>, ParsedHeader, Uint8Array | undefined> {
  const noSegments = { byteOffset: 0, intactSegments: 0, intactEntries: 0 };
  const prefix = yield* read(FILE_PREFIX_LENGTH);
  for (let i = 0; i < Math.min(prefix.length, MAGIC_BYTES.length); i++) {
    if (prefix[i] !== MAGIC_BYTES[i]) {
      const found = [...prefix.subarray(0, MAGIC_BYTES.length)].map(hex2).join(' ');
      throw new EventLogError(
        'bad-magic',
        `not an svcsim event log (bad magic at byte 0: expected ${JSON.stringify(EVENT_LOG_MAGIC)}, found bytes ${found})`,
        noSegments,
      );
    }
  }
  if (prefix.length < FILE_PREFIX_LENGTH) {
    throw new EventLogError(
      'truncated',
      `truncated at byte offset ${prefix.length} inside the file header (expected ${FILE_PREFIX_LENGTH} bytes, found ${prefix.length}); no segments are readable`,
      { ...noSegments, byteOffset: prefix.length },
    );
  }
  const prefixView = view(prefix);
  const storedPrefixCrc = prefixView.getUint32(FILE_PREFIX_CHECKED_LENGTH);
  const prefixCrc = crc32(prefix.subarray(0, FILE_PREFIX_CHECKED_LENGTH));
  if (storedPrefixCrc !== prefixCrc) {
    throw new EventLogError(
      'checksum-mismatch',
      `the file header at byte offset 0 is damaged: checksum mismatch (${crcs(storedPrefixCrc, prefixCrc)}); no segments are readable`,
      noSegments,
    );
  }
  // Checked only now: every version keeps this prefix, so a valid prefix CRC means the number is real.
  const version = prefixView.getUint16(8);
  if (!SUPPORTED_EVENT_LOG_FORMAT_VERSIONS.includes(version)) {
    throw new EventLogError(
      'unsupported-version',
      `format version ${version} is not supported by this svcsim (supports ${SUPPORTED_EVENT_LOG_FORMAT_VERSIONS.join(' and ')}); read the log with the svcsim that wrote it`,
      { ...noSegments, byteOffset: 8 },
    );
  }
  const bodyLength = prefixView.getUint32(10);
  const body = yield* read(bodyLength + CRC_LENGTH);
  if (body.length < bodyLength + CRC_LENGTH) {
    const at = FILE_PREFIX_LENGTH + body.length;
    throw new EventLogError(
      'truncated',
      `truncated at byte offset ${at} inside the file header (expected ${bodyLength} header bytes and a ${CRC_LENGTH}-byte checksum, found ${body.length} bytes); no segments are readable`,
      { ...noSegments, byteOffset: at },
    );
  }
  const headerBody = body.subarray(0, bodyLength);
  const storedCrc = view(body).getUint32(bodyLength);
  const bodyCrc = crc32(headerBody);
  if (storedCrc !== bodyCrc) {
    throw new EventLogError(
      'checksum-mismatch',
      `the file header at byte offset 0 is damaged: checksum mismatch in its body (${crcs(storedCrc, bodyCrc)}); no segments are readable`,
      noSegments,
    );
  }
  let decoded: unknown;
  try {
    decoded = createHeaderUnpackr().unpack(headerBody);
  } catch (error) {
    throw new EventLogError(
      'malformed',
      `the file header at byte offset 0 is malformed: its body is not valid msgpack (${String(error)}); no segments are readable`,
      noSegments,
    );
  }
  const problem = describeHeaderProblem(decoded, version);
  if (problem !== undefined) {
    throw new EventLogError(
      'malformed',
      `the file header at byte offset 0 is malformed: ${problem}; no segments are readable`,
      noSegments,
    );
  }
  const { seed, scenarioDigest, meta, structures = [] } = decoded as StoredHeader;
  return {
    header: { seed, scenarioDigest, meta },
    version,
    structures,
    length: FILE_PREFIX_LENGTH + bodyLength + CRC_LENGTH,
  };
}

interface StoredHeader extends EventLogHeader {
  /** Version 1's msgpackr structure table. */
  readonly structures?: readonly (readonly string[])[];
}

function describeHeaderProblem(value: unknown, version: number): string | undefined {
  if (!isRecord(value)) return 'its body is not a map';
  if (!Number.isSafeInteger(value.seed)) return 'seed is not a safe integer';
  if (typeof value.scenarioDigest !== 'string') return 'scenarioDigest is not a string';
  if (!isRecord(value.meta)) return 'meta is not a map';
  if (version !== 1) return undefined;
  const { structures } = value;
  if (!Array.isArray(structures)) return 'structures is not an array';
  for (const keys of structures as unknown[]) {
    if (!Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) {
      return 'structures holds something other than lists of keys';
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* read(length: number): Generator<EventLogParseStep<never>, Uint8Array, Uint8Array | undefined> {
  const bytes = yield { kind: 'read', length };
  if (bytes === undefined) throw new Error('parseEventLog: a read request was answered without bytes');
  return bytes;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function describeIntact(segments: number, entries: number): string {
  if (segments === 0) return 'no segment before it is intact';
  if (segments === 1) return `segment 0 (${entries} events) is intact`;
  return `segments 0-${segments - 1} (${entries} events) are intact`;
}

function crcs(stored: number, computed: number): string {
  return `stored 0x${stored.toString(16).padStart(8, '0')}, computed 0x${computed.toString(16).padStart(8, '0')}`;
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
