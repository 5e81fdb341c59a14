import { canonicalDigest, run, type SimRun } from '@svcsim/core';
import { proxyModeNamed } from '@svcsim/proxy-modes';
import { ROLLOUT_DEMO_CONFIG, createRolloutDemoInputs } from '@svcsim/scenarios';

import type { ClusterHistory } from '../../src/kubectl/ClusterHistory.js';

let cached: SimRun | undefined;

/** The built-in rollout demo run with seed 1, run once per test file. */
export function demoRun(): SimRun {
  if (cached !== undefined) return cached;
  const inputs = createRolloutDemoInputs();
  const mode = proxyModeNamed(ROLLOUT_DEMO_CONFIG.proxy?.mode ?? '');
  cached = run(inputs, 1, ROLLOUT_DEMO_CONFIG, {
    scenarioDigest: canonicalDigest({ demo: 'rollout', inputs, config: ROLLOUT_DEMO_CONFIG }),
    ...(mode !== undefined && { proxyMode: mode }),
  });
  return cached;
}

/** The demo run as `describe` reads it: its state at any instant, and its watch delay. */
export function demoHistory(): ClusterHistory {
  const { replay } = demoRun();
  return { stateAt: (t) => replay.stateAt(t), watchDelayMs: ROLLOUT_DEMO_CONFIG.watchDelayMs };
}
