import type { ReplicaSet } from '../../api/Deployment.js';
import type { Pod } from '../../api/Pod.js';
import type { RandomStream } from '../../random/RandomStream.js';
import type { SimTime } from '../../SimTime.js';
import { isControlledBy, newControllerRef } from './controllerRef.js';
import { generatePodName } from './generatePodName.js';
import { isPodActive } from './isPodActive.js';
import { isPodAvailable, isPodReady, podAvailableAt } from './isPodAvailable.js';
import { matchesLabelSelector } from './labelSelector.js';
import { sortPodsForDeletion } from './sortPodsForDeletion.js';

/** At most this many pods are created or deleted per sync (the controller's burstReplicas). */
export const BURST_REPLICAS = 500;

/** What one ReplicaSet sync sees. */
export interface ReplicaSetReconcileInput {
  readonly replicaSet: ReplicaSet;
  /** The pods this ReplicaSet controls; pods it does not control, or that its selector no longer matches, are ignored. */
  readonly pods: readonly Pod[];
  /**
   * Pods of every ReplicaSet with the same owner, for the "doubled up on a node" deletion rank; defaults to
   * `pods`.
   */
  readonly relatedPods?: readonly Pod[];
  /** Draws the 5-character suffix of each new pod's name. */
  readonly random: RandomStream;
  readonly now: SimTime;
}

/** The status a ReplicaSet sync writes. */
export type ReplicaSetStatus = NonNullable<ReplicaSet['status']>;

/** What one ReplicaSet sync does, as data for the runner to apply. */
export interface ReplicaSetActions {
  /** New pods, complete objects as the API server would store them. */
  readonly createPods: readonly Pod[];
  /** Names of pods to delete, most preferred first. */
  readonly deletePods: readonly string[];
  /** Counted over the pods the sync saw, before its own creates and deletes, as the real controller reports. */
  readonly status: ReplicaSetStatus;
  /** When a Ready pod passes minReadySeconds and the status should be recomputed. */
  readonly requeueAt?: SimTime;
}

/**
 * One sync of the ReplicaSet controller (replica_set.go syncReplicaSet/manageReplicas): create pods from
 * the template up to spec.replicas, or delete the surplus in ActivePods order, counting only active pods
 * (a terminating pod is replaced at once). A ReplicaSet being deleted only reports status.
 */
export function reconcileReplicaSet(input: ReplicaSetReconcileInput): ReplicaSetActions {
  const { replicaSet, random, now } = input;
  const owned = input.pods.filter(
    (pod) =>
      isControlledBy(pod.metadata, 'ReplicaSet', replicaSet.metadata) &&
      matchesLabelSelector(replicaSet.spec.selector, pod.metadata.labels),
  );
  const active = owned.filter(isPodActive);
  const desired = replicaSet.spec.replicas ?? 1;
  const minReadySeconds = replicaSet.spec.minReadySeconds ?? 0;

  const createPods: Pod[] = [];
  let deletePods: string[] = [];
  if (replicaSet.metadata.deletionTimestamp === undefined) {
    const diff = active.length - desired;
    if (diff < 0) {
      const taken = new Set(input.pods.map((pod) => pod.metadata.name ?? ''));
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
        const pod = podFromTemplate(replicaSet, random, taken, now);
        taken.add(pod.metadata.name ?? '');
        createPods.push(pod);
      }
    } else if (diff > 0) {
      const related = (input.relatedPods ?? owned).filter(isPodActive);
      deletePods = sortPodsForDeletion(active, related, now)
        .slice(0, Math.min(diff, BURST_REPLICAS))
        .map((pod) => pod.metadata.name ?? '');
    }
  }

  let readyReplicas = 0;
  let availableReplicas = 0;
  let requeueAt: SimTime | undefined;
  for (const pod of active) {
    if (!isPodReady(pod)) continue;
    readyReplicas++;
    if (isPodAvailable(pod, minReadySeconds, now)) {
      availableReplicas++;
    } else {
      const at = podAvailableAt(pod, minReadySeconds);
      if (at !== undefined && (requeueAt === undefined || at < requeueAt)) requeueAt = at;
    }
  }
  const status: ReplicaSetStatus = {
    replicas: active.length,
    readyReplicas,
    availableReplicas,
    observedGeneration: replicaSet.metadata.generation ?? 0,
  };
  return requeueAt === undefined
    ? { createPods, deletePods, status }
    : { createPods, deletePods, status, requeueAt };
}

/**
 * controller.GetPodFromTemplate plus what the API server adds on create: labels, annotations and finalizers
 * from the template, a controller reference to the ReplicaSet, a generated name (drawn again on a clash,
 * as the API server's RetryGenerateName does), creationTimestamp, and phase Pending.
 */
function podFromTemplate(
  replicaSet: ReplicaSet,
  random: RandomStream,
  taken: ReadonlySet<string>,
  now: SimTime,
): Pod {
  const prefix = `${replicaSet.metadata.name ?? ''}-`;
  let name = generatePodName(prefix, random);
  while (taken.has(name)) name = generatePodName(prefix, random);
  const templateMeta = replicaSet.spec.template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: prefix,
      ...(replicaSet.metadata.namespace === undefined ? {} : { namespace: replicaSet.metadata.namespace }),
      creationTimestamp: now,
      ...(templateMeta.labels === undefined ? {} : { labels: { ...templateMeta.labels } }),
      ...(templateMeta.annotations === undefined ? {} : { annotations: { ...templateMeta.annotations } }),
      ...(templateMeta.finalizers === undefined ? {} : { finalizers: [...templateMeta.finalizers] }),
      ownerReferences: [newControllerRef('apps/v1', 'ReplicaSet', replicaSet.metadata)],
    },
    spec: replicaSet.spec.template.spec,
    status: { phase: 'Pending' },
  };
}
