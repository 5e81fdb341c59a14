import type { LogEntry } from '../LogEntry.js';

/**
 * The `.svlog` byte layout. All integers in frames are big-endian; every CRC is CRC-32 (zlib).
 *
 * ```
 * file header   magic (8) | format version u16 | body length u32 | CRC of these 14 bytes u32
 *               body: msgpack map { seed, scenarioDigest, meta [, structures (version 1)] } | CRC of body u32
 * segment  ×N   frame: tag 'S' | entry count u32 | payload length u32 | CRC of these 9 bytes u32
 *               payload (version 2): compact entries, see compact/compactSegmentFormat.ts | CRC of payload u32
 *               payload (version 1): msgpack array [seqΔ, atΔ, event, seqΔ, atΔ, event, …] | CRC of payload u32
 * end marker    frame: tag 'E' | segment count u32 | payload length u32 (= 8) | CRC of these 9 bytes u32
 *               payload: total entry count u64 | CRC of payload u32
 * ```
 *
 * The fixed 18-byte prefix (magic, version, body length, CRC) is the one promise every future version
 * keeps, so an old reader can tell "a newer format" (prefix CRC valid, version unknown) from "damage".
 * Frames carry their own CRC so that a damaged length field is reported as a checksum mismatch instead
 * of sending the reader to a wrong offset or making a flipped byte look like truncation.
 *
 * Version 2 (written since issue 2's size and replay targets) differs from version 1 only in the segment
 * payload and in having no msgpackr structure table in the header: each segment carries its own string
 * and shape tables, so it decodes alone and can be written as soon as it is full. Version 1 files are
 * still read.
 */
export const EVENT_LOG_FORMAT_VERSION = 2;

/** Every format version this build reads, oldest first. */
export const SUPPORTED_EVENT_LOG_FORMAT_VERSIONS: readonly number[] = [1, 2];

/** A format version this build can write. */
export type EventLogFormatVersion = 1 | 2;

/**
 * The first 8 bytes of every `.svlog` file (ASCII). CR LF and Ctrl-Z catch a file that went through a
 * text-mode transfer, the way PNG's signature does.
 */
export const EVENT_LOG_MAGIC = 'SVLOG\r\n\x1a';

/**
 * Entries per segment unless configured. Version 2 strings repeat across tens of thousands of entries
 * (a connection id appears five times, a pod name for as long as it lives), so larger segments share
 * more: on the benchmark's mix, 31 bytes per event at 10,000 entries, 21 at 50,000, 19 at 100,000.
 * 50,000 keeps salvage granularity (what one damaged segment loses) at a few seconds of a busy run.
 */
export const DEFAULT_EVENT_LOG_SEGMENT_SIZE = 50_000;

/** Version 1's default: msgpack gained nothing from larger segments. */
export const DEFAULT_V1_SEGMENT_SIZE = 10_000;

/** What a log says about the run that wrote it. */
export interface EventLogHeader {
  /** The run's seed (a safe integer). */
  readonly seed: number;
  /** Digest of the scenario the run came from. */
  readonly scenarioDigest: string;
  /** Free-form plain data for later use (for example the simulation config); `{}` when unused. */
  readonly meta: { readonly [key: string]: unknown };
}

/** One segment as a reader yields it: its position in the file and its decoded entries. */
export interface EventLogSegment<E = unknown> {
  /** 0-based index of the segment in the log. */
  readonly index: number;
  /** Offset of the segment's first byte (its frame) in the file. */
  readonly byteOffset: number;
  /** Bytes the segment occupies, frame and checksums included. */
  readonly byteLength: number;
  readonly entries: readonly LogEntry<E>[];
}

// ---- layout constants shared by the encoder and the readers (not part of the public API) --------

/** The magic as bytes. */
export const MAGIC_BYTES: Uint8Array = Uint8Array.from(EVENT_LOG_MAGIC, (c) => c.charCodeAt(0));
/** Magic, version, body length and their CRC. */
export const FILE_PREFIX_LENGTH = 18;
/** Bytes of the prefix covered by the prefix CRC. */
export const FILE_PREFIX_CHECKED_LENGTH = 14;
/** Tag, count, payload length and their CRC. */
export const FRAME_LENGTH = 13;
/** Bytes of a frame covered by the frame CRC. */
export const FRAME_CHECKED_LENGTH = 9;
export const CRC_LENGTH = 4;
export const SEGMENT_TAG = 0x53; // 'S'
export const END_TAG = 0x45; // 'E'
/** The end marker's payload: the total entry count as u64. */
export const END_PAYLOAD_LENGTH = 8;
