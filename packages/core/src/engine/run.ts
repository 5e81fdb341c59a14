import type { Subscription } from 'rxjs';

import { canonicalDigest } from '../canonicalDigest.js';
import { createSimClock, type SimClock } from '../SimClock.js';
import type { SimTime } from '../SimTime.js';
import { createApiServer } from '../apiserver/createApiServer.js';
import type { ClusterState } from '../cluster/ClusterState.js';
import { CONTROLLERS } from '../controllers/CONTROLLERS.js';
import { createInformer } from '../controllers/createInformer.js';
import { createKubeletController } from '../controllers/kubelet/createKubeletController.js';
import { createNodeLifecycleController } from '../controllers/nodeLifecycle/createNodeLifecycleController.js';
import {
  createKubeProxyController,
  type KubeProxyController,
} from '../controllers/kubeProxy/createKubeProxyController.js';
import { createDataPlane, type ConnectionInput, type DataPlane } from '../dataplane/createDataPlane.js';
import type { InputEvent } from '../events/SimEvent.js';
import type { ProgrammedNodes } from '../proxy/ProgrammedNodes.js';
import type { ProxyMode } from '../proxy/ProxyMode.js';
import { createRandomStreams, assertValidSeed } from '../random/createRandomStreams.js';
import type { ControllerContext } from './ControllerContext.js';
import { createEventBus } from './EventBus.js';
import { assertValidInputs, type InputEntry } from './InputEntry.js';
import { createReplayBuilder, type Replay } from './Replay.js';
import type { SimLog } from './SimLog.js';
import { assertSimulationConfig, type SimulationConfig } from './SimulationConfig.js';
import { SimulationError } from './SimulationError.js';

/** Options that change how a run is carried out but never what it produces. */
export interface RunOptions {
  /** Digest of the scenario the inputs came from; defaults to a digest of the inputs and config. */
  readonly scenarioDigest?: string;
  /** Entries between replay snapshots. */
  readonly snapshotEvery?: number;
  /** Deep-freeze folded states to catch accidental mutation (tests). */
  readonly freezeState?: boolean;
  /**
   * The kube-proxy backend every node runs; required when `config.proxy` is set, and its name must be
   * `config.proxy.mode`. Modes live in @svcsim/proxy-modes (`proxyModeNamed`); core never imports them.
   */
  readonly proxyMode?: ProxyMode;
  /**
   * Told how far virtual time has got, for a progress bar: called after each step of about 1 % of
   * `config.durationMs` (so at most about 100 times) and once at the end, with `now` never decreasing
   * and ending at `durationMs`. The clock is advanced in those steps instead of in one go, which runs
   * exactly the same timers in the same order, so it never changes what the run produces.
   */
  readonly onProgress?: (now: SimTime, durationMs: SimTime) => void;
}

/** The outcome of a run: its log, and a replay over it for time-travel queries. */
export interface SimRun {
  readonly log: SimLog;
  readonly replay: Replay;
  readonly finalState: ClusterState;
  /**
   * Each node's kernel state as its kube-proxy left it at the end of the run; absent when the run had
   * no kube-proxy (no `config.proxy`).
   */
  readonly programmed?: ProgrammedNodes;
  /** The connections still open at the end of the run (conntrack), per node. */
  readonly dataPlane: Pick<DataPlane, 'connection' | 'conntrackOf' | 'openCount'>;
}

/**
 * Runs a simulation: commits each input at its instant, lets the controllers react on virtual time,
 * and stops at `config.durationMs`. The same inputs, seed and config always give the same log. With
 * `config.proxy`, every node also runs a kube-proxy in `options.proxyMode`, whose syncs are logged.
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
  const proxyMode = checkedProxyMode(config, options.proxyMode);

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
  // The kubelets come first, where the node agent they replace was, and commit their probe results.
  const kubelet = createKubeletController(ctx, (event) => {
    bus.commit(event);
  });
  const subscriptions: Subscription[] = [
    informer.subscription,
    kubelet.subscription,
    ...CONTROLLERS.map((start) => start(ctx)),
    // It also follows the kubelets' heartbeats, which stop when a host fails (node/failed).
    createNodeLifecycleController(ctx, bus.events$),
  ];
  let kubeProxy: KubeProxyController | undefined;
  if (config.proxy !== undefined && proxyMode !== undefined) {
    kubeProxy = createKubeProxyController({
      events$: bus.events$,
      commit: (event) => {
        bus.commit(event);
      },
      clock,
      config: config.proxy,
      mode: proxyMode,
    });
    subscriptions.push(kubeProxy.subscription);
  }

  // The simulated kernels' connection handling. It sees every committed entry at once (it is the truth
  // of the cluster, not a watcher of it) and routes through whatever each node's kube-proxy programmed;
  // without a kube-proxy nothing is ever programmed, so Service addresses lead nowhere.
  const dataPlane = createDataPlane({
    programmed: kubeProxy?.programmed ?? UNPROGRAMMED,
    random: random.stream('traffic'),
    now: () => clock.now(),
    emit: (event) => {
      bus.commit(event);
    },
    ...(kubeProxy !== undefined && { syncedViewOf: (node: string) => kubeProxy.syncedViewOf(node) }),
  });
  subscriptions.push(
    bus.events$.subscribe((entry) => {
      dataPlane.observe(entry);
    }),
  );

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
      if (apiserver.handleInput(input.event, entry.seq)) kubelet.handleInput(input.event);
      if (isConnectionInput(input.event)) dataPlane.handleInput(input.event, entry.seq);
      if (kubeProxy !== undefined) kubeProxy.handleInput(input.event, entry);
      else if (input.event.type === 'proxy/stopped' || input.event.type === 'proxy/started') {
        throw new SimulationError(
          `${input.event.type} for node "${input.event.node}": this run has no kube-proxy (config.proxy is not set)`,
          entry.at,
          entry.seq,
        );
      }
    });
  }

  try {
    advanceReporting(clock, config.durationMs, options.onProgress);
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
  }

  const finished = replay.finish();
  const scenarioDigest = options.scenarioDigest ?? canonicalDigest({ inputs, config });
  return {
    log: { header: { seed, scenarioDigest, config }, entries: bus.entries },
    replay: finished,
    finalState: finished.finalState,
    ...(kubeProxy !== undefined && { programmed: kubeProxy.programmed }),
    dataPlane,
  };
}

/** Steps of about 1 % of the run when someone wants progress, else the whole run in one go. */
function advanceReporting(clock: SimClock, durationMs: SimTime, onProgress: RunOptions['onProgress']): void {
  if (onProgress === undefined) {
    clock.advanceTo(durationMs);
    return;
  }
  const step = Math.max(1, Math.ceil(durationMs / PROGRESS_STEPS));
  for (let next = Math.min(step, durationMs); ; next = Math.min(next + step, durationMs)) {
    clock.advanceTo(next);
    onProgress(next, durationMs);
    if (next === durationMs) return;
  }
}

const PROGRESS_STEPS = 100;

/** What a run without kube-proxy has programmed: nothing, on every node; its mode is never asked. */
const UNPROGRAMMED: ProgrammedNodes = {
  mode: {
    name: 'none',
    sync: () => {
      throw new Error('no kube-proxy runs, so nothing syncs');
    },
    route: () => {
      throw new Error('no kube-proxy runs, so no node has rules to route through');
    },
    render: () => '',
  },
  rulesOf: () => undefined,
};

function isConnectionInput(event: InputEvent): event is ConnectionInput {
  return (
    event.type === 'connection/opened' ||
    event.type === 'connection/used' ||
    event.type === 'connection/closed'
  );
}

/** The mode a run with `config.proxy` needs: given, and named as the config says. */
function checkedProxyMode(config: SimulationConfig, mode: ProxyMode | undefined): ProxyMode | undefined {
  if (config.proxy === undefined) return undefined;
  const wanted = config.proxy.mode;
  if (mode === undefined) {
    throw new TypeError(
      `config.proxy.mode is "${wanted}", but run() was given no proxyMode: pass the ProxyMode named "${wanted}" (proxyModeNamed from @svcsim/proxy-modes)`,
    );
  }
  if (mode.name !== wanted) {
    throw new TypeError(
      `config.proxy.mode is "${wanted}", but run() was given the "${mode.name}" proxy mode`,
    );
  }
  return mode;
}
