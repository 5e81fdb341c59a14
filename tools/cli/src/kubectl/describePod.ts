import {
  formatAge,
  formatSimTime,
  type Container,
  type ContainerStatus,
  type Pod,
  type SimTime,
} from '@svcsim/core';

import type { ClusterHistory } from './ClusterHistory.js';
import { containerEnvironment, type EnvEntry } from './containerEnvironment.js';
import { describeContainers } from './describeContainers.js';
import { DescribeWriter } from './DescribeWriter.js';

/**
 * `kubectl describe pod` (kubectl's describePod) for what svcsim models: identity, node, status and
 * addresses, the owner, each container with its ports, state, readiness, restarts, probes and
 * environment, the pod's conditions, and the fixed tail (no volumes, BestEffort QoS: svcsim models no
 * resources).
 *
 * Where svcsim differs on purpose: times (Start Time, Started, Finished) are virtual times such as
 * `12.500s`, since a run has no calendar date; there is no Priority or Service Account line (svcsim's
 * pods carry neither) and no Tolerations beyond `<none>` (svcsim runs no admission plugins); each
 * container's Environment also lists the Service variables the kubelet injected (containerEnvironment);
 * Events is always `<none>`.
 */
export function describePod(pod: Pod, now: SimTime, history: ClusterHistory): string {
  const w = new DescribeWriter();
  const status = pod.status ?? {};
  w.line(0, `Name:\t${pod.metadata.name ?? ''}`);
  w.line(0, `Namespace:\t${pod.metadata.namespace ?? ''}`);
  w.line(
    0,
    `Node:\t${pod.spec.nodeName === undefined ? '<none>' : `${pod.spec.nodeName}/${status.hostIP ?? ''}`}`,
  );
  if (status.startTime !== undefined) w.line(0, `Start Time:\t${formatSimTime(status.startTime)}`);
  w.labels('Labels', pod.metadata.labels);
  w.annotations('Annotations', pod.metadata.annotations);
  const phase = status.phase ?? 'Pending';
  if (pod.metadata.deletionTimestamp !== undefined && phase !== 'Failed' && phase !== 'Succeeded') {
    w.line(0, `Status:\tTerminating (lasts ${formatAge(now - pod.metadata.deletionTimestamp)})`);
    w.line(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    w.line(0, `Status:\t${phase}`);
  }
  w.line(0, `IP:\t${status.podIP ?? ''}`);
  const podIPs = status.podIPs ?? [];
  if (podIPs.length === 0) w.line(0, 'IPs:\t<none>');
  else {
    w.line(0, 'IPs:');
    for (const ip of podIPs) w.line(1, `IP:\t${ip.ip}`);
  }
  const controller = pod.metadata.ownerReferences?.find((owner) => owner.controller === true);
  if (controller !== undefined) w.line(0, `Controlled By:\t${controller.kind}/${controller.name}`);
  const environment = (container: Container, containerStatus: ContainerStatus | undefined): EnvEntry[] =>
    containerEnvironment(pod, container, containerStatus, history);
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length > 0)
    describeContainers(w, {
      title: 'Init Containers',
      containers: sidecars,
      statuses: status.initContainerStatuses ?? [],
      inTemplate: false,
      environment,
    });
  describeContainers(w, {
    title: 'Containers',
    containers: pod.spec.containers,
    statuses: status.containerStatuses ?? [],
    inTemplate: false,
    environment,
  });
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.line(0, 'Readiness Gates:');
    w.line(1, 'Type\tStatus');
    for (const gate of gates) {
      const condition = status.conditions?.find((c) => c.type === gate.conditionType);
      w.line(1, `${gate.conditionType} \t${condition?.status ?? '<none>'} `);
    }
  }
  if ((status.conditions ?? []).length > 0) {
    w.line(0, 'Conditions:');
    w.line(1, 'Type\tStatus');
    for (const condition of status.conditions ?? []) w.line(1, `${condition.type} \t${condition.status} `);
  }
  w.line(0, 'Volumes:\t<none>');
  w.line(0, 'QoS Class:\tBestEffort');
  w.labels('Node-Selectors', pod.spec.nodeSelector);
  w.line(0, 'Tolerations:\t<none>');
  w.line(0, 'Events:\t<none>');
  return w.text();
}
