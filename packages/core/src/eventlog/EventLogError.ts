/** What kind of problem a reader found in an event log. */
export type EventLogErrorCode =
  /** The file does not start with the `.svlog` magic: it is not an event log. */
  | 'bad-magic'
  /** The log was written in a format version this build cannot read. */
  | 'unsupported-version'
  /** The file ends before the end-of-log marker (inside a block, or exactly between two). */
  | 'truncated'
  /** A stored CRC does not match the bytes: the file was damaged after it was written. */
  | 'checksum-mismatch'
  /** The bytes are intact but do not form a valid log (bad entries, wrong counts, trailing bytes). */
  | 'malformed';

/** Where and how a log is damaged, and how much of it before that point is still good. */
export interface EventLogDamage {
  readonly code: EventLogErrorCode;
  /**
   * Where the problem was detected: the first byte of the damaged block (file header, segment or end
   * marker), or for truncation the end of the data.
   */
  readonly byteOffset: number;
  /**
   * The segment the problem is in, when it is in a segment. A block whose frame is damaged is counted
   * as a segment (its tag cannot be trusted), so damage to the end marker's frame reports the index a
   * segment there would have.
   */
  readonly segmentIndex?: number;
  /** Segments before the damage that were read intact. */
  readonly intactSegments: number;
  /** Entries in those intact segments. */
  readonly intactEntries: number;
  readonly message: string;
}

/** Details of an {@link EventLogError} besides its code and message. */
export interface EventLogErrorDetails {
  readonly byteOffset: number;
  readonly segmentIndex?: number | undefined;
  readonly intactSegments?: number;
  readonly intactEntries?: number;
}

/** A log that cannot be read (fully): not a log, a newer format, truncated, damaged or malformed. */
export class EventLogError extends Error implements EventLogDamage {
  override readonly name = 'EventLogError';
  readonly byteOffset: number;
  readonly segmentIndex?: number;
  readonly intactSegments: number;
  readonly intactEntries: number;

  constructor(
    readonly code: EventLogErrorCode,
    message: string,
    details: EventLogErrorDetails,
  ) {
    super(message);
    this.byteOffset = details.byteOffset;
    if (details.segmentIndex !== undefined) this.segmentIndex = details.segmentIndex;
    this.intactSegments = details.intactSegments ?? 0;
    this.intactEntries = details.intactEntries ?? 0;
  }
}
