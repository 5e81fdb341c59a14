import { readFile } from 'node:fs/promises';

import {
  createReplay,
  getObject,
  formatSimTime,
  isInputEvent,
  readSimLogFile,
  run,
  type ClusterState,
  type InputEntry,
  type ProxyMode,
  type SimRun,
  type SimTime,
  type SimulationConfig,
} from '@svcsim/core';
import { loadScenario } from '@svcsim/scenarios';

import { UsageError } from '../CliError.js';
import { BUILTIN_PROXY_MODES, proxyModeOption, type ProxyModeResolver } from './ProxyModeResolver.js';

/** Where `get`, `describe`, `rules` and `trace` read a cluster from: a scenario file to run, or a recorded log. */
export interface ClusterSourceOptions {
  readonly scenario?: string;
  readonly log?: string;
}

/** Which kube-proxy mode to re-simulate with; absent, the run's own. */
export interface ModeChoice {
  readonly mode?: string;
}

/**
 * The run re-simulated up to an instant: everything `run` returns (the final state and what each node's
 * kube-proxy had programmed at that instant, the data plane's open connections, the log so far), and
 * what it was run with.
 */
export interface RunUntil extends SimRun {
  readonly at: SimTime;
  /** The config it ran with: the run's own, ending at `at`, with `proxy.mode` the chosen mode. */
  readonly config: SimulationConfig;
  /** The kube-proxy mode every node ran; undefined when the run has no kube-proxy. */
  readonly mode: ProxyMode | undefined;
}

/** A cluster's history: its state at any instant, and what a node's kube-proxy had programmed then. */
export interface ClusterSource {
  /** The run's length; `--at` defaults to it. */
  readonly durationMs: SimTime;
  /** How late the run's controllers and kubelets see changes (its config's watchDelayMs). */
  readonly watchDelayMs: SimTime;
  /** The kube-proxy mode the run used; undefined when it ran no kube-proxy. */
  readonly proxyModeName: string | undefined;
  /** The cluster's state at `t`, by folding the events up to it (fast; nothing is re-run). */
  stateAt(t: SimTime): ClusterState;
  /**
   * The run up to `t`, re-simulated from the inputs up to `t` (in another kube-proxy mode, if chosen),
   * for views that need a node's programmed rules or the data plane: `rules`, `trace`. Cached per
   * instant and mode, so several views of one instant cost one run.
   */
  runUntil(t: SimTime, choice?: ModeChoice): RunUntil;
  /** A node's kernel rules at `t` in the mode's own format (`iptables-save` for iptables). */
  rulesAt(node: string, t: SimTime, choice?: ModeChoice): string;
}

interface History {
  readonly seed: number;
  readonly config: SimulationConfig;
  readonly inputs: readonly InputEntry[];
  readonly stateAt: (t: SimTime) => ClusterState;
  /** Where a run without kube-proxy got its config from, for messages. */
  readonly proxyConfigPlace: string;
  /** The whole run, when the source had to run it anyway (a scenario). */
  readonly fullRun?: SimRun;
}

/**
 * Exactly one of --scenario and --log; a scenario is run once, a log is replayed (not re-run). Modes
 * come from `modes` (the ones this svcsim has, unless a test injects others).
 */
export async function openClusterSource(
  options: ClusterSourceOptions,
  modes: ProxyModeResolver = BUILTIN_PROXY_MODES,
): Promise<ClusterSource> {
  if ((options.scenario === undefined) === (options.log === undefined)) {
    throw new UsageError('give exactly one of --scenario FILE and --log LOG');
  }
  const history =
    options.scenario !== undefined
      ? await runScenario(options.scenario, modes)
      : await replayLog(options.log ?? '');
  const { config } = history;
  const runs = new Map<string, RunUntil>();

  const runUntil = (t: SimTime, choice: ModeChoice = {}): RunUntil => {
    const at = checkedTime(t, config);
    const proxy = config.proxy;
    if (proxy === undefined && choice.mode !== undefined) {
      throw new UsageError(
        `--mode: this run has no kube-proxy (${history.proxyConfigPlace}), so there is no proxy mode to change`,
      );
    }
    const modeName = choice.mode ?? proxy?.mode;
    const key = `${String(at)} ${modeName ?? ''}`;
    const cached = runs.get(key);
    if (cached !== undefined) return cached;
    const mode = modeName === undefined ? undefined : modeOf(modeName, choice, modes);
    const runConfig: SimulationConfig = {
      ...config,
      durationMs: at,
      ...(proxy !== undefined && modeName !== undefined && { proxy: { ...proxy, mode: modeName } }),
    };
    const whole = at === config.durationMs && modeName === proxy?.mode ? history.fullRun : undefined;
    // The inputs up to `t` alone give exactly the run's first `t` milliseconds: inputs are scheduled
    // before anything runs, so leaving out later ones changes no earlier event.
    const simRun =
      whole ??
      run(
        history.inputs.filter((input) => input.at <= at),
        history.seed,
        runConfig,
        mode === undefined ? {} : { proxyMode: mode },
      );
    const result: RunUntil = { ...simRun, at, config: runConfig, mode };
    runs.set(key, result);
    return result;
  };

  return {
    durationMs: config.durationMs,
    watchDelayMs: config.watchDelayMs,
    proxyModeName: config.proxy?.mode,
    stateAt: (t) => history.stateAt(checkedTime(t, config)),
    runUntil,
    rulesAt(node, t, choice = {}) {
      if (config.proxy === undefined && choice.mode === undefined) {
        throw new UsageError(
          `this run has no kube-proxy (${history.proxyConfigPlace}), so no node has rules`,
        );
      }
      const { at, finalState, programmed } = runUntil(t, choice);
      if (getObject(finalState, 'Node', '', node) === undefined) {
        const nodes = Object.keys(finalState.Node[''] ?? {}).sort();
        throw new UsageError(`no node "${node}" at ${String(at)} ms; nodes: ${nodes.join(', ') || 'none'}`);
      }
      const rules = programmed?.rulesOf(node);
      // Before its kube-proxy's first sync a node has no Service rules at all, not an empty ruleset.
      if (programmed === undefined || rules === undefined) {
        return `# no rules: the kube-proxy of ${node} has not synced by ${formatSimTime(at)}\n`;
      }
      return programmed.mode.render(rules);
    },
  };
}

/** An instant of the run: not before its start, not after its end. */
function checkedTime(t: SimTime, config: SimulationConfig): SimTime {
  if (t < 0) throw new UsageError(`--at: ${String(t)} ms is before the start of the run (0 ms)`);
  if (t > config.durationMs) {
    throw new UsageError(
      `--at: ${String(t)} ms is after the end of the run (${String(config.durationMs)} ms)`,
    );
  }
  return t;
}

/** The mode chosen with --mode (a usage error if unknown), or the run's own (which must be known). */
function modeOf(name: string, choice: ModeChoice, modes: ProxyModeResolver): ProxyMode {
  if (choice.mode !== undefined) return proxyModeOption(modes, name);
  const mode = modes.named(name);
  if (mode === undefined) {
    throw new UsageError(
      `the run's kube-proxy mode ${JSON.stringify(name)} is not a mode svcsim knows (it has: ${modes.names.join(', ')})`,
    );
  }
  return mode;
}

async function runScenario(path: string, modes: ProxyModeResolver): Promise<History> {
  const scenario = loadScenario(await readFile(path, 'utf8'), path);
  const modeName = scenario.config.proxy?.mode;
  const proxyMode = modeName === undefined ? undefined : modeOf(modeName, {}, modes);
  const fullRun = run(scenario.inputs, scenario.seed, scenario.config, {
    ...(proxyMode !== undefined && { proxyMode }),
  });
  return {
    seed: scenario.seed,
    config: scenario.config,
    inputs: scenario.inputs,
    stateAt: (t) => fullRun.replay.stateAt(t),
    proxyConfigPlace: 'its Scenario has no spec.proxy',
    fullRun,
  };
}

async function replayLog(path: string): Promise<History> {
  const log = await readSimLogFile(path);
  const replay = createReplay(log.entries);
  const inputs = log.entries.flatMap((entry) =>
    isInputEvent(entry.event) ? [{ at: entry.at, event: entry.event }] : [],
  );
  return {
    seed: log.header.seed,
    config: log.header.config,
    inputs,
    stateAt: (t) => replay.stateAt(t),
    proxyConfigPlace: "its log's config has no proxy",
  };
}
