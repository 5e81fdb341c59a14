import type { ClusterState, SimTime } from '@svcsim/core';

/**
 * What `describe` reads a cluster from: its state at any instant of the run, not only the instant shown,
 * because some of what kubectl would show was fixed earlier (a container's environment is the Services the
 * kubelet saw when the container started).
 */
export interface ClusterHistory {
  stateAt(t: SimTime): ClusterState;
  /** How late the kubelet's informer (like every controller's) sees changes. */
  readonly watchDelayMs: SimTime;
}
