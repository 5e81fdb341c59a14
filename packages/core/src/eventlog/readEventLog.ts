import type { LogEntry } from '../LogEntry.js';
import { EventLogError, type EventLogDamage } from './EventLogError.js';
import type { EventLogHeader, EventLogSegment } from './eventLogFormat.js';
import { parseEventLogBytes, type EventLogItem, type EventLogReadOptions } from './parseEventLog.js';

/** A whole log, read. */
export interface EventLog<E = unknown> {
  readonly header: EventLogHeader;
  readonly entries: readonly LogEntry<E>[];
}

/** What could be read from a possibly damaged log: every entry of the segments before the damage. */
export interface SalvagedEventLog<E = unknown> extends EventLog<E> {
  /** Absent when the whole log is intact. */
  readonly damage?: EventLogDamage;
}

/** Reads a whole log from bytes; throws EventLogError if any part of it is damaged. */
export function readEventLog<E = unknown>(bytes: Uint8Array, options: EventLogReadOptions = {}): EventLog<E> {
  return collectEventLog(parseEventLogBytes<E>(bytes, options));
}

/**
 * Reads what is intact of a log from bytes: the entries of every segment before the first damage, and
 * the damage. Throws EventLogError only when the file header itself is unreadable.
 */
export function salvageEventLog<E = unknown>(
  bytes: Uint8Array,
  options: EventLogReadOptions = {},
): SalvagedEventLog<E> {
  return salvageItems(parseEventLogBytes<E>(bytes, options));
}

/** Reads and checks the header of a log from bytes, without decoding any segment. */
export function readEventLogHeader(bytes: Uint8Array): EventLogHeader {
  for (const item of parseEventLogBytes(bytes)) {
    if (item.kind === 'header') return item.header;
  }
  throw new Error('unreachable: the parser yields the header first or throws');
}

/**
 * Streams the segments of a log from bytes, one at a time, in order; throws EventLogError at the first
 * damaged block after yielding every segment before it.
 */
export function* readEventLogSegments<E = unknown>(
  bytes: Uint8Array,
  options: EventLogReadOptions = {},
): Generator<EventLogSegment<E>, void, undefined> {
  for (const item of parseEventLogBytes<E>(bytes, options)) {
    if (item.kind === 'segment') yield item.segment;
  }
}

function collectEventLog<E>(items: Iterable<EventLogItem<E>>): EventLog<E> {
  let header: EventLogHeader | undefined;
  const entries: LogEntry<E>[] = [];
  for (const item of items) {
    if (item.kind === 'header') header = item.header;
    else for (const entry of item.segment.entries) entries.push(entry);
  }
  if (header === undefined) throw new Error('unreachable: the parser yields the header first or throws');
  return { header, entries };
}

function salvageItems<E>(items: Iterable<EventLogItem<E>>): SalvagedEventLog<E> {
  let header: EventLogHeader | undefined;
  const entries: LogEntry<E>[] = [];
  try {
    for (const item of items) {
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
