import {
  formatAge,
  formatSimTime,
  type Container,
  type ContainerState,
  type ContainerStatus,
  type Pod,
  type Probe,
  type SimTime,
} from '@svcsim/core';

import { DescribeWriter } from './DescribeWriter.js';

/** SetDefaults_Probe's values, which the apiserver fills in and kubectl therefore shows. */
const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/**
 * `kubectl describe pod` (kubectl's describePod) for what svcsim models: identity, node, status and
 * addresses, the owner, each container with its ports, state, readiness, restarts and probes, the
 * pod's conditions, and the fixed tail (no volumes, BestEffort QoS: svcsim models no resources).
 *
 * Where svcsim differs on purpose: times (Start Time, Started, Finished) are virtual times such as
 * `12.500s`, since a run has no calendar date; there is no Priority or Service Account line (svcsim's
 * pods carry neither) and no Tolerations beyond `<none>` (svcsim runs no admission plugins); Events is
 * always `<none>`.
 */
export function describePod(pod: Pod, now: SimTime): string {
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
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length > 0) describeContainers(w, 'Init Containers', sidecars, status.initContainerStatuses);
  describeContainers(w, 'Containers', pod.spec.containers, status.containerStatuses);
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

function describeContainers(
  w: DescribeWriter,
  title: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
): void {
  w.line(0, `${title}:`);
  for (const container of containers) {
    const status = statuses?.find((s) => s.name === container.name);
    w.line(1, `${container.name}:`);
    if (status !== undefined) w.line(2, 'Container ID:\t');
    w.line(2, `Image:\t${container.image ?? ''}`);
    if (status !== undefined) w.line(2, 'Image ID:\t');
    const ports = container.ports ?? [];
    const portList = ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    const hostPortList = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.line(2, ports.length > 1 ? `Ports:\t${portList}` : `Port:\t${portList === '' ? '<none>' : portList}`);
    w.line(
      2,
      ports.length > 1
        ? `Host Ports:\t${hostPortList}`
        : `Host Port:\t${hostPortList === '' ? '<none>' : hostPortList}`,
    );
    if (status !== undefined) {
      describeState(w, 'State', status.state);
      if (status.lastState?.terminated !== undefined) describeState(w, 'Last State', status.lastState);
      w.line(2, `Ready:\t${status.ready ? 'True' : 'False'}`);
      w.line(2, `Restart Count:\t${status.restartCount}`);
    }
    if (container.livenessProbe !== undefined)
      w.line(2, `Liveness:\t${describeProbe(container.livenessProbe)}`);
    if (container.readinessProbe !== undefined)
      w.line(2, `Readiness:\t${describeProbe(container.readinessProbe)}`);
    if (container.startupProbe !== undefined) w.line(2, `Startup:\t${describeProbe(container.startupProbe)}`);
    const env = container.env ?? [];
    if (env.length === 0) w.line(2, 'Environment:\t<none>');
    else {
      w.line(2, 'Environment:');
      for (const variable of env) w.line(3, `${variable.name}:\t${variable.value ?? ''}`);
    }
    w.line(2, 'Mounts:\t<none>');
  }
}

function describeState(w: DescribeWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running !== undefined) {
    w.line(2, `${name}:\tRunning`);
    w.line(
      3,
      `Started:\t${state.running.startedAt === undefined ? '' : formatSimTime(state.running.startedAt)}`,
    );
  } else if (state?.terminated !== undefined) {
    const terminated = state.terminated;
    w.line(2, `${name}:\tTerminated`);
    if (terminated.reason !== undefined && terminated.reason !== '')
      w.line(3, `Reason:\t${terminated.reason}`);
    w.line(3, `Exit Code:\t${terminated.exitCode}`);
    w.line(3, `Started:\t${terminated.startedAt === undefined ? '' : formatSimTime(terminated.startedAt)}`);
    w.line(
      3,
      `Finished:\t${terminated.finishedAt === undefined ? '' : formatSimTime(terminated.finishedAt)}`,
    );
  } else {
    w.line(2, `${name}:\tWaiting`);
    const reason = state?.waiting?.reason;
    if (reason !== undefined && reason !== '') w.line(3, `Reason:\t${reason}`);
  }
}

/** A probe as kubectl's DescribeProbe prints it: the handler, then its timings with defaults applied. */
export function describeProbe(probe: Probe): string {
  const value = (v: number | undefined, fallback: number): number =>
    v === undefined || v === 0 ? fallback : v;
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${value(probe.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds)}s ` +
    `period=${value(probe.periodSeconds, PROBE_DEFAULTS.periodSeconds)}s ` +
    `#success=${value(probe.successThreshold, PROBE_DEFAULTS.successThreshold)} ` +
    `#failure=${value(probe.failureThreshold, PROBE_DEFAULTS.failureThreshold)}`;
  if (probe.exec !== undefined) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet !== undefined) {
    const get = probe.httpGet;
    const scheme = (get.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${get.host ?? ''}:${get.port}${get.path ?? ''} ${attrs}`;
  }
  if (probe.tcpSocket !== undefined)
    return `tcp-socket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port} ${attrs}`;
  if (probe.grpc !== undefined) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}
