import { open, type FileHandle } from 'node:fs/promises';

import type { LogEntry } from '../LogEntry.js';
import { EventLogError } from './EventLogError.js';
import type { EventLogHeader, EventLogSegment } from './eventLogFormat.js';
import { parseEventLog, type EventLogItem, type EventLogReadOptions } from './parseEventLog.js';
import type { EventLog, SalvagedEventLog } from './readEventLog.js';

/** How a log file is read. */
export interface ReadEventLogFileOptions extends EventLogReadOptions {
  /** Bytes read per file read (default 1 MiB). Memory stays near one segment plus one chunk. */
  readonly chunkSize?: number;
}

const DEFAULT_CHUNK_SIZE = 1 << 20;

/** Reads a whole log file; rejects with EventLogError if any part of it is damaged. */
export async function readEventLogFile<E = unknown>(
  path: string,
  options: ReadEventLogFileOptions = {},
): Promise<EventLog<E>> {
  let header: EventLogHeader | undefined;
  const entries: LogEntry<E>[] = [];
  for await (const item of parseEventLogFile<E>(path, options)) {
    if (item.kind === 'header') header = item.header;
    else for (const entry of item.segment.entries) entries.push(entry);
  }
  if (header === undefined) throw new Error('unreachable: the parser yields the header first or throws');
  return { header, entries };
}

/**
 * Reads what is intact of a log file: the entries of every segment before the first damage, and the
 * damage. Rejects with EventLogError only when the file header itself is unreadable.
 */
export async function salvageEventLogFile<E = unknown>(
  path: string,
  options: ReadEventLogFileOptions = {},
): Promise<SalvagedEventLog<E>> {
  let header: EventLogHeader | undefined;
  const entries: LogEntry<E>[] = [];
  try {
    for await (const item of parseEventLogFile<E>(path, options)) {
      if (item.kind === 'header') header = item.header;
      else for (const entry of item.segment.entries) entries.push(entry);
    }
  } catch (error) {
    if (!(error instanceof EventLogError) || header === undefined) throw error;
    return { header, entries, damage: error };
  }
  if (header === undefined) throw new Error('unreachable: the parser yields the header first or throws');
  return { header, entries };
}

/** Reads and checks the header of a log file, without reading its segments. */
export async function readEventLogFileHeader(path: string): Promise<EventLogHeader> {
  // Small chunks: the header is usually a few KiB, and the chunk reader grows for a larger one.
  for await (const item of parseEventLogFile(path, { chunkSize: 1 << 16 })) {
    if (item.kind === 'header') return item.header;
  }
  throw new Error('unreachable: the parser yields the header first or throws');
}

/**
 * Streams the segments of a log file in order, reading it in chunks; throws EventLogError at the first
 * damaged block after yielding every segment before it. Closes the file when iteration ends or stops.
 */
export async function* readEventLogFileSegments<E = unknown>(
  path: string,
  options: ReadEventLogFileOptions = {},
): AsyncGenerator<EventLogSegment<E>, void, undefined> {
  for await (const item of parseEventLogFile<E>(path, options)) {
    if (item.kind === 'segment') yield item.segment;
  }
}

/** Feeds the shared parser from a file, one chunk at a time. */
async function* parseEventLogFile<E>(
  path: string,
  options: ReadEventLogFileOptions,
): AsyncGenerator<EventLogItem<E>, void, undefined> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunkSize must be a positive integer, got ${String(chunkSize)}`);
  }
  const handle = await open(path, 'r');
  try {
    // The size at open bounds every allocation, so a damaged length field cannot ask for gigabytes.
    const source = new FileChunks(handle, chunkSize, (await handle.stat()).size);
    const parser = parseEventLog<E>(options);
    let answer: Uint8Array | undefined;
    for (;;) {
      const step = parser.next(answer);
      if (step.done === true) return;
      if (step.value.kind === 'read') {
        answer = await source.take(step.value.length);
      } else {
        answer = undefined;
        yield step.value;
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Sequential reads from a file through one buffer. take() returns a view; earlier views stay valid
 * because the buffer is only ever appended to or replaced, never overwritten.
 */
class FileChunks {
  private buffer = new Uint8Array(0);
  private start = 0;
  private end = 0;
  private filePosition = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly chunkSize: number,
    private readonly fileSize: number,
  ) {}

  /** The next `length` bytes, or all that is left when the file ends first. */
  async take(length: number): Promise<Uint8Array> {
    while (this.end - this.start < length) {
      const remaining = this.fileSize - this.filePosition;
      if (remaining <= 0) break;
      if (this.end === this.buffer.length) {
        const buffered = this.end - this.start;
        const capacity = buffered + Math.min(Math.max(length - buffered, this.chunkSize), remaining);
        const next = new Uint8Array(capacity);
        next.set(this.buffer.subarray(this.start, this.end));
        this.buffer = next;
        this.start = 0;
        this.end = buffered;
      }
      const room = Math.min(this.buffer.length - this.end, remaining);
      const { bytesRead } = await this.handle.read(this.buffer, this.end, room, this.filePosition);
      if (bytesRead === 0) break; // the file shrank while being read
      this.end += bytesRead;
      this.filePosition += bytesRead;
    }
    const available = Math.min(length, this.end - this.start);
    const bytes = this.buffer.subarray(this.start, this.start + available);
    this.start += available;
    return bytes;
  }
}
