import {
  formatAge,
  formatSimTime,
  listObjects,
  type ClusterState,
  type Node,
  type SimTime,
} from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';
import { nodeRoles } from './nodeRoles.js';

/** The System Info fields kubectl prints from a node's nodeInfo, in its order. */
const SYSTEM_INFO_FIELDS = [
  'Machine ID',
  'System UUID',
  'Boot ID',
  'Kernel Version',
  'OS Image',
  'Operating System',
  'Architecture',
  'Container Runtime Version',
  'Kubelet Version',
  'Kube-Proxy Version',
];

/** What a pod without resource requests or limits shows in every resource column: a zero quantity, 0%. */
const NO_RESOURCES = '0 (0%)';

/**
 * `kubectl describe node` (kubectl's describeNode) for what svcsim models: identity and roles, taints and
 * schedulability, the conditions table, addresses, system info, pod CIDRs, the non-terminated pods on the
 * node (every namespace, Succeeded and Failed pods left out) and the allocated-resources summary.
 *
 * Where svcsim differs on purpose: CreationTimestamp is a virtual time such as `0.000s`; svcsim's node
 * conditions record no heartbeat or transition time, so those columns say `<unknown>`; svcsim keeps no
 * node Lease objects, so there is no Lease section (a real kubelet always has one); nodes report no
 * capacity, allocatable or nodeInfo, so Capacity and Allocatable are left out as kubectl does when they
 * are empty, System Info's values are empty, and every resource figure is `0 (0%)` (kubectl's
 * percentages would divide by a zero allocatable); Events is always `<none>`.
 */
export function describeNode(state: ClusterState, node: Node, now: SimTime): string {
  const w = new DescribeWriter();
  const name = node.metadata.name ?? '';
  w.line(0, `Name:\t${name}`);
  w.line(0, `Roles:\t${nodeRoles(node.metadata.labels)}`);
  w.labels('Labels', node.metadata.labels);
  w.annotations('Annotations', node.metadata.annotations);
  w.line(0, `CreationTimestamp:\t${formatSimTime(node.metadata.creationTimestamp ?? 0)}`);
  // kubectl prints the first taint after the title and each further one on a line of its own below it.
  const taints = (node.spec.taints ?? []).map(
    (t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`,
  );
  taints.forEach((taint, i) => {
    w.line(0, i === 0 ? `Taints:\t${taint}` : `${' '.repeat('Taints:'.length)}\t${taint}`);
  });
  if (taints.length === 0) w.line(0, 'Taints:\t<none>');
  w.line(0, `Unschedulable:\t${node.spec.unschedulable === true ? 'true' : 'false'}`);
  const conditions = node.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage');
    w.line(1, '----\t------\t-----------------\t------------------\t------\t-------');
    for (const condition of conditions)
      w.line(
        1,
        `${condition.type} \t${condition.status} \t<unknown> \t<unknown> \t${condition.reason ?? ''} \t${condition.message ?? ''}`,
      );
  }
  w.line(0, 'Addresses:');
  for (const address of node.status?.addresses ?? []) w.line(1, `${address.type}:\t${address.address}`);
  w.line(0, 'System Info:');
  for (const field of SYSTEM_INFO_FIELDS) w.line(1, `${field}:\t`);
  if (node.spec.podCIDR !== undefined && node.spec.podCIDR !== '')
    w.line(0, `PodCIDR:\t${node.spec.podCIDR}`);
  if ((node.spec.podCIDRs ?? []).length > 0) w.line(0, `PodCIDRs:\t${(node.spec.podCIDRs ?? []).join(',')}`);
  describePodsOnNode(w, state, name, now);
  w.line(0, 'Events:\t<none>');
  return w.text();
}

/** kubectl's describeNodeResource: the node's non-terminated pods, then the allocated-resources totals. */
function describePodsOnNode(w: DescribeWriter, state: ClusterState, nodeName: string, now: SimTime): void {
  const pods = listObjects(state, 'Pod').filter(
    (pod) =>
      pod.spec.nodeName === nodeName && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed',
  );
  w.line(0, `Non-terminated Pods:\t(${pods.length} in total)`);
  // kubectl's header has an empty column between Name and CPU Requests; the rows keep it empty too.
  w.line(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  w.line(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
  for (const pod of pods) {
    const created = pod.metadata.creationTimestamp;
    w.line(
      1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t` +
        `${NO_RESOURCES}\t${NO_RESOURCES}\t${NO_RESOURCES}\t${NO_RESOURCES}\t` +
        (created === undefined ? '<unknown>' : formatAge(now - created)),
    );
  }
  w.line(0, 'Allocated resources:');
  w.line(0, '  (Total limits may be over 100 percent, i.e., overcommitted.)');
  w.line(1, 'Resource\tRequests\tLimits');
  w.line(1, '--------\t--------\t------');
  for (const resource of ['cpu', 'memory', 'ephemeral-storage'])
    w.line(1, `${resource}\t${NO_RESOURCES}\t${NO_RESOURCES}`);
}
