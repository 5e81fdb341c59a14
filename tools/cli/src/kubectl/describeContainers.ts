import {
  formatSimTime,
  type Container,
  type ContainerState,
  type ContainerStatus,
  type Probe,
} from '@svcsim/core';

import type { EnvEntry } from './containerEnvironment.js';
import type { DescribeWriter } from './DescribeWriter.js';

/** SetDefaults_Probe's values, which the apiserver fills in and kubectl therefore shows. */
const PROBE_DEFAULTS = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/** One list of containers to describe: a pod's (with their statuses) or a pod template's. */
export interface ContainerList {
  readonly title: 'Containers' | 'Init Containers';
  readonly containers: readonly Container[];
  /** A pod's container statuses; a template has none, so no IDs, state, readiness or restarts. */
  readonly statuses?: readonly ContainerStatus[];
  /** Inside `Pod Template:` kubectl indents the title by two spaces and each container name by one more. */
  readonly inTemplate: boolean;
  /** The environment shown for a container; its own `env` entries unless given. */
  readonly environment?: (container: Container, status: ContainerStatus | undefined) => readonly EnvEntry[];
}

/**
 * kubectl's describeContainers: per container its image, ports, (for a pod) state, readiness and restarts,
 * its probes, environment and mounts. svcsim models no commands, resources or volume mounts, so those are
 * what kubectl prints for a container without them.
 */
export function describeContainers(w: DescribeWriter, list: ContainerList): void {
  const space = list.inTemplate ? '  ' : '';
  w.line(0, `${space}${list.title}:${list.containers.length === 0 ? ' <none>' : ''}`);
  for (const container of list.containers) {
    const status = list.statuses?.find((s) => s.name === container.name);
    const described = list.statuses !== undefined && status !== undefined;
    w.line(1, `${list.inTemplate ? ' ' : ''}${container.name}:`);
    if (described) w.line(2, 'Container ID:\t');
    w.line(2, `Image:\t${container.image ?? ''}`);
    if (described) w.line(2, 'Image ID:\t');
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
    if (described) {
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
    describeEnvironment(w, list.environment?.(container, status) ?? container.env ?? []);
    w.line(2, 'Mounts:\t<none>');
  }
}

/** `Environment:` with one `NAME:  value` per variable; a multi-line value continues on its own lines. */
function describeEnvironment(w: DescribeWriter, environment: readonly EnvEntry[]): void {
  if (environment.length === 0) {
    w.line(2, 'Environment:\t<none>');
    return;
  }
  w.line(2, 'Environment:');
  for (const variable of environment) {
    (variable.value ?? '')
      .split('\n')
      .forEach((part, i) => w.line(3, i === 0 ? `${variable.name}:\t${part}` : `\t${part}`));
  }
}

function describeState(w: DescribeWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running !== undefined) {
    w.line(2, `${name}:\tRunning`);
    w.line(
      3,
      `Started:\t${state.running.startedAt === undefined ? '' : formatSimTime(state.running.startedAt)}`,
    );
  } else if (state?.waiting !== undefined) {
    w.line(2, `${name}:\tWaiting`);
    const reason = state.waiting.reason;
    if (reason !== undefined && reason !== '') w.line(3, `Reason:\t${reason}`);
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
