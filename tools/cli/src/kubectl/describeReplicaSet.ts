import { listObjects, matchesLabelSelector, type ClusterState, type ReplicaSet } from '@svcsim/core';

import { describePodTemplate } from './describePodTemplate.js';
import { DescribeWriter } from './DescribeWriter.js';
import { formatLabelSelector } from './formatLabelSelector.js';

/**
 * `kubectl describe replicaset` (kubectl's describeReplicaSet): identity, selector, owner, the replica
 * counts, its pods by phase, and the pod template. svcsim's ReplicaSet controller keeps no status
 * conditions, so the Conditions table (printed only when there are some) never appears; Events is always
 * `<none>`.
 */
export function describeReplicaSet(state: ClusterState, replicaSet: ReplicaSet): string {
  const w = new DescribeWriter();
  w.line(0, `Name:\t${replicaSet.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${replicaSet.metadata.namespace ?? ''}`);
  w.line(0, `Selector:\t${formatLabelSelector(replicaSet.spec.selector)}`);
  w.labels('Labels', replicaSet.metadata.labels);
  w.annotations('Annotations', replicaSet.metadata.annotations);
  const controller = replicaSet.metadata.ownerReferences?.find((owner) => owner.controller === true);
  if (controller !== undefined) w.line(0, `Controlled By:\t${controller.kind}/${controller.name}`);
  w.line(
    0,
    `Replicas:\t${replicaSet.status?.replicas ?? 0} current / ${replicaSet.spec.replicas ?? 1} desired`,
  );
  const phases = podPhases(state, replicaSet);
  w.line(
    0,
    `Pods Status:\t${phases.Running} Running / ${phases.Pending} Waiting / ${phases.Succeeded} Succeeded / ${phases.Failed} Failed`,
  );
  describePodTemplate(w, replicaSet.spec.template);
  w.line(0, 'Events:\t<none>');
  return w.text();
}

/**
 * kubectl's getPodStatusForController: the pods the selector matches that the ReplicaSet controls,
 * counted by phase (Pending is reported as Waiting; terminating pods still count by their phase).
 */
function podPhases(
  state: ClusterState,
  replicaSet: ReplicaSet,
): Record<'Running' | 'Pending' | 'Succeeded' | 'Failed', number> {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of listObjects(state, 'Pod', replicaSet.metadata.namespace ?? '')) {
    if (!matchesLabelSelector(replicaSet.spec.selector, pod.metadata.labels)) continue;
    const controller = pod.metadata.ownerReferences?.find((owner) => owner.controller === true);
    if (controller === undefined || controller.uid !== replicaSet.metadata.uid) continue;
    const phase = pod.status?.phase ?? 'Pending';
    if (phase !== 'Unknown') counts[phase]++;
  }
  return counts;
}
