import type { PodCondition, PodStatus } from '../api/Pod.js';
import type { ProbeResult } from './ProbeResult.js';

/** What the kubelet knows about one container when it computes the pod's status. */
export interface ContainerProbeView {
  readonly name: string;
  /** Has a status at all (the runtime reported the container); false means "unknown status". */
  readonly known: boolean;
  readonly running: boolean;
  readonly hasStartupProbe: boolean;
  /** The startup worker's committed result for the current run (absent before it has one). */
  readonly startupResult?: ProbeResult;
  readonly hasReadinessProbe: boolean;
  /** The readiness worker's committed result for the current run (absent before it has one). */
  readonly readinessResult?: ProbeResult;
}

/**
 * Started, as prober_manager.go's isContainerStarted: a running container without a startup probe has
 * started; with one, once that probe has succeeded.
 */
export function isContainerStarted(container: ContainerProbeView): boolean {
  if (!container.running) return false;
  return container.hasStartupProbe ? container.startupResult === 'Success' : true;
}

/**
 * Ready, as prober_manager.go's UpdatePodStatus: started, running, and either the readiness probe's
 * committed result is Success or there is no readiness probe.
 */
export function isContainerReady(container: ContainerProbeView): boolean {
  if (!isContainerStarted(container)) return false;
  return container.hasReadinessProbe ? container.readinessResult === 'Success' : true;
}

/** The inputs of the pod's Ready condition. */
export interface PodReadinessInput {
  readonly phase: NonNullable<PodStatus['phase']>;
  /** Sidecars (restartable init containers) first, then the regular containers, in spec order. */
  readonly containers: readonly ContainerProbeView[];
  /** spec.readinessGates' condition types. */
  readonly readinessGates: readonly string[];
  /** The pod's current conditions, where the readiness gates' conditions are (set by other controllers). */
  readonly conditions: readonly PodCondition[];
  /** The node's Ready condition is True. */
  readonly nodeReady: boolean;
}

/** A condition without its transition time (the caller stamps it when the status actually changes). */
export type DerivedCondition = Omit<PodCondition, 'lastTransitionTime'> & { readonly message?: string };

export interface PodReadiness {
  readonly containersReady: DerivedCondition;
  readonly ready: DerivedCondition;
}

/**
 * The pod's ContainersReady and Ready conditions (pkg/kubelet/status/generate.go
 * GenerateContainersReadyCondition and GeneratePodReadyCondition, with the same reasons and messages),
 * plus the node lifecycle controller's rule: pods on a node that is not Ready are marked Ready=False
 * (MarkPodsNotReady, which leaves ContainersReady and sets no reason).
 */
export function derivePodReadiness(input: PodReadinessInput): PodReadiness {
  const containersReady = deriveContainersReady(input);
  let ready: DerivedCondition;
  if (containersReady.status !== 'True') ready = { ...containersReady, type: 'Ready' };
  else {
    const unready: string[] = [];
    for (const gate of input.readinessGates) {
      const condition = input.conditions.find((c) => c.type === gate);
      if (condition === undefined)
        unready.push(`corresponding condition of pod readiness gate "${gate}" does not exist.`);
      else if (condition.status !== 'True')
        unready.push(`the status of pod readiness gate "${gate}" is not "True", but ${condition.status}`);
    }
    ready =
      unready.length > 0
        ? { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') }
        : { type: 'Ready', status: 'True' };
  }
  if (!input.nodeReady) ready = { type: 'Ready', status: 'False' };
  return { containersReady, ready };
}

function deriveContainersReady(input: PodReadinessInput): DerivedCondition {
  const type = 'ContainersReady';
  // The kubelet has no container statuses at all yet (containerStatuses == nil upstream).
  if (input.containers.every((c) => !c.known))
    return { type, status: 'False', reason: 'UnknownContainerStatuses' };
  if (input.phase === 'Succeeded' || input.phase === 'Failed') {
    const unknown = input.containers.some((c) => !c.known);
    if (input.phase === 'Failed' || !unknown)
      return { type, status: 'False', reason: input.phase === 'Failed' ? 'PodFailed' : 'PodCompleted' };
  }
  const unknown = input.containers.filter((c) => !c.known).map((c) => c.name);
  const unready = input.containers.filter((c) => c.known && !isContainerReady(c)).map((c) => c.name);
  // Go prints a []string as [a b].
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: [${unknown.join(' ')}]`);
  if (unready.length > 0) messages.push(`containers with unready status: [${unready.join(' ')}]`);
  return messages.length > 0
    ? { type, status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') }
    : { type, status: 'True' };
}
