import type { HealthState } from '../kubelet/AppModel.js';
import type { ProbeKind, ProbeResult } from '../kubelet/ProbeResult.js';

// The application inside a pod's containers: the inputs a scenario's timeline uses to change it, and
// what the kubelet's probes conclude about it.

/**
 * From now on, the health endpoint of the pod's containers (or of one container) answers as `health`
 * says, in place of its `svcsim.dev/health` schedule, for the running container and for every later
 * restart of it. A dependency going down (`failing`), a deadlock (`hanging`), a recovery (`healthy`).
 */
export interface AppHealthSet {
  readonly type: 'app/healthSet';
  readonly namespace: string;
  /** The pod. */
  readonly name: string;
  /** One container (or sidecar) of the pod; every container when absent. */
  readonly container?: string;
  readonly health: HealthState;
}

/**
 * The application exits now, on its own, with `exitCode` (1 when absent), as `svcsim.dev/crash-after`
 * would have it: the kubelet restarts the container as the pod's restartPolicy says, with its crash-loop
 * back-off. Only the running container exits; a restarted one behaves as its annotations say.
 */
export interface AppCrashed {
  readonly type: 'app/crashed';
  readonly namespace: string;
  readonly name: string;
  readonly container?: string;
  readonly exitCode?: number;
}

/**
 * A probe worker committed a new result for a container (after its success or failure threshold), so
 * timelines can say why a pod turned NotReady or why a container was restarted. `reason` says what the
 * deciding probe saw, in the kubelet's words where it has some, and why svcsim's application did that.
 */
export interface ProbeResultChanged {
  readonly type: 'probe/resultChanged';
  readonly namespace: string;
  /** The pod. */
  readonly name: string;
  readonly container: string;
  readonly probe: ProbeKind;
  readonly result: ProbeResult;
  readonly reason: string;
}
