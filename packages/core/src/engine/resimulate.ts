import { canonicalString } from '../canonicalDigest.js';
import type { LogEntry } from '../LogEntry.js';
import { isInputEvent, type SimEvent } from '../events/SimEvent.js';
import type { InputEntry } from './InputEntry.js';
import { run, type RunOptions } from './run.js';
import type { SimLog } from './SimLog.js';
import { encodeSimLog } from './simLogCodec.js';

/** The outcome of feeding a log's inputs back through the engine. */
export interface Resimulation {
  /** True when the new log encodes to exactly the recorded log's bytes. */
  readonly identical: boolean;
  readonly inputCount: number;
  /** Entries compared (all of them, or the complete instants of a prefix). */
  readonly comparedCount: number;
  readonly resimulated: SimLog;
  /** The first entry where the two logs part, when they do. */
  readonly firstDifference?: LogDifference;
}

/** Where two logs part: the index, and each log's entry there (undefined past its end). */
export interface LogDifference {
  readonly index: number;
  readonly recorded: LogEntry<SimEvent> | undefined;
  readonly resimulated: LogEntry<SimEvent> | undefined;
}

/** The recorded inputs of a log, in log order, ready to feed back into run(). */
export function extractInputs(log: SimLog): InputEntry[] {
  const inputs: InputEntry[] = [];
  for (const { at, event } of log.entries) if (isInputEvent(event)) inputs.push({ at, event });
  return inputs;
}

export interface ResimulateOptions extends Omit<RunOptions, 'scenarioDigest'> {
  /**
   * The log is the intact prefix of a damaged file. Only the instants it holds completely (all but its
   * last) are compared: what happened at an instant depends only on inputs up to that instant, all of
   * which a prefix ending later still holds.
   */
  readonly prefix?: boolean;
}

/**
 * Re-runs a log's inputs with its seed and config and compares the result with the recording byte for
 * byte: the determinism check. Every derived event must come out the same, at the same instant, with
 * the same seq. A log whose config has a kube-proxy needs its mode in `options.proxyMode`, as run() does.
 */
export function resimulate(log: SimLog, options: ResimulateOptions = {}): Resimulation {
  const { prefix = false, ...runOptions } = options;
  const inputs = extractInputs(log);
  const { log: full } = run(inputs, log.header.seed, log.header.config, {
    ...runOptions,
    scenarioDigest: log.header.scenarioDigest,
  });
  let recorded = log;
  let resimulated = full;
  if (prefix) {
    const lastAt = log.entries.at(-1)?.at ?? -1;
    recorded = { header: log.header, entries: log.entries.filter((e) => e.at < lastAt) };
    resimulated = { header: full.header, entries: full.entries.filter((e) => e.at < lastAt) };
  }
  const a = encodeSimLog(recorded);
  const b = encodeSimLog(resimulated);
  const identical = a.length === b.length && Buffer.compare(a, b) === 0;
  if (identical)
    return { identical, inputCount: inputs.length, comparedCount: recorded.entries.length, resimulated };
  return {
    identical,
    inputCount: inputs.length,
    comparedCount: recorded.entries.length,
    resimulated,
    firstDifference: firstDifference(recorded, resimulated),
  };
}

function firstDifference(log: SimLog, resimulated: SimLog): LogDifference {
  const length = Math.max(log.entries.length, resimulated.entries.length);
  let index = 0;
  while (
    index < length &&
    canonicalString(log.entries[index] ?? null) === canonicalString(resimulated.entries[index] ?? null)
  ) {
    index++;
  }
  return { index, recorded: log.entries[index], resimulated: resimulated.entries[index] };
}
