import type { Pod, PodCondition } from '../../api/Pod.js';
import type { SimTime } from '../../SimTime.js';

/** The pod's Ready condition, if it reports one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export { isPodReady } from '../endpoints/isPodReady.js';

/**
 * Whether the pod is available at `now`: Ready, and Ready since at least minReadySeconds ago
 * (podutil.IsPodAvailable). The boundary is inclusive, as since kubernetes/kubernetes#132122 (2025);
 * before that a pod became available one instant after the boundary. A Ready condition without a
 * lastTransitionTime (Go's zero time) never satisfies a non-zero minReadySeconds; SimTime 0 is a real instant.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: SimTime): boolean {
  const availableAt = podAvailableAt(pod, minReadySeconds);
  return availableAt !== undefined && availableAt <= now;
}

/**
 * When a Ready pod becomes (or became) available: -Infinity with no minReadySeconds (available as soon as it
 * is Ready); undefined if it is not Ready or never will be.
 */
export function podAvailableAt(pod: Pod, minReadySeconds: number): SimTime | undefined {
  const ready = podReadyCondition(pod);
  if (ready?.status !== 'True') return undefined;
  if (minReadySeconds === 0) return Number.NEGATIVE_INFINITY;
  if (ready.lastTransitionTime === undefined) return undefined;
  return ready.lastTransitionTime + minReadySeconds * 1000;
}
