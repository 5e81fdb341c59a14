import type { Subscription } from 'rxjs';

import { canonicalDigest } from '../canonicalDigest.js';
import { createSimClock } from '../SimClock.js';
import { createApiServer } from '../apiserver/createApiServer.js';
import type { ClusterState } from '../cluster/ClusterState.js';
import { CONTROLLERS } from '../controllers/CONTROLLERS.js';
import { createInformer } from '../controllers/createInformer.js';
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
  const random = createRandomStreams(seed);
  const apiserver = createApiServer({
    now: () => clock.now(),
    random,
    emit: (event) => {
      bus.commit(event);
    },
    serviceCIDR: config.serviceCIDR,
    nodePortRange: config.nodePortRange,
  });
  const informer = createInformer(bus.events$, config.watchDelayMs, clock.scheduler);
  const ctx: ControllerContext = {
    informer,
    api: apiserver.client,
    clock,
    scheduler: clock.scheduler,
    random,
    config,
  };
  const subscriptions: Subscription[] = [informer.subscription, ...CONTROLLERS.map((start) => start(ctx))];

  // The objects every cluster has exist before the first input, even one at t=0.
  clock.schedule(0, () => {
    apiserver.bootstrap();
  });

  // Stable by time: inputs of one instant are committed in the order given, before derived work
  // scheduled later for that instant (their clock insertion sequence is lower).
  const ordered = inputs.map((input, index) => ({ input, index }));
  ordered.sort((a, b) => a.input.at - b.input.at || a.index - b.index);
  for (const { input } of ordered) {
    clock.schedule(input.at, () => {
      const entry = bus.commit(input.event);
      apiserver.handleInput(input.event, entry.seq);
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
