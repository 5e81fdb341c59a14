import type { Pod, PodStatus } from '../../api/Pod.js';
import type { SimTime } from '../../SimTime.js';

/**
 * The status MarkPodsNotReady writes for a pod on a node whose kubelet stopped posting status: its Ready
 * condition set to False (transition time `now`), the rest as it was;
 * `undefined` when there is nothing to change (no Ready condition, or it is already False).
 */
export function markPodNotReady(pod: Pod, now: SimTime): PodStatus | undefined {
  const conditions = pod.status?.conditions ?? [];
  const ready = conditions.find((c) => c.type === 'Ready');
  if (ready === undefined || ready.status === 'False') return undefined;
  return {
    ...pod.status,
    conditions: conditions.map((c) =>
      c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c,
    ),
  };
}
