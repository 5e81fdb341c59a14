import { readFileSync } from 'node:fs';

import { run, type SimRun } from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';
import { loadScenario } from '@svcsim/scenarios';

import type { ClusterHistory } from '../../src/kubectl/ClusterHistory.js';

const FIXTURE = new URL('fixtures/describe-kinds.yaml', import.meta.url);

/** The describe-kinds fixture scenario's run and its length, run once per test file. */
let cached: { run: SimRun; history: ClusterHistory; durationMs: number } | undefined;

/**
 * The fixture scenario (fixtures/describe-kinds.yaml) run as `svcsim describe --scenario` runs it: a
 * Namespace, a Service created at 5s, a Deployment rolled out at 12s, an Ingress, a pod started before
 * the Service and one after it, and a node failing at 20s.
 */
export function fixtureRun(): { run: SimRun; history: ClusterHistory; durationMs: number } {
  if (cached !== undefined) return cached;
  const scenario = loadScenario(readFileSync(FIXTURE, 'utf8'), FIXTURE.pathname);
  const mode = proxyModeNamed(scenario.config.proxy?.mode ?? '');
  const result = run(scenario.inputs, scenario.seed, scenario.config, {
    ...(mode !== undefined && { proxyMode: mode }),
  });
  cached = {
    run: result,
    history: {
      stateAt: (t) => result.replay.stateAt(t),
      watchDelayMs: scenario.config.watchDelayMs,
    },
    durationMs: scenario.config.durationMs,
  };
  return cached;
}
