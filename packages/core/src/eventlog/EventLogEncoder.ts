import { crc32 } from 'node:zlib';

import type { LogEntry } from '../LogEntry.js';
import {
  assertStructureLimits,
  createHeaderPackr,
  createSegmentPackr,
  DEFAULT_STRUCTURE_LIMITS,
  type StructureLimits,
} from './eventLogCodec.js';
import {
  CRC_LENGTH,
  DEFAULT_EVENT_LOG_SEGMENT_SIZE,
  END_PAYLOAD_LENGTH,
  END_TAG,
  EVENT_LOG_FORMAT_VERSION,
  FILE_PREFIX_CHECKED_LENGTH,
  FILE_PREFIX_LENGTH,
  FRAME_CHECKED_LENGTH,
  FRAME_LENGTH,
  MAGIC_BYTES,
  SEGMENT_TAG,
  type EventLogHeader,
} from './eventLogFormat.js';
import { findNonPlainData } from './findNonPlainData.js';

/** How a log is cut into segments and how large its msgpackr structure tables may grow. */
export interface EventLogEncoderOptions {
  /** Entries per segment (default 10,000). Smaller segments lose less to damage but cost framing. */
  readonly segmentSize?: number;
  /** Cap on the structure table in the header (default 1024); see eventLogCodec.ts. */
  readonly maxSharedStructures?: number;
  /** Cap on structures defined inline per segment once the table is full (default 1024). */
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
 * Creates an encoder for one log. Segments are packed as soon as they fill, but kept in memory: the
 * header carries the final msgpackr structure table, so it can only be written once the last segment
 * is packed, and finish() returns header + segments as one buffer. The header is packed by finish() and
 * events when their segment fills, so neither may be mutated after it is handed over (events are
 * immutable plain data anyway).
 */
export function createEventLogEncoder<E = unknown>(
  header: EventLogHeader,
  options: EventLogEncoderOptions = {},
): EventLogEncoder<E> {
  assertHeader(header);
  const segmentSize = options.segmentSize ?? DEFAULT_EVENT_LOG_SEGMENT_SIZE;
  if (!Number.isSafeInteger(segmentSize) || segmentSize < 1 || segmentSize > 0xffffffff) {
    throw new RangeError(`segmentSize must be an integer in 1..2^32-1, got ${String(segmentSize)}`);
  }
  const limits: StructureLimits = {
    maxSharedStructures: options.maxSharedStructures ?? DEFAULT_STRUCTURE_LIMITS.maxSharedStructures,
    maxOwnStructures: options.maxOwnStructures ?? DEFAULT_STRUCTURE_LIMITS.maxOwnStructures,
  };
  assertStructureLimits(limits);

  // A fresh Packr and table per log: nothing learned from another log can change this one's bytes.
  const structures: string[][] = [];
  const packr = createSegmentPackr(structures, limits);
  const segments: Uint8Array[] = [];
  // The pending segment, flattened as msgpackr will write it: seq and at as deltas from the previous
  // entry of the same segment (absolute for its first entry), so they take 1-2 bytes instead of up to 9,
  // and each segment still decodes on its own.
  let pending: unknown[] = [];
  let segmentFirst = true;
  let entryCount = 0;
  let lastSeq = -1;
  let lastAt = 0;
  let finished: Uint8Array | undefined;

  const flush = (): void => {
    const count = pending.length / 3;
    if (count === 0) return;
    // frameBlock copies the payload out of msgpackr's scratch buffer, which later packs may reuse.
    segments.push(frameBlock(SEGMENT_TAG, count, packr.pack(pending)));
    pending = [];
    segmentFirst = true;
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

      if (segmentFirst) pending.push(seq, at, event);
      else pending.push(seq - lastSeq, at - lastAt, event);
      segmentFirst = false;
      lastSeq = seq;
      lastAt = at;
      entryCount++;
      if (pending.length === segmentSize * 3) flush();
    },
    get entryCount() {
      return entryCount;
    },
    finish() {
      if (finished !== undefined) return finished;
      flush();
      const headerBlock = encodeHeaderBlock(header, structures.slice(0, sharedLength(structures)));
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

/** msgpackr records how many entries of the table are shared on the array itself. */
function sharedLength(structures: string[][]): number {
  return (structures as { sharedLength?: number }).sharedLength ?? 0;
}

function encodeHeaderBlock(header: EventLogHeader, structures: readonly string[][]): Uint8Array {
  // Plain copies: msgpackr hangs bookkeeping properties on the arrays it shares.
  const body = new Uint8Array(
    createHeaderPackr().pack({
      seed: header.seed,
      scenarioDigest: header.scenarioDigest,
      meta: header.meta,
      structures: structures.map((keys) => [...keys]),
    }),
  );
  const block = new Uint8Array(FILE_PREFIX_LENGTH + body.length + CRC_LENGTH);
  const view = new DataView(block.buffer);
  block.set(MAGIC_BYTES, 0);
  view.setUint16(8, EVENT_LOG_FORMAT_VERSION);
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
