import type { ClusterState, SimTime } from '@svcsim/core';

import type { RequestOutcome } from '../traffic/RequestOutcome.js';
import type { PodLabelHistory } from './PodLabelHistory.js';

/** What a finished run offers the expectations that judge it. */
export interface ExpectationContext {
  /** The outcomes of a traffic entry's requests, in request order (empty when it made none). */
  outcomesOf(traffic: string): readonly RequestOutcome[];
  /** The cluster as the apiserver held it at an instant of the run. */
  stateAt(t: SimTime): ClusterState;
  /** Every pod's labels over the run (cheaper than stateAt for a question asked per request). */
  readonly pods: PodLabelHistory;
  /** Where the run stopped: the scenario's duration, or earlier when it was shortened. */
  readonly endMs: SimTime;
  /** The scenario's duration. */
  readonly durationMs: SimTime;
}
