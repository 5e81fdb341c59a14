import { crc32 } from 'node:zlib';

import type { LogEntry } from '../LogEntry.js';
import { createCompactSegmentPacker } from './compact/createCompactSegmentPacker.js';
import { createMsgpackSegmentPacker } from './createMsgpackSegmentPacker.js';
import { createHeaderPackr } from './eventLogCodec.js';
import {
  CRC_LENGTH,
  DEFAULT_EVENT_LOG_SEGMENT_SIZE,
  DEFAULT_V1_SEGMENT_SIZE,
  END_PAYLOAD_LENGTH,
  END_TAG,
  EVENT_LOG_FORMAT_VERSION,
  FILE_PREFIX_CHECKED_LENGTH,
  FILE_PREFIX_LENGTH,
  FRAME_CHECKED_LENGTH,
  FRAME_LENGTH,
  MAGIC_BYTES,
  SEGMENT_TAG,
  type EventLogFormatVersion,
  type EventLogHeader,
} from './eventLogFormat.js';
import { findNonPlainData } from './findNonPlainData.js';
import type { SegmentPacker } from './SegmentPacker.js';

/** How a log is written: its format version and how it is cut into segments. */
export interface EventLogEncoderOptions {
  /**
   * The format version to write (default {@link EVENT_LOG_FORMAT_VERSION}, 2). Version 1 is for
   * handing a log to an older svcsim, and for testing the reader's support of old files.
   */
  readonly formatVersion?: EventLogFormatVersion;
  /** Entries per segment (default 50,000; 10,000 for version 1). Smaller segments lose less to damage but cost size. */
  readonly segmentSize?: number;
  /** Version 1 only: cap on the structure table in the header (default 1024); see eventLogCodec.ts. */
  readonly maxSharedStructures?: number;
  /** Version 1 only: cap on structures defined inline per segment once the table is full (default 1024). */
  readonly maxOwnStructures?: number;
}

/** Builds one `.svlog` file from entries appended in (at, seq) order. */
export interface EventLogEncoder<E = unknown> {
  /** Adds the next entry; throws a TypeError if it is out of order or not plain data. */
  append(entry: LogEntry<E>): void;
  /** Entries appended so far. */
  readonly entryCount: number;
  /** The whole file; no appends after this. Calling it again returns the same bytes. */
  finish(): Uint8Array;
}

/**
 * Creates an encoder for one log. Segments are packed as soon as they fill, and kept in memory until
 * finish() returns header + segments as one buffer (version 1's header carries the msgpackr structure
 * table, known only once the last segment is packed). Events are packed when their segment fills and
 * the header by finish(), so neither may be mutated after it is handed over (events are immutable
 * plain data anyway).
 */
export function createEventLogEncoder<E = unknown>(
  header: EventLogHeader,
  options: EventLogEncoderOptions = {},
): EventLogEncoder<E> {
  assertHeader(header);
  // Checked at run time too: JavaScript callers and casts can pass anything.
  const version: number = options.formatVersion ?? EVENT_LOG_FORMAT_VERSION;
  if (version !== 1 && version !== 2) {
    throw new RangeError(`formatVersion must be 1 or 2, got ${String(version)}`);
  }
  const segmentSize =
    options.segmentSize ?? (version === 1 ? DEFAULT_V1_SEGMENT_SIZE : DEFAULT_EVENT_LOG_SEGMENT_SIZE);
  if (!Number.isSafeInteger(segmentSize) || segmentSize < 1 || segmentSize > 0xffffffff) {
    throw new RangeError(`segmentSize must be an integer in 1..2^32-1, got ${String(segmentSize)}`);
  }
  if (
    version !== 1 &&
    (options.maxSharedStructures !== undefined || options.maxOwnStructures !== undefined)
  ) {
    throw new RangeError('maxSharedStructures and maxOwnStructures apply to format version 1 only');
  }
  const packer: SegmentPacker =
    version === 1
      ? createMsgpackSegmentPacker({
          ...(options.maxSharedStructures !== undefined && {
            maxSharedStructures: options.maxSharedStructures,
          }),
          ...(options.maxOwnStructures !== undefined && { maxOwnStructures: options.maxOwnStructures }),
        })
      : createCompactSegmentPacker();

  const segments: Uint8Array[] = [];
  let pending: LogEntry<E>[] = [];
  let entryCount = 0;
  let lastSeq = -1;
  let lastAt = 0;
  let finished: Uint8Array | undefined;

  const flush = (): void => {
    if (pending.length === 0) return;
    segments.push(frameBlock(SEGMENT_TAG, pending.length, packer.pack(pending)));
    pending = [];
  };

  return {
    append(entry) {
      if (finished !== undefined) throw new Error('EventLogEncoder: append() after finish()');
      const { seq, at, event } = entry;
      if (!Number.isSafeInteger(seq) || seq <= lastSeq) {
        throw new TypeError(
          `entry #${entryCount}: seq ${String(seq)} must be a safe integer greater than the previous seq (${lastSeq})`,
        );
      }
      if (!Number.isSafeInteger(at) || at < lastAt) {
        throw new TypeError(
          `entry #${entryCount} (seq ${seq}): at ${String(at)} must be a safe integer ≥ the previous at (${lastAt})`,
        );
      }
      if (
        typeof event !== 'object' ||
        event === null ||
        Array.isArray(event) ||
        typeof (event as { type?: unknown }).type !== 'string'
      ) {
        throw new TypeError(`entry #${entryCount} (seq ${seq}): event must be an object with a string type`);
      }
      const problem = findNonPlainData(event);
      if (problem !== undefined) throw new TypeError(`entry #${entryCount} (seq ${seq}): event${problem}`);

      pending.push(entry);
      lastSeq = seq;
      lastAt = at;
      entryCount++;
      if (pending.length === segmentSize) flush();
    },
    get entryCount() {
      return entryCount;
    },
    finish() {
      if (finished !== undefined) return finished;
      flush();
      const headerBlock = encodeHeaderBlock(version, header, packer.headerFields());
      const end = new Uint8Array(END_PAYLOAD_LENGTH);
      const view = new DataView(end.buffer);
      view.setUint32(0, Math.floor(entryCount / 0x1_0000_0000));
      view.setUint32(4, entryCount >>> 0);
      finished = concat([headerBlock, ...segments, frameBlock(END_TAG, segments.length, end)]);
      segments.length = 0;
      return finished;
    },
  };
}

/** Encodes a whole log in one call. */
export function encodeEventLog<E>(
  header: EventLogHeader,
  entries: Iterable<LogEntry<E>>,
  options: EventLogEncoderOptions = {},
): Uint8Array {
  const encoder = createEventLogEncoder<E>(header, options);
  for (const entry of entries) encoder.append(entry);
  return encoder.finish();
}

function assertHeader(header: EventLogHeader): void {
  if (!Number.isSafeInteger(header.seed)) {
    throw new TypeError(`event log header: seed must be a safe integer, got ${String(header.seed)}`);
  }
  if (typeof header.scenarioDigest !== 'string') {
    throw new TypeError('event log header: scenarioDigest must be a string');
  }
  const meta: unknown = header.meta;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new TypeError('event log header: meta must be a plain object ({} when unused)');
  }
  const problem = findNonPlainData(meta);
  if (problem !== undefined) throw new TypeError(`event log header: meta${problem}`);
}

function encodeHeaderBlock(
  version: EventLogFormatVersion,
  header: EventLogHeader,
  extraFields: Record<string, unknown>,
): Uint8Array {
  const body = new Uint8Array(
    createHeaderPackr().pack({
      seed: header.seed,
      scenarioDigest: header.scenarioDigest,
      meta: header.meta,
      ...extraFields,
    }),
  );
  const block = new Uint8Array(FILE_PREFIX_LENGTH + body.length + CRC_LENGTH);
  const view = new DataView(block.buffer);
  block.set(MAGIC_BYTES, 0);
  view.setUint16(8, version);
  view.setUint32(10, body.length);
  view.setUint32(FILE_PREFIX_CHECKED_LENGTH, crc32(block.subarray(0, FILE_PREFIX_CHECKED_LENGTH)));
  block.set(body, FILE_PREFIX_LENGTH);
  view.setUint32(FILE_PREFIX_LENGTH + body.length, crc32(body));
  return block;
}

/** Frame (tag, count, payload length, frame CRC) + payload + payload CRC. */
function frameBlock(tag: number, count: number, payload: Uint8Array): Uint8Array {
  const block = new Uint8Array(FRAME_LENGTH + payload.length + CRC_LENGTH);
  const view = new DataView(block.buffer);
  block[0] = tag;
  view.setUint32(1, count);
  view.setUint32(5, payload.length);
  view.setUint32(FRAME_CHECKED_LENGTH, crc32(block.subarray(0, FRAME_CHECKED_LENGTH)));
  block.set(payload, FRAME_LENGTH);
  view.setUint32(FRAME_LENGTH + payload.length, crc32(payload));
  return block;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
