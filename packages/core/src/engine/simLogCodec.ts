import type { LogEntry } from '../LogEntry.js';
import { changesClusterState } from '../cluster/changesClusterState.js';
import { isSimEventType, type SimEvent } from '../events/SimEvent.js';
import { encodeEventLog } from '../eventlog/EventLogEncoder.js';
import type { EventLogFormatVersion } from '../eventlog/eventLogFormat.js';
import { EventLogError } from '../eventlog/EventLogError.js';
import type { EventLogDamage } from '../eventlog/EventLogError.js';
import type { EventLog } from '../eventlog/readEventLog.js';
import { readEventLog } from '../eventlog/readEventLog.js';
import { readEventLogFile, salvageEventLogFile } from '../eventlog/readEventLogFile.js';
import { createReplay, type Replay, type ReplayOptions } from './Replay.js';
import { writeEventLogFile } from '../eventlog/writeEventLogFile.js';
import type { SimLog, SimLogHeader } from './SimLog.js';
import { assertSimulationConfig, type SimulationConfig } from './SimulationConfig.js';

/** Options for writing a run's log. */
export interface SimLogEncodeOptions {
  /** Entries per segment (default 50,000; see DEFAULT_EVENT_LOG_SEGMENT_SIZE). */
  readonly segmentSize?: number;
  /** The format version (default 2); 1 for an svcsim that predates version 2. */
  readonly formatVersion?: EventLogFormatVersion;
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

/** A recorded run's header and its time travel. */
export interface SimLogReplay {
  readonly header: SimLogHeader;
  readonly replay: Replay;
}

/**
 * Replays `.svlog` bytes: the cluster state at any instant of the run, without keeping the log. Only
 * the entries that change the cluster state (changesClusterState) are decoded and folded; in a
 * version 2 log the others (connections, probes, syncs: most of a busy run) are stepped over without
 * being built, though every byte is still checksummed and every entry still checked. Throws
 * EventLogError as decodeSimLog does, and also for an event type this build does not know.
 */
export function replaySimLog(bytes: Uint8Array, options: ReplayOptions = {}): SimLogReplay {
  const log = readEventLog<SimEvent>(bytes, { select: selectStateChanges });
  return { header: headerOfLog(log), replay: createReplay(log.entries, options) };
}

/** {@link replaySimLog} for a file, read in chunks. */
export async function replaySimLogFile(path: string, options: ReplayOptions = {}): Promise<SimLogReplay> {
  const log = await readEventLogFile<SimEvent>(path, { select: selectStateChanges });
  return { header: headerOfLog(log), replay: createReplay(log.entries, options) };
}

function selectStateChanges(type: string): boolean {
  if (!isSimEventType(type)) {
    throw new EventLogError(
      'malformed',
      `the log holds events of type ${JSON.stringify(type)}, which this svcsim does not know (was the log written by a newer version?)`,
      { byteOffset: 0 },
    );
  }
  return changesClusterState(type);
}

function headerOfLog(log: EventLog): SimLogHeader {
  return { seed: log.header.seed, scenarioDigest: log.header.scenarioDigest, config: configOf(log) };
}

/**
 * Checks what the generic codec cannot: that the header holds a simulation config and that every
 * event is one this build knows (a log from a newer svcsim could hold more).
 */
function toSimLog(log: EventLog): SimLog {
  const header = headerOfLog(log);
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
  return { header, entries: log.entries as readonly LogEntry<SimEvent>[] };
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
