import { formatSimTime, type ClusterState, type Deployment, type ReplicaSet } from '@svcsim/core';

import { describePodTemplate } from './describePodTemplate.js';
import { DescribeWriter } from './DescribeWriter.js';
import { formatLabelSelector } from './formatLabelSelector.js';
import { replicaSetsOfDeployment } from './replicaSetsOfDeployment.js';

/**
 * `kubectl describe deployment` (kubectl's describeDeployment): identity, the replica counts, the
 * strategy, the pod template, and the old and new ReplicaSets with how many of their replicas exist.
 *
 * Where svcsim differs on purpose: CreationTimestamp is a virtual time such as `0.000s`; svcsim's
 * Deployment controller keeps no status conditions, so the Conditions table, which kubectl prints only
 * when there are conditions, never appears; Events is always `<none>`.
 */
export function describeDeployment(state: ClusterState, deployment: Deployment): string {
  const w = new DescribeWriter();
  const { spec, status = {} } = deployment;
  w.line(0, `Name:\t${deployment.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${deployment.metadata.namespace ?? ''}`);
  w.line(0, `CreationTimestamp:\t${formatSimTime(deployment.metadata.creationTimestamp ?? 0)}`);
  w.labels('Labels', deployment.metadata.labels);
  w.annotations('Annotations', deployment.metadata.annotations);
  w.line(0, `Selector:\t${formatLabelSelector(spec.selector)}`);
  w.line(
    0,
    `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ` +
      `${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ` +
      `${status.unavailableReplicas ?? 0} unavailable`,
  );
  w.line(0, `StrategyType:\t${spec.strategy?.type ?? ''}`);
  w.line(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}`);
  const rollingUpdate = spec.strategy?.rollingUpdate;
  if (rollingUpdate !== undefined)
    w.line(
      0,
      // An unset IntOrString pointer prints as Go's "<nil>"; the apiserver's defaulting sets both.
      `RollingUpdateStrategy:\t${String(rollingUpdate.maxUnavailable ?? '<nil>')} max unavailable, ` +
        `${String(rollingUpdate.maxSurge ?? '<nil>')} max surge`,
    );
  describePodTemplate(w, spec.template);
  const { newReplicaSet, oldReplicaSets } = replicaSetsOfDeployment(state, deployment);
  if (newReplicaSet !== undefined || oldReplicaSets.length > 0) {
    w.line(0, `OldReplicaSets:\t${replicaSetList(oldReplicaSets)}`);
    w.line(0, `NewReplicaSet:\t${replicaSetList(newReplicaSet === undefined ? [] : [newReplicaSet])}`);
  }
  w.line(0, 'Events:\t<none>');
  return w.text();
}

/** kubectl's printReplicaSetsByLabels: `name (current/desired replicas created)`, comma-separated. */
function replicaSetList(replicaSets: readonly ReplicaSet[]): string {
  if (replicaSets.length === 0) return '<none>';
  return replicaSets
    .map(
      (rs) =>
        `${rs.metadata.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`,
    )
    .join(', ');
}
