import type { Pod } from '../../api/Pod.js';

/** Whether the pod's `Ready` condition is `True` (podutil.IsPodReady); a missing condition means not ready. */
export function isPodReady(pod: Pod): boolean {
  const ready = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
  return ready?.status === 'True';
}
