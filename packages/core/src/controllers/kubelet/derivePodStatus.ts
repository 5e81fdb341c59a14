import type { ContainerState, ContainerStatus, PodCondition, PodStatus } from '../../api/Pod.js';
import type { SimTime } from '../../SimTime.js';
import {
  derivePodReadiness,
  isContainerReady,
  isContainerStarted,
  type ContainerProbeView,
  type DerivedCondition,
} from '../../kubelet/derivePodReadiness.js';
import { workerOf, type ContainerRuntime, type ContainerTermination, type PodRuntime } from './PodRuntime.js';

/** The conditions the kubelet owns; any other condition (a readiness gate's) is kept as others set it. */
const KUBELET_CONDITIONS: ReadonlySet<string> = new Set([
  'PodScheduled',
  'Initialized',
  'ContainersReady',
  'Ready',
]);

/** Whether the kubelet writes this condition type (others belong to whoever sets readiness gates). */
export function isKubeletCondition(type: string): boolean {
  return KUBELET_CONDITIONS.has(type);
}

/**
 * The pod status the kubelet reports for a pod it runs (kubelet_pods.go generateAPIPodStatus, reduced to
 * the fields svcsim models): phase, addresses, start time, conditions, and one status per container.
 * A condition keeps its lastTransitionTime while its status stays the same. `nodeReady` is the node's
 * Ready condition as the control plane sees it: on a node that is not Ready, the node lifecycle
 * controller marks the pod not Ready (derivePodReadiness carries that rule).
 *
 * Deliberate differences: the phase follows the regular containers only (a pod whose containers have all
 * finished is Succeeded or Failed even while a sidecar still runs), and a terminal pod keeps its IP.
 */
export function derivePodStatus(pod: PodRuntime, nodeReady: boolean, now: SimTime): PodStatus {
  // Loops rather than closures: this runs for every status the kubelet considers writing, and under tsx
  // every closure created costs a defineProperty for its name.
  const views: ContainerProbeView[] = [];
  const containerStatuses: ContainerStatus[] = [];
  const sidecarStatuses: ContainerStatus[] = [];
  let running = false;
  let failed = false;
  for (const container of pod.containers) {
    const view = probeViewOf(pod, container);
    views.push(view);
    if (container.sidecar) sidecarStatuses.push(containerStatusOf(pod, container, view));
    else {
      containerStatuses.push(containerStatusOf(pod, container, view));
      if (!container.final) running = true;
      else if (container.lastTermination?.exitCode !== 0) failed = true;
    }
  }
  const phase = running ? 'Running' : failed ? 'Failed' : 'Succeeded';
  const gates: string[] = [];
  for (const gate of pod.pod.spec.readinessGates ?? []) gates.push(gate.conditionType);
  const current = pod.pod.status?.conditions ?? [];
  const readiness = derivePodReadiness({
    phase,
    containers: views,
    readinessGates: gates,
    conditions: current,
    nodeReady,
  });
  const previous = pod.lastStatus?.conditions ?? [];
  const conditions: PodCondition[] = [
    stamped({ type: 'PodScheduled', status: 'True' }, previous, now),
    stamped({ type: 'Initialized', status: 'True' }, previous, now),
    stamped(readiness.containersReady, previous, now),
    stamped(readiness.ready, previous, now),
  ];
  for (const condition of current) if (!isKubeletCondition(condition.type)) conditions.push(condition);
  return {
    phase,
    podIP: pod.podIP,
    podIPs: [{ ip: pod.podIP }],
    ...(pod.hostIP !== undefined && { hostIP: pod.hostIP }),
    startTime: pod.startedAt,
    conditions,
    ...(sidecarStatuses.length > 0 && { initContainerStatuses: sidecarStatuses }),
    containerStatuses,
  };
}

/** The condition with its lastTransitionTime: kept from `previous` while its status stays, else `now`. */
function stamped(condition: DerivedCondition, previous: readonly PodCondition[], now: SimTime): PodCondition {
  let before: PodCondition | undefined;
  for (const c of previous) if (c.type === condition.type) before = c;
  const since = before?.status === condition.status ? (before.lastTransitionTime ?? now) : now;
  return { ...condition, lastTransitionTime: since };
}

/** What the readiness rules need to know about a container; a `pod/readinessSet` stands in for its probe. */
function probeViewOf(pod: PodRuntime, container: ContainerRuntime): ContainerProbeView {
  const startup = workerOf(container, 'startup');
  const readiness = workerOf(container, 'readiness');
  const override = pod.readinessOverride;
  return {
    name: container.spec.name,
    known: true,
    running: container.run !== undefined,
    hasStartupProbe: startup !== undefined,
    ...(startup !== undefined && { startupResult: startup.state.committed }),
    hasReadinessProbe: readiness !== undefined || override !== undefined,
    ...(override !== undefined
      ? { readinessResult: override ? 'Success' : 'Failure' }
      : readiness !== undefined && { readinessResult: readiness.state.committed }),
  };
}

function containerStatusOf(
  pod: PodRuntime,
  container: ContainerRuntime,
  view: ContainerProbeView,
): ContainerStatus {
  let state: ContainerState;
  let lastState: ContainerTermination | undefined = container.lastTermination;
  if (container.run !== undefined) state = { running: { startedAt: container.run.startedAt } };
  else if (container.restartAt !== undefined) {
    const delay = container.restartAt - (container.lastTermination?.finishedAt ?? container.restartAt);
    state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatGoDuration(delay)} restarting failed container=${container.spec.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
      },
    };
  } else if (container.lastTermination !== undefined) {
    state = { terminated: container.lastTermination };
    lastState = container.previousTermination;
  } else state = { waiting: { reason: 'ContainerCreating' } };
  return {
    name: container.spec.name,
    ready: isContainerReady(view),
    started: isContainerStarted(view),
    restartCount: Math.max(0, container.runs - 1),
    state,
    ...(lastState !== undefined && { lastState: { terminated: lastState } }),
  };
}

/** A whole number of milliseconds as Go prints a time.Duration: 10s, 1m20s, 5m0s. */
function formatGoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${seconds % 60}s`;
}
