import type { Container, Probe } from '../api/Pod.js';
import {
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  PROBE_DEFAULTS,
  probeDefault,
} from '../apiserver/validation/validatePod.js';
import type { AppAddress } from './appStateAt.js';
import type { ProbeKind } from './ProbeResult.js';

/**
 * What a probe's handler reaches. `elsewhere` is a host svcsim does not model (the node's own loopback,
 * another address): the connection is refused. `error` is a probe the kubelet cannot even build (a
 * named port the container does not declare): every run errors, and the worker throws the result away.
 */
export type ProbeHandler =
  | { readonly type: 'exec' }
  | {
      readonly type: 'httpGet' | 'tcpSocket' | 'grpc';
      readonly port: number;
      readonly address: AppAddress | 'elsewhere';
    }
  | { readonly type: 'error'; readonly reason: string };

/** A probe with SetDefaults_Probe applied, times in milliseconds, and its handler resolved against the container. */
export interface ResolvedProbe {
  readonly kind: ProbeKind;
  readonly handler: ProbeHandler;
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  /**
   * Liveness and startup probes: the grace period of the kill that follows a failure (the probe's own
   * terminationGracePeriodSeconds, else the pod's). Readiness failures never kill.
   */
  readonly killGracePeriodMs?: number;
}

/** The pod facts a probe's handler depends on. */
export interface ProbedPod {
  readonly podIP?: string;
  readonly hostNetwork?: boolean;
  readonly terminationGracePeriodSeconds?: number;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Resolves a probe the way the kubelet's prober builds its request (pkg/kubelet/prober/prober.go
 * runProbe, probe.ResolveContainerPort): the handler types in the kubelet's order, a named port looked
 * up among the container's ports (then read as a number, as the kubelet's last-ditch attempt does),
 * the host defaulting to the pod IP.
 */
export function resolveProbe(
  kind: ProbeKind,
  probe: Probe,
  container: Container,
  pod: ProbedPod,
): ResolvedProbe {
  const killGracePeriodSeconds =
    probe.terminationGracePeriodSeconds ??
    pod.terminationGracePeriodSeconds ??
    DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  return {
    kind,
    handler: resolveHandler(probe, container, pod),
    initialDelayMs: (probe.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds) * 1000,
    periodMs: probeDefault(probe.periodSeconds, PROBE_DEFAULTS.periodSeconds) * 1000,
    timeoutMs: probeDefault(probe.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds) * 1000,
    successThreshold: probeDefault(probe.successThreshold, PROBE_DEFAULTS.successThreshold),
    failureThreshold: probeDefault(probe.failureThreshold, PROBE_DEFAULTS.failureThreshold),
    ...(kind !== 'readiness' && { killGracePeriodMs: killGracePeriodSeconds * 1000 }),
  };
}

function resolveHandler(probe: Probe, container: Container, pod: ProbedPod): ProbeHandler {
  if (probe.exec !== undefined) return { type: 'exec' };
  if (probe.httpGet !== undefined) {
    const port = resolveContainerPort(probe.httpGet.port, container);
    return typeof port === 'string'
      ? { type: 'error', reason: port }
      : { type: 'httpGet', port, address: resolveHost(probe.httpGet.host, pod) };
  }
  if (probe.tcpSocket !== undefined) {
    const port = resolveContainerPort(probe.tcpSocket.port, container);
    return typeof port === 'string'
      ? { type: 'error', reason: port }
      : { type: 'tcpSocket', port, address: resolveHost(probe.tcpSocket.host, pod) };
  }
  if (probe.grpc !== undefined) {
    // gRPC probes have no host field: always the pod IP.
    const port = resolveContainerPort(probe.grpc.port, container);
    return typeof port === 'string'
      ? { type: 'error', reason: port }
      : { type: 'grpc', port, address: 'podIP' };
  }
  return { type: 'error', reason: `missing probe handler for container ${container.name}` };
}

/** The port number, or the kubelet's error text when it cannot resolve one. */
function resolveContainerPort(port: number | string, container: Container): number | string {
  let resolved: number;
  if (typeof port === 'number') resolved = port;
  else {
    const named = container.ports?.find((p) => p.name === port);
    if (named !== undefined) resolved = named.containerPort;
    else if (/^\d+$/.test(port)) resolved = Number(port);
    else return `port ${port} not found`;
  }
  return resolved > 0 && resolved < 65536 ? resolved : `invalid port number: ${resolved}`;
}

/**
 * The kubelet connects from the node: the default host (and the pod IP itself) reaches the pod, and
 * loopback reaches the pod's own loopback only when the pod shares the node's network namespace.
 */
function resolveHost(host: string | undefined, pod: ProbedPod): AppAddress | 'elsewhere' {
  if (host === undefined || host === '' || host === pod.podIP) return 'podIP';
  if (LOOPBACK_HOSTS.has(host)) return pod.hostNetwork === true ? 'loopback' : 'elsewhere';
  return 'elsewhere';
}
