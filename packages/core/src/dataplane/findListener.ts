import type { Protocol } from '../api/ObjectMeta.js';
import type { Container, ContainerStatus, Pod } from '../api/Pod.js';
import type { AppModel } from '../kubelet/AppModel.js';
import { appModelOf, modelledContainersOf } from '../kubelet/appModelsOfPod.js';
import type { AppAddress } from '../kubelet/appStateAt.js';
import type { SimTime } from '../SimTime.js';
import { formatSimTime } from '../views/formatSimTime.js';
import { podKeyOf, type ClusterFacts, type NodeFacts } from './ClusterIndex.js';

/**
 * What a packet sent to an address finds there:
 * - `accepting`: a pod whose application takes the connection;
 * - `refusing`: a host that is up answers that nothing listens (a TCP reset; ICMP port unreachable for
 *   UDP), so the client sees "connection refused", or a reset on an established connection;
 * - `silent`: nothing answers (no host has the address, or its node is down), so the client times out.
 */
export type Listener =
  | { readonly kind: 'accepting'; readonly pod: Pod }
  | { readonly kind: 'refusing'; readonly reason: string }
  | { readonly kind: 'silent'; readonly reason: string };

/** The host a loopback address (127.0.0.0/8) leads back to: the sender's own pod or node. */
export type LoopbackHost =
  | { readonly kind: 'pod'; readonly pod: Pod }
  | { readonly kind: 'node'; readonly node: NodeFacts }
  | { readonly kind: 'none' };

/**
 * Is anything listening on `ip:port`? The one place that decides, following the kubelet's application
 * model (docs/app-model.md) as the pod's status and `svcsim.dev/*` annotations record it, at the
 * instant the cluster facts were last brought up to date:
 * - A pod listens while its phase is Running, through the containers (and sidecars, restartable init
 *   containers) that run: their status says `running`, since `startedAt`. A container that crashed,
 *   waits in CrashLoopBackOff, or exited after SIGTERM (its drain, `serve-after-sigterm`, over) listens
 *   no more; a restarted one listens again. A pod being deleted serves through the containers it still
 *   runs, and the kubelet removes it once they have all exited. Readiness does not matter: a pod that
 *   fails its readiness probe still accepts connections; readiness only decides whether it is an
 *   endpoint, and the health endpoint's state (failing, hanging) is not the listening socket's.
 * - A container listens from `startedAt + startup-delay` on, on the TCP ports of its application model
 *   (`svcsim.dev/ports`, else its declared TCP containerPorts) and on its declared ports of other
 *   protocols. One that declares no port at all is taken to listen on any port (Kubernetes treats
 *   containerPort as informational), so a targetPort that misses a declared port shows up as "connection
 *   refused". An application bound to 127.0.0.1 refuses connections to its pod IP, and accepts those its
 *   own pod makes to loopback.
 * - A pod whose status names no containers at all (a hand-written log) is taken to run all of them, up.
 * - A node's own addresses reach its host network: host-network pods bound to it listen there on the
 *   ports their containers name (one that names none is not assumed to own every port of the node).
 *   svcsim models no other host process, so any other port of a node refuses.
 * - An address no pod and no node holds (a deleted pod's IP, a ClusterIP the node's rules do not
 *   translate, an address outside the cluster) answers nothing.
 */
export function findListener(
  cluster: ClusterFacts,
  ip: string,
  port: number,
  protocol: Protocol,
  loopback: LoopbackHost,
): Listener {
  const now = cluster.now();
  if (isLoopback(ip)) {
    switch (loopback.kind) {
      case 'pod':
        return podListener(loopback.pod, port, protocol, 'loopback', now);
      case 'node':
        return hostListener(cluster, loopback.node, port, protocol, 'loopback', now);
      case 'none':
        return { kind: 'silent', reason: `${ip} is a loopback address and the client has no host here` };
    }
  }
  const pod = cluster.podHolding(ip);
  if (pod !== undefined) {
    const nodeName = pod.spec.nodeName ?? '';
    const node = cluster.node(nodeName);
    if (node?.up !== true) {
      return { kind: 'silent', reason: `node ${nodeName}, where pod ${podKeyOf(pod)} runs, is down` };
    }
    return podListener(pod, port, protocol, 'podIP', now);
  }
  const node = cluster.nodeHolding(ip);
  if (node !== undefined) {
    if (!node.up) return { kind: 'silent', reason: `node ${node.name} is down` };
    return hostListener(cluster, node, port, protocol, 'podIP', now);
  }
  return { kind: 'silent', reason: `no pod or node has the address ${ip}` };
}

function podListener(
  pod: Pod,
  port: number,
  protocol: Protocol,
  address: AppAddress,
  now: SimTime,
): Listener {
  const phase = pod.status?.phase ?? 'Pending';
  if (phase !== 'Running') {
    return { kind: 'refusing', reason: `pod ${podKeyOf(pod)} is ${phase}, not Running` };
  }
  let why: string | undefined;
  for (const container of modelledContainersOf(pod.spec)) {
    const verdict = containerListens(pod, container, port, protocol, address, now, true);
    if (verdict === true) return { kind: 'accepting', pod };
    if (typeof verdict === 'string') why ??= verdict;
  }
  return { kind: 'refusing', reason: why ?? `pod ${podKeyOf(pod)} does not listen on ${port}/${protocol}` };
}

function hostListener(
  cluster: ClusterFacts,
  node: NodeFacts,
  port: number,
  protocol: Protocol,
  address: AppAddress,
  now: SimTime,
): Listener {
  for (const pod of cluster.hostNetworkPodsOn(node.name)) {
    if (pod.status?.phase !== 'Running') continue;
    for (const container of modelledContainersOf(pod.spec)) {
      if (containerListens(pod, container, port, protocol, address, now, false) === true)
        return { kind: 'accepting', pod };
    }
  }
  return {
    kind: 'refusing',
    reason: `nothing on node ${node.name}'s host network listens on ${port}/${protocol}`,
  };
}

/**
 * Whether one container takes a connection to `port/protocol` at `address`: true; a string saying why
 * not when the port is its own (it is not running, not up yet, or bound to loopback); false when it does
 * not serve the port at all. `anyPort`: whether a container naming no port listens on every one.
 */
function containerListens(
  pod: Pod,
  container: Container,
  port: number,
  protocol: Protocol,
  address: AppAddress,
  now: SimTime,
  anyPort: boolean,
): boolean | string {
  const app = appModelOf(pod, container.name);
  if (!servesPort(app, container, port, protocol, anyPort)) return false;
  const owner = `pod ${podKeyOf(pod)}'s container ${container.name}`;
  let startedAt = Number.NEGATIVE_INFINITY;
  if (pod.status?.containerStatuses !== undefined || pod.status?.initContainerStatuses !== undefined) {
    const status = statusOf(pod, container.name);
    const running = status?.state?.running;
    if (running === undefined) return `${owner} is not running${notRunningDetail(status)}`;
    startedAt = running.startedAt ?? Number.NEGATIVE_INFINITY;
  }
  if (now < startedAt + app.startupDelayMs)
    return `${owner} is starting: it listens from ${formatSimTime(startedAt + app.startupDelayMs)}`;
  if (address === 'podIP' && app.bindAddress === '127.0.0.1') return `${owner} listens on 127.0.0.1 only`;
  return true;
}

/** TCP ports come from the application model; other protocols from the container's declared ports. */
function servesPort(
  app: AppModel,
  container: Container,
  port: number,
  protocol: Protocol,
  anyPort: boolean,
): boolean {
  if (protocol === 'TCP') return app.ports === 'any' ? anyPort : app.ports.includes(port);
  const declared = container.ports ?? [];
  if (declared.length === 0) return anyPort;
  return declared.some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol);
}

function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  const status = pod.status;
  return (
    status?.containerStatuses?.find((c) => c.name === name) ??
    status?.initContainerStatuses?.find((c) => c.name === name)
  );
}

/** ` (CrashLoopBackOff)`, ` (exited with code 137)`, or nothing. */
function notRunningDetail(status: ContainerStatus | undefined): string {
  const waiting = status?.state?.waiting?.reason;
  if (waiting !== undefined) return ` (${waiting})`;
  const terminated = status?.state?.terminated;
  return terminated === undefined ? '' : ` (exited with code ${terminated.exitCode})`;
}

/** 127.0.0.0/8; the text is an address the rules or the input produced, so its first octet decides. */
function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}
