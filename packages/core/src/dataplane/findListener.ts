import type { Protocol } from '../api/ObjectMeta.js';
import type { Container, Pod } from '../api/Pod.js';
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
 * Is anything listening on `ip:port`? The one place that decides, so the kubelet's application model
 * (start-up time, bind address, crashes, serving after SIGTERM) extends this function and nothing else.
 *
 * Until that model lands, an application is taken to be what its pod declares:
 * - A pod listens while its phase is Running, and still while it is terminating (deletionTimestamp
 *   set): the node agent stops its containers only when it removes the pod, so until the pod is gone
 *   it keeps serving. Readiness does not matter: a pod that fails its readiness probe still accepts
 *   connections; readiness only decides whether it is an endpoint.
 * - It listens on the ports its containers (and sidecars, restartable init containers) declare, with
 *   their protocol (TCP when unset). Kubernetes treats containerPort as informational, so a pod that
 *   declares no port at all is taken to listen on every port, as nothing says otherwise; a pod that
 *   declares some refuses the others, which is how a targetPort that does not match the application
 *   shows up as "connection refused".
 * - A node's own addresses reach its host network: host-network pods bound to it listen there on the
 *   ports they declare (one that declares none is not assumed to own every port of the node). svcsim
 *   models no other host process, so any other port of a node refuses.
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
  if (isLoopback(ip)) {
    switch (loopback.kind) {
      case 'pod':
        return podListener(loopback.pod, port, protocol);
      case 'node':
        return hostListener(cluster, loopback.node, port, protocol);
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
    return podListener(pod, port, protocol);
  }
  const node = cluster.nodeHolding(ip);
  if (node !== undefined) {
    if (!node.up) return { kind: 'silent', reason: `node ${node.name} is down` };
    return hostListener(cluster, node, port, protocol);
  }
  return { kind: 'silent', reason: `no pod or node has the address ${ip}` };
}

function podListener(pod: Pod, port: number, protocol: Protocol): Listener {
  const phase = pod.status?.phase ?? 'Pending';
  if (phase !== 'Running') {
    return { kind: 'refusing', reason: `pod ${podKeyOf(pod)} is ${phase}, not Running` };
  }
  if (declaresPort(pod, port, protocol) === false) {
    return { kind: 'refusing', reason: `pod ${podKeyOf(pod)} does not listen on ${port}/${protocol}` };
  }
  return { kind: 'accepting', pod };
}

function hostListener(cluster: ClusterFacts, node: NodeFacts, port: number, protocol: Protocol): Listener {
  for (const pod of cluster.hostNetworkPodsOn(node.name)) {
    if (pod.status?.phase === 'Running' && declaresPort(pod, port, protocol) === true) {
      return { kind: 'accepting', pod };
    }
  }
  return {
    kind: 'refusing',
    reason: `nothing on node ${node.name}'s host network listens on ${port}/${protocol}`,
  };
}

/**
 * Whether the pod's containers and sidecars declare `port/protocol`; undefined when they declare no
 * port at all. Loops rather than a flattened list: every request on an open connection asks.
 */
function declaresPort(pod: Pod, port: number, protocol: Protocol): boolean | undefined {
  let answer: boolean | undefined = undefined;
  for (const container of pod.spec.containers) {
    answer = mergeDeclaration(answer, container, port, protocol);
    if (answer === true) return true;
  }
  for (const container of pod.spec.initContainers ?? []) {
    if (container.restartPolicy !== 'Always') continue;
    answer = mergeDeclaration(answer, container, port, protocol);
    if (answer === true) return true;
  }
  return answer;
}

function mergeDeclaration(
  sofar: boolean | undefined,
  container: Container,
  port: number,
  protocol: Protocol,
): boolean | undefined {
  const ports = container.ports ?? [];
  if (ports.length === 0) return sofar;
  return ports.some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol);
}

/** 127.0.0.0/8; the text is an address the rules or the input produced, so its first octet decides. */
function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}
