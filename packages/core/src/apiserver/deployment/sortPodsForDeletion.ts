import type { Pod } from '../../api/Pod.js';
import { compareCodeUnits } from '../../canonicalDigest.js';
import type { SimTime } from '../../SimTime.js';
import { isPodActive } from './isPodActive.js';
import { isPodReady, podReadyCondition } from './isPodAvailable.js';

/** Pods with a lower cost are deleted first when a ReplicaSet scales down (PodDeletionCost, on since v1.22). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

interface RankedPod {
  readonly pod: Pod;
  /** How many active related pods share this pod's node (doubled-up pods go first). */
  readonly rank: number;
  readonly ready: boolean;
}

/**
 * The pods in the order a ReplicaSet prefers to delete them (controller.ActivePodsWithRanks, with the
 * PodDeletionCost and LogarithmicScaleDown features on, as they are by default):
 * unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower deletion cost first; more
 * related pods on the same node first; ready more recently first; more container restarts first; created
 * more recently first. Ready and creation times compare on a log2 scale of their age at `now`, with equal
 * buckets ordered by uid, so among similar pods the choice is spread rather than always the newest.
 *
 * `relatedPods` are the pods of every ReplicaSet of the same owner (what getIndirectlyRelatedPods finds).
 * Deliberate difference: Go's sort is not stable and leaves ties in arbitrary order; here the last tie-break
 * is the pod name, so the order is total and repeatable.
 */
export function sortPodsForDeletion(pods: readonly Pod[], relatedPods: readonly Pod[], now: SimTime): Pod[] {
  const podsOnNode = new Map<string, number>();
  for (const pod of relatedPods) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec.nodeName ?? '';
    podsOnNode.set(node, (podsOnNode.get(node) ?? 0) + 1);
  }
  const ranked: RankedPod[] = pods.map((pod) => ({
    pod,
    rank: podsOnNode.get(pod.spec.nodeName ?? '') ?? 0,
    ready: isPodReady(pod),
  }));
  ranked.sort((a, b) => comparePodsForDeletion(a, b, now));
  return ranked.map((r) => r.pod);
}

function comparePodsForDeletion(a: RankedPod, b: RankedPod, now: SimTime): number {
  const nodeA = a.pod.spec.nodeName ?? '';
  const nodeB = b.pod.spec.nodeName ?? '';
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '' ? -1 : 1;

  const phaseA = PHASE_ORDINAL[a.pod.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDINAL[b.pod.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;

  if (a.ready !== b.ready) return a.ready ? 1 : -1;

  const costA = deletionCost(a.pod);
  const costB = deletionCost(b.pod);
  if (costA !== costB) return costA - costB;

  if (a.rank !== b.rank) return b.rank - a.rank;

  if (a.ready && b.ready) {
    const readyA = podReadyCondition(a.pod)?.lastTransitionTime;
    const readyB = podReadyCondition(b.pod)?.lastTransitionTime;
    if (readyA !== readyB) return compareTimesNewerFirst(readyA, readyB, now, a.pod, b.pod);
  }

  const restartsA = maxContainerRestarts(a.pod);
  const restartsB = maxContainerRestarts(b.pod);
  if (restartsA !== restartsB) return restartsB - restartsA;

  const createdA = a.pod.metadata.creationTimestamp;
  const createdB = b.pod.metadata.creationTimestamp;
  if (createdA !== createdB) return compareTimesNewerFirst(createdA, createdB, now, a.pod, b.pod);

  return compareByUidThenName(a.pod, b.pod);
}

/**
 * Newer first; a missing time (Go's zero time) counts as newest. Both present: compared by the integer
 * log2 of their age in nanoseconds (logarithmicRankDiff), equal buckets falling back to uid.
 */
function compareTimesNewerFirst(
  a: SimTime | undefined,
  b: SimTime | undefined,
  now: SimTime,
  podA: Pod,
  podB: Pod,
): number {
  if (a === undefined || b === undefined) return a === undefined ? -1 : 1;
  const diff = logRank(now - a) - logRank(now - b);
  if (diff === 0) return compareByUidThenName(podA, podB);
  return diff;
}

/** floor(log2(age in ns)), or -1 for an age of zero or less, as Go's logarithmicRankDiff computes it. */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function compareByUidThenName(a: Pod, b: Pod): number {
  return (
    compareCodeUnits(a.metadata.uid ?? '', b.metadata.uid ?? '') ||
    compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? '')
  );
}

/** The pod-deletion-cost annotation as an int32; absent or malformed counts as 0, as in the real helper. */
function deletionCost(pod: Pod): number {
  const raw = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return 0;
  const cost = Number(raw);
  return cost >= -2147483648 && cost <= 2147483647 ? cost : 0;
}

function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const status of pod.status?.containerStatuses ?? []) max = Math.max(max, status.restartCount);
  return max;
}
