import {
  assertValidSeed,
  canonicalDigest,
  run,
  type InputEntry,
  type ProxyMode,
  type SimRun,
  type SimTime,
  type SimulationConfig,
} from '@svcsim/core';
import { PROXY_MODE_NAMES, proxyModeNamed } from '@svcsim/proxy-modes';

import { evaluateExpectation } from '../expect/evaluateExpectation.js';
import type { ExpectationContext } from '../expect/ExpectationContext.js';
import type { ExpectationResult } from '../expect/ExpectationResult.js';
import { podLabelHistoryOf } from '../expect/PodLabelHistory.js';
import type { LoadedScenario } from '../loader/loadScenario.js';
import type { TrafficSpec } from '../loader/TrafficSpec.js';
import {
  countOutcomes,
  countOutcomesByWindow,
  type OutcomeCounts,
  type OutcomeWindow,
} from '../traffic/countOutcomes.js';
import type { RequestOutcome } from '../traffic/RequestOutcome.js';
import { parseTrafficConnectionId } from '../traffic/trafficConnectionId.js';
import { trafficOutcomesOf } from '../traffic/trafficOutcomesOf.js';
import { ScenarioOptionError } from './ScenarioOptionError.js';

/** The windows traffic outcomes are counted in unless told otherwise. */
export const DEFAULT_TRAFFIC_WINDOW_MS = 5_000;

/** What may change about a scenario's run without editing the file. */
export interface RunScenarioOptions {
  /** Run every node's kube-proxy in this mode instead of `spec.proxy.mode`. */
  readonly mode?: string;
  /** The seed instead of `spec.seed`. */
  readonly seed?: number;
  /** Stop the run here instead of at `spec.duration` (expectations beyond it are skipped). */
  readonly untilMs?: SimTime;
  /** The width of the windows traffic outcomes are counted in; DEFAULT_TRAFFIC_WINDOW_MS. */
  readonly windowMs?: SimTime;
  /** Called as virtual time advances (see core RunOptions.onProgress); never changes the run. */
  readonly onProgress?: (now: SimTime, durationMs: SimTime) => void;
}

/** One traffic entry's requests and what became of them. */
export interface TrafficReport {
  readonly spec: TrafficSpec;
  /** Every request's outcome, in request order. */
  readonly outcomes: readonly RequestOutcome[];
  /** Counts per window over [start, min(end, run end)), aligned to multiples of the window from t=0. */
  readonly windows: readonly OutcomeWindow[];
  /** Counts over the same span as the windows, so it is their sum. */
  readonly total: OutcomeCounts;
}

/** A scenario run: what ran, its log and replay, each traffic's outcomes and each expectation judged. */
export interface ScenarioRun {
  readonly scenario: LoadedScenario;
  readonly seed: number;
  /** The config the run used: the scenario's, with the mode and end the options asked for. */
  readonly config: SimulationConfig;
  /** The inputs the run was given: the scenario's, up to its end. */
  readonly inputs: readonly InputEntry[];
  readonly windowMs: SimTime;
  readonly run: SimRun;
  /** In `spec.traffic` order. */
  readonly traffic: readonly TrafficReport[];
  /** In `spec.expect` order. */
  readonly expectations: readonly ExpectationResult[];
}

/**
 * Runs a loaded scenario (its inputs already hold its traffic) and judges its expectations. Options
 * that cannot apply throw a ScenarioOptionError before anything runs: an unknown mode (the message
 * lists the known ones), a mode for a scenario without kube-proxy, an invalid seed, an end after the
 * scenario's, a window that is not a positive whole number of milliseconds.
 */
export function runScenario(scenario: LoadedScenario, options: RunScenarioOptions = {}): ScenarioRun {
  const seed = checkedSeed(options.seed ?? scenario.seed);
  const windowMs = checkedWindow(options.windowMs ?? DEFAULT_TRAFFIC_WINDOW_MS);
  const durationMs = scenario.config.durationMs;
  const endMs = checkedEnd(options.untilMs ?? durationMs, durationMs);
  const config = configWith(scenario.config, options.mode, endMs);
  const proxyMode = config.proxy === undefined ? undefined : modeNamed(config.proxy.mode);
  // The inputs up to `endMs` alone give exactly the first `endMs` of the full run: every input is
  // scheduled before anything runs, so later ones change nothing earlier.
  const inputs =
    endMs === durationMs ? scenario.inputs : scenario.inputs.filter((input) => input.at <= endMs);
  const simRun = run(inputs, seed, config, {
    scenarioDigest: scenarioDigestOf(scenario, inputs, config),
    ...(proxyMode !== undefined && { proxyMode }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });

  const outcomesByTraffic = trafficOutcomesOf(simRun.log.entries);
  const outcomesOf = (name: string): readonly RequestOutcome[] => outcomesByTraffic.get(name) ?? [];
  const traffic = scenario.traffic.map((spec): TrafficReport => {
    const outcomes = outcomesOf(spec.name);
    // A run stopped early still runs the inputs at its last instant; the windows and the total both
    // end just before it, so they always agree.
    const until = Math.min(spec.endMs, endMs);
    return {
      spec,
      outcomes,
      windows: countOutcomesByWindow(outcomes, windowMs, spec.startMs, until),
      total: countOutcomes(outcomes, spec.startMs, until),
    };
  });
  const context: ExpectationContext = {
    outcomesOf,
    stateAt: (t) => simRun.replay.stateAt(t),
    pods: podLabelHistoryOf(simRun.log.entries),
    endMs,
    durationMs,
  };
  const expectations = scenario.expect.map((spec) => evaluateExpectation(spec, context));
  return { scenario, seed, config, inputs, windowMs, run: simRun, traffic, expectations };
}

/**
 * What the log header records as the scenario: its config, its own inputs and its traffic specs. The
 * traffic's connection inputs follow from the specs, so they are left out: digesting a million of
 * them would cost more than a tenth of a large run, and would say nothing the specs do not.
 */
function scenarioDigestOf(
  scenario: LoadedScenario,
  inputs: readonly InputEntry[],
  config: SimulationConfig,
): string {
  const own = inputs.filter(
    ({ event }) => !(event.type.startsWith('connection/') && isTrafficConnection(event)),
  );
  return canonicalDigest({ config, inputs: own, traffic: scenario.traffic });
}

function isTrafficConnection(event: InputEntry['event']): boolean {
  return 'id' in event && typeof event.id === 'string' && parseTrafficConnectionId(event.id) !== undefined;
}

function checkedSeed(seed: number): number {
  try {
    assertValidSeed(seed);
  } catch (error) {
    throw new ScenarioOptionError('seed', (error as Error).message);
  }
  return seed;
}

function checkedWindow(windowMs: SimTime): SimTime {
  if (Number.isSafeInteger(windowMs) && windowMs > 0) return windowMs;
  throw new ScenarioOptionError(
    'windowMs',
    `the traffic window must be a positive whole number of milliseconds, got ${String(windowMs)}`,
  );
}

function checkedEnd(untilMs: SimTime, durationMs: SimTime): SimTime {
  if (Number.isSafeInteger(untilMs) && untilMs >= 0 && untilMs <= durationMs) return untilMs;
  throw new ScenarioOptionError(
    'untilMs',
    `the run can stop at any instant from 0 ms to the scenario's duration (${String(durationMs)} ms), not at ${String(untilMs)} ms`,
  );
}

function configWith(config: SimulationConfig, mode: string | undefined, endMs: SimTime): SimulationConfig {
  const shortened = endMs === config.durationMs ? config : { ...config, durationMs: endMs };
  if (mode === undefined) return shortened;
  if (config.proxy === undefined) {
    throw new ScenarioOptionError(
      'mode',
      `this scenario runs no kube-proxy (it has no spec.proxy), so there is no proxy mode to choose`,
    );
  }
  modeNamed(mode);
  return { ...shortened, proxy: { ...config.proxy, mode } };
}

function modeNamed(name: string): ProxyMode {
  const mode = proxyModeNamed(name);
  if (mode !== undefined) return mode;
  throw new ScenarioOptionError(
    'mode',
    `unknown kube-proxy mode ${JSON.stringify(name)}; known modes: ${PROXY_MODE_NAMES.join(', ')}`,
  );
}
