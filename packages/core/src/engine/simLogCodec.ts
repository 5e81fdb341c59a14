import type { LogEntry } from '../LogEntry.js';
import { isSimEventType, type SimEvent } from '../events/SimEvent.js';
import { encodeEventLog } from '../eventlog/EventLogEncoder.js';
import { EventLogError } from '../eventlog/EventLogError.js';
import type { EventLogDamage } from '../eventlog/EventLogError.js';
import type { EventLog } from '../eventlog/readEventLog.js';
import { readEventLog } from '../eventlog/readEventLog.js';
import { readEventLogFile, salvageEventLogFile } from '../eventlog/readEventLogFile.js';
import { writeEventLogFile } from '../eventlog/writeEventLogFile.js';
import type { SimLog } from './SimLog.js';
import { assertSimulationConfig, type SimulationConfig } from './SimulationConfig.js';

/** Options for writing a run's log. */
export interface SimLogEncodeOptions {
  /** Entries per segment (default 10,000). */
  readonly segmentSize?: number;
}

function headerOf(log: SimLog) {
  // The simulation config travels in the header's meta, so re-simulation needs nothing but the file.
  return {
    seed: log.header.seed,
    scenarioDigest: log.header.scenarioDigest,
    meta: { config: log.header.config },
  };
}

/** Encodes a run's log as `.svlog` bytes; the same log always gives the same bytes. */
export function encodeSimLog(log: SimLog, options: SimLogEncodeOptions = {}): Uint8Array {
  return encodeEventLog(headerOf(log), log.entries, options);
}

/** Writes a run's log to a `.svlog` file. */
export async function writeSimLogFile(
  path: string,
  log: SimLog,
  options: SimLogEncodeOptions = {},
): Promise<void> {
  await writeEventLogFile(path, headerOf(log), log.entries, options);
}

/** Decodes `.svlog` bytes into a run's log; throws EventLogError when damaged or not an svcsim run log. */
export function decodeSimLog(bytes: Uint8Array): SimLog {
  return toSimLog(readEventLog(bytes));
}

/** Reads a `.svlog` file into a run's log (streaming the file); rejects with EventLogError when damaged. */
export async function readSimLogFile(path: string): Promise<SimLog> {
  return toSimLog(await readEventLogFile(path));
}

/**
 * Reads what is intact of a `.svlog` file: every entry of the segments before the first damage, and the
 * damage (absent when the file is whole). Rejects only when the header itself is unreadable.
 */
export async function salvageSimLogFile(path: string): Promise<{ log: SimLog; damage?: EventLogDamage }> {
  const { damage, ...log } = await salvageEventLogFile(path);
  return { log: toSimLog(log), ...(damage !== undefined && { damage }) };
}

/**
 * Checks what the generic codec cannot: that the header holds a simulation config and that every
 * event is one this build knows (a log from a newer svcsim could hold more).
 */
function toSimLog(log: EventLog): SimLog {
  const config = configOf(log);
  for (const entry of log.entries) {
    const type = (entry.event as { type?: unknown } | null)?.type;
    if (!isSimEventType(type)) {
      throw new EventLogError(
        'malformed',
        `event #${entry.seq} has type ${JSON.stringify(type)}, which this svcsim does not know (was the log written by a newer version?)`,
        { byteOffset: 0 },
      );
    }
  }
  return {
    header: { seed: log.header.seed, scenarioDigest: log.header.scenarioDigest, config },
    entries: log.entries as readonly LogEntry<SimEvent>[],
  };
}

function configOf(log: EventLog): SimulationConfig {
  const config = log.header.meta['config'];
  try {
    assertSimulationConfig(config, 'header meta.config');
    return config;
  } catch (error) {
    throw new EventLogError('malformed', `not an svcsim run log: ${(error as Error).message}`, {
      byteOffset: 0,
    });
  }
}
