import {
  compareCodeUnits,
  equalIgnoreHash,
  listObjects,
  matchesLabelSelector,
  type ClusterState,
  type Deployment,
  type ReplicaSet,
} from '@svcsim/core';

/** A Deployment's ReplicaSets as `kubectl describe deployment` splits them. */
export interface DeploymentReplicaSets {
  /** The one whose pod template is the Deployment's (ignoring pod-template-hash), if any. */
  readonly newReplicaSet?: ReplicaSet;
  /** Every other one, scaled down or not. */
  readonly oldReplicaSets: readonly ReplicaSet[];
}

/**
 * deploymentutil.GetAllReplicaSets as kubectl's describer uses it: the ReplicaSets in the Deployment's
 * namespace that its selector matches and that it controls (controllerRef UID), oldest first (ties by
 * name); the new one is the oldest whose template equals the Deployment's, all others are old.
 */
export function replicaSetsOfDeployment(state: ClusterState, deployment: Deployment): DeploymentReplicaSets {
  const uid = deployment.metadata.uid;
  const owned = listObjects(state, 'ReplicaSet', deployment.metadata.namespace ?? '')
    .filter(
      (rs) =>
        matchesLabelSelector(deployment.spec.selector, rs.metadata.labels) &&
        rs.metadata.ownerReferences?.some((owner) => owner.controller === true && owner.uid === uid) === true,
    )
    .sort(
      (a, b) =>
        (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0) ||
        compareCodeUnits(a.metadata.name ?? '', b.metadata.name ?? ''),
    );
  const newReplicaSet = owned.find((rs) => equalIgnoreHash(rs.spec.template, deployment.spec.template));
  return {
    ...(newReplicaSet !== undefined && { newReplicaSet }),
    oldReplicaSets: owned.filter((rs) => rs !== newReplicaSet),
  };
}
