import { writeFile } from 'node:fs/promises';

import type { LogEntry } from '../LogEntry.js';
import { encodeEventLog, type EventLogEncoderOptions } from './EventLogEncoder.js';
import type { EventLogHeader } from './eventLogFormat.js';

/**
 * Encodes a log and writes it to a file. A crash mid-write leaves a truncated file, which every reader
 * reports as such (and salvages up to the last whole segment).
 */
export async function writeEventLogFile<E>(
  path: string,
  header: EventLogHeader,
  entries: Iterable<LogEntry<E>>,
  options: EventLogEncoderOptions = {},
): Promise<void> {
  await writeFile(path, encodeEventLog(header, entries, options));
}
