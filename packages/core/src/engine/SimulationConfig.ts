import type { SimTime } from '../SimTime.js';

/** The settings that change what a run does; recorded in the log header so re-simulation can repeat them. */
export interface SimulationConfig {
  /** How long the run lasts; inputs must fall within [0, durationMs]. */
  readonly durationMs: SimTime;
  /** How late the endpoints controller sees changes (its informer's watch delay). */
  readonly watchDelayMs: number;
}

export const DEFAULT_SIMULATION_CONFIG: SimulationConfig = { durationMs: 60_000, watchDelayMs: 50 };

/** Checks a config read from outside (a log header, a command line), naming the first bad field. */
export function assertSimulationConfig(value: unknown, where: string): asserts value is SimulationConfig {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${where}: expected an object with durationMs and watchDelayMs`);
  }
  const record = value as Record<string, unknown>;
  for (const field of ['durationMs', 'watchDelayMs'] as const) {
    const v = record[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(
        `${where}.${field}: expected a non-negative integer number of milliseconds, got ${JSON.stringify(v)}`,
      );
    }
  }
}
