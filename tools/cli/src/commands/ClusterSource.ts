import { readFile } from 'node:fs/promises';

import {
  createReplay,
  isInputEvent,
  readSimLogFile,
  run,
  type ClusterState,
  type InputEntry,
  type ProxyMode,
  type SimTime,
  type SimulationConfig,
} from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';
import { loadScenario } from '@svcsim/scenarios';

import { UsageError } from '../CliError.js';

/** Where `get`, `describe` and `rules` read a cluster from: a scenario file to run, or a recorded log. */
export interface ClusterSourceOptions {
  readonly scenario?: string;
  readonly log?: string;
}

/** A cluster's history: its state at any instant, and what a node's kube-proxy had programmed then. */
export interface ClusterSource {
  /** The run's length; `--at` defaults to it. */
  readonly durationMs: SimTime;
  stateAt(t: SimTime): ClusterState;
  /** A node's kernel rules at `t` in its mode's format, by re-simulating the inputs up to `t`. */
  rulesAt(node: string, t: SimTime): string;
}

interface History {
  readonly seed: number;
  readonly config: SimulationConfig;
  readonly inputs: readonly InputEntry[];
  readonly stateAt: (t: SimTime) => ClusterState;
}

/** Exactly one of --scenario and --log; a scenario is run once, a log is replayed (not re-run). */
export async function openClusterSource(options: ClusterSourceOptions): Promise<ClusterSource> {
  if ((options.scenario === undefined) === (options.log === undefined)) {
    throw new UsageError('give exactly one of --scenario FILE and --log LOG');
  }
  const history =
    options.scenario !== undefined ? await runScenario(options.scenario) : await replayLog(options.log ?? '');
  const { config } = history;
  return {
    durationMs: config.durationMs,
    stateAt: (t) => history.stateAt(checkedTime(t, config)),
    rulesAt(node, t) {
      const at = checkedTime(t, config);
      if (config.proxy === undefined) {
        throw new UsageError(
          'this run has no kube-proxy (its Scenario has no spec.proxy), so no node has rules',
        );
      }
      const mode = modeNamed(config.proxy.mode);
      // The inputs up to `t` alone give exactly the run's first `t` milliseconds: inputs are scheduled
      // before anything runs, so leaving out later ones changes no earlier event.
      const prefix = history.inputs.filter((input) => input.at <= at);
      const { programmed, finalState } = run(
        prefix,
        history.seed,
        { ...config, durationMs: at },
        { proxyMode: mode },
      );
      if (finalState.Node['']?.[node] === undefined) {
        const nodes = Object.keys(finalState.Node[''] ?? {}).sort();
        throw new UsageError(`no node "${node}" at ${String(at)} ms; nodes: ${nodes.join(', ') || 'none'}`);
      }
      return programmed?.mode.render(programmed.rulesOf(node)) ?? '';
    },
  };
}

function checkedTime(t: SimTime, config: SimulationConfig): SimTime {
  if (t > config.durationMs) {
    throw new UsageError(
      `--at: ${String(t)} ms is after the end of the run (${String(config.durationMs)} ms)`,
    );
  }
  return t;
}

function modeNamed(name: string): ProxyMode {
  const mode = proxyModeNamed(name);
  if (mode === undefined)
    throw new UsageError(`kube-proxy mode ${JSON.stringify(name)} is not a mode svcsim knows`);
  return mode;
}

async function runScenario(path: string): Promise<History> {
  const scenario = loadScenario(await readFile(path, 'utf8'), path);
  const proxyMode = scenario.config.proxy === undefined ? undefined : modeNamed(scenario.config.proxy.mode);
  const { replay } = run(scenario.inputs, scenario.seed, scenario.config, {
    ...(proxyMode !== undefined && { proxyMode }),
  });
  return {
    seed: scenario.seed,
    config: scenario.config,
    inputs: scenario.inputs,
    stateAt: (t) => replay.stateAt(t),
  };
}

async function replayLog(path: string): Promise<History> {
  const log = await readSimLogFile(path);
  const replay = createReplay(log.entries);
  const inputs = log.entries.flatMap((entry) =>
    isInputEvent(entry.event) ? [{ at: entry.at, event: entry.event }] : [],
  );
  return { seed: log.header.seed, config: log.header.config, inputs, stateAt: (t) => replay.stateAt(t) };
}
