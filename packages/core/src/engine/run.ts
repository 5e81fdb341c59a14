import type { Subscription } from 'rxjs';

import { canonicalDigest } from '../canonicalDigest.js';
import { createSimClock } from '../SimClock.js';
import { createEndpointsController } from '../cluster/createEndpointsController.js';
import { createPodIPController } from '../cluster/createPodIPController.js';
import type { ClusterState } from '../cluster/ClusterState.js';
import type { DerivedEvent } from '../events/SimEvent.js';
import { createRandomStreams, assertValidSeed } from '../random/createRandomStreams.js';
import type { ControllerContext } from './ControllerContext.js';
import { createEventBus } from './EventBus.js';
import { assertValidInputs, type InputEntry } from './InputEntry.js';
import { createReplayBuilder, type Replay } from './Replay.js';
import type { SimLog } from './SimLog.js';
import { assertSimulationConfig, type SimulationConfig } from './SimulationConfig.js';

/** Options that change how a run is carried out but never what it produces. */
export interface RunOptions {
  /** Digest of the scenario the inputs came from; defaults to a digest of the inputs and config. */
  readonly scenarioDigest?: string;
  /** Entries between replay snapshots. */
  readonly snapshotEvery?: number;
  /** Deep-freeze folded states to catch accidental mutation (tests). */
  readonly freezeState?: boolean;
}

/** The outcome of a run: its log, and a replay over it for time-travel queries. */
export interface SimRun {
  readonly log: SimLog;
  readonly replay: Replay;
  readonly finalState: ClusterState;
}

/** The controllers every run starts, in a fixed order (their subscription order is part of determinism). */
const CONTROLLERS: readonly ((ctx: ControllerContext) => Subscription)[] = [
  createPodIPController,
  createEndpointsController,
];

/**
 * Runs a simulation: commits each input at its instant, lets the controllers react on virtual time,
 * and stops at `config.durationMs`. The same inputs, seed and config always give the same log.
 */
export function run(
  inputs: readonly InputEntry[],
  seed: number,
  config: SimulationConfig,
  options: RunOptions = {},
): SimRun {
  assertValidSeed(seed);
  assertSimulationConfig(config, 'config');
  assertValidInputs(inputs, config.durationMs);

  const clock = createSimClock();
  const replay = createReplayBuilder({
    ...(options.snapshotEvery !== undefined && { snapshotEvery: options.snapshotEvery }),
    freeze: options.freezeState ?? false,
  });
  // The state is folded as the run goes (every `snapshotEvery` entries), so an input that contradicts
  // it fails during the run, with its instant and seq, rather than when someone first reads the state.
  const bus = createEventBus(clock, (entry) => {
    replay.append(entry);
  });
  const ctx: ControllerContext = {
    events$: bus.events$,
    clock,
    scheduler: clock.scheduler,
    random: createRandomStreams(seed),
    config,
    emit: (event: DerivedEvent) => {
      bus.commit(event);
    },
  };
  const subscriptions = CONTROLLERS.map((start) => start(ctx));

  // Stable by time: inputs of one instant are committed in the order given, before derived work
  // scheduled later for that instant (their clock insertion sequence is lower).
  const ordered = inputs.map((input, index) => ({ input, index }));
  ordered.sort((a, b) => a.input.at - b.input.at || a.index - b.index);
  for (const { input } of ordered) {
    clock.schedule(input.at, () => {
      bus.commit(input.event);
    });
  }

  try {
    clock.advanceTo(config.durationMs);
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
  }

  const finished = replay.finish();
  const scenarioDigest = options.scenarioDigest ?? canonicalDigest({ inputs, config });
  return {
    log: { header: { seed, scenarioDigest, config }, entries: bus.entries },
    replay: finished,
    finalState: finished.finalState,
  };
}
