import type { Pod } from '../../api/Pod.js';

/**
 * Whether a ReplicaSet counts the pod toward its replicas (controller.IsPodActive): not Succeeded, not
 * Failed, and not being deleted. A terminating pod is replaced at once, before it is gone.
 */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}
