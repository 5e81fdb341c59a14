import type { LogEntry } from '../LogEntry.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { SimulationConfig } from './SimulationConfig.js';

/** What a log says about the run that wrote it: enough to re-simulate it. */
export interface SimLogHeader {
  readonly seed: number;
  /** SHA-256 (hex) of the scenario the inputs came from. */
  readonly scenarioDigest: string;
  readonly config: SimulationConfig;
}

/** A run's complete record: header plus every input and derived event in (at, seq) order. */
export interface SimLog {
  readonly header: SimLogHeader;
  readonly entries: readonly LogEntry<SimEvent>[];
}
