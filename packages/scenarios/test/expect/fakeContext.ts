import { createEmptyClusterState, type ClusterState, type SimTime } from '@svcsim/core';

import { podLabelHistoryOf } from '../../src/expect/PodLabelHistory.js';
import type { ExpectationContext, RequestOutcome } from '../../src/index.js';

/** A success answered by `pod` at `at`. */
export function served(at: SimTime, pod = 'default/web-a'): RequestOutcome {
  return { at, connectionId: `t#${String(at)}`, ok: true, peer: { ip: '10.244.0.9', port: 8080, pod } };
}

/** A failure at `at`. */
export function failed(at: SimTime, failure: 'refused' | 'timedOut' | 'reset' = 'timedOut'): RequestOutcome {
  return { at, connectionId: `t#${String(at)}`, ok: false, failure, reason: `it ${failure}` };
}

/**
 * A context over fixed outcomes of traffic `t` and a fixed state (and no pods in its history), for a
 * run that went to `endMs`.
 */
export function fakeContext(
  outcomes: readonly RequestOutcome[],
  options: { endMs?: SimTime; durationMs?: SimTime; state?: ClusterState } = {},
): ExpectationContext {
  const durationMs = options.durationMs ?? 60_000;
  const state = options.state ?? createEmptyClusterState();
  return {
    outcomesOf: (traffic) => (traffic === 't' ? outcomes : []),
    stateAt: () => state,
    pods: podLabelHistoryOf([]),
    endMs: options.endMs ?? durationMs,
    durationMs,
  };
}
