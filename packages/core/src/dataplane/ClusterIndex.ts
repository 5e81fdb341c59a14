import type { Node } from '../api/Node.js';
import type { Pod } from '../api/Pod.js';
import { isNodeReady } from '../apiserver/isNodeReady.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { LogEntry } from '../LogEntry.js';
import type { SimTime } from '../SimTime.js';

/** A node as the data plane needs it: whether packets reach it, and which addresses are its own. */
export interface NodeFacts {
  readonly name: string;
  /**
   * Whether the node is up: its host has not failed (`node/failed`, at once, whatever its Node object
   * says yet) and its Ready condition is True (a node set not Ready with `node/readinessSet` counts as
   * down too). A node that is not up neither answers nor forwards packets.
   */
  readonly up: boolean;
  /** Its InternalIP and ExternalIP addresses, in status order: what `addrtype LOCAL` matches. */
  readonly addresses: readonly string[];
  /** The address its host-network processes send from; undefined when the node reports none. */
  readonly internalIP: string | undefined;
}

/** What the data plane may ask about the cluster: the truth as committed, with no watch delay. */
export interface ClusterFacts {
  /**
   * The instant of the latest entry folded in. The data plane folds every entry as it is committed, and
   * an input is committed before it is carried out, so this is the instant a question is asked at: what
   * an application does depends on it (it listens only once its start-up delay has passed).
   */
  now(): SimTime;
  /** The pod `namespace/name`. */
  pod(key: string): Pod | undefined;
  /** The pod whose pod network interface holds `ip` (host-network pods hold none). */
  podHolding(ip: string): Pod | undefined;
  node(name: string): NodeFacts | undefined;
  /** The node one of whose addresses is `ip`. */
  nodeHolding(ip: string): NodeFacts | undefined;
  /** Running or not, the host-network pods bound to a node, in the order they were first seen there. */
  hostNetworkPodsOn(node: string): Iterable<Pod>;
  /**
   * Keys (`namespace/name`) of every Service that has had a UDP port at some point in the run. Never
   * shrinks: it only narrows which Services a node's kube-proxy view is searched for, and that view
   * (which lags the truth) decides.
   */
  readonly udpServiceKeys: ReadonlySet<string>;
}

/** ClusterFacts kept up to date from the committed log. */
export interface ClusterIndex extends ClusterFacts {
  /**
   * Folds one committed entry in; entries other than Pod, Node and Service changes and node host
   * failures and recoveries are ignored.
   */
  apply(entry: LogEntry<SimEvent>): void;
}

/** `namespace/name`, the key pods are found by. */
export function podKeyOf(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/**
 * Builds the index: pods by key and by IP, nodes by name and by address, host-network pods per node.
 * Every change costs O(1) map updates (plus the node's few addresses), whatever the cluster's size.
 */
export function createClusterIndex(): ClusterIndex {
  const pods = new Map<string, Pod>();
  const podKeyByIP = new Map<string, string>();
  const hostNetworkPods = new Map<string, Map<string, Pod>>(); // node -> pod key -> pod
  const nodes = new Map<string, NodeFacts>();
  // Hosts that failed and have not recovered, and each node's Ready condition, which together say "up".
  const failedHosts = new Set<string>();
  const readyNodes = new Set<string>();
  const nodeNameByIP = new Map<string, string>();
  const udpServiceKeys = new Set<string>();
  let latest: SimTime = 0;

  function unindexPod(key: string, pod: Pod): void {
    const ip = pod.status?.podIP;
    // Two pods never hold one IP in a real cluster, but a hand-written log might say so; only the
    // pod the index points at releases the address.
    if (ip !== undefined && podKeyByIP.get(ip) === key) podKeyByIP.delete(ip);
    const nodeName = pod.spec.nodeName;
    if (pod.spec.hostNetwork === true && nodeName !== undefined) {
      const onNode = hostNetworkPods.get(nodeName);
      onNode?.delete(key);
      if (onNode?.size === 0) hostNetworkPods.delete(nodeName);
    }
  }

  function indexPod(key: string, pod: Pod): void {
    const nodeName = pod.spec.nodeName;
    if (pod.spec.hostNetwork === true) {
      // A host-network pod shares its node's addresses; it is found through the node, not by IP.
      if (nodeName === undefined) return;
      let onNode = hostNetworkPods.get(nodeName);
      if (onNode === undefined) {
        onNode = new Map();
        hostNetworkPods.set(nodeName, onNode);
      }
      onNode.set(key, pod);
      return;
    }
    const ip = pod.status?.podIP;
    if (ip !== undefined) podKeyByIP.set(ip, key);
  }

  function putPod(pod: Pod): void {
    const key = podKeyOf(pod);
    const previous = pods.get(key);
    if (previous !== undefined) unindexPod(key, previous);
    pods.set(key, pod);
    indexPod(key, pod);
  }

  function removePod(key: string): void {
    const previous = pods.get(key);
    if (previous === undefined) return;
    unindexPod(key, previous);
    pods.delete(key);
  }

  function putNode(node: Node): void {
    const name = node.metadata.name ?? '';
    removeNode(name);
    const own = (node.status?.addresses ?? []).filter(
      (a) => a.type === 'InternalIP' || a.type === 'ExternalIP',
    );
    if (isNodeReady(node)) readyNodes.add(name);
    else readyNodes.delete(name);
    const facts: NodeFacts = {
      name,
      up: readyNodes.has(name) && !failedHosts.has(name),
      addresses: own.map((a) => a.address),
      internalIP: own.find((a) => a.type === 'InternalIP')?.address,
    };
    nodes.set(name, facts);
    for (const address of facts.addresses) nodeNameByIP.set(address, name);
  }

  function removeNode(name: string): void {
    const previous = nodes.get(name);
    if (previous === undefined) return;
    for (const address of previous.addresses) {
      if (nodeNameByIP.get(address) === name) nodeNameByIP.delete(address);
    }
    nodes.delete(name);
    readyNodes.delete(name);
  }

  function setHostFailed(name: string, failed: boolean): void {
    // The apiserver refuses a failure of a node it does not know; so does the index.
    if (!nodes.has(name)) return;
    if (failed) failedHosts.add(name);
    else failedHosts.delete(name);
    const facts = nodes.get(name);
    if (facts !== undefined) nodes.set(name, { ...facts, up: readyNodes.has(name) && !failed });
  }

  return {
    udpServiceKeys,
    now: () => latest,
    pod: (key) => pods.get(key),
    podHolding(ip) {
      const key = podKeyByIP.get(ip);
      return key === undefined ? undefined : pods.get(key);
    },
    node: (name) => nodes.get(name),
    nodeHolding(ip) {
      const name = nodeNameByIP.get(ip);
      return name === undefined ? undefined : nodes.get(name);
    },
    hostNetworkPodsOn: (node) => hostNetworkPods.get(node)?.values() ?? [],
    apply({ at, event }) {
      latest = at;
      switch (event.type) {
        case 'object/created':
        case 'object/updated': {
          const object = event.object;
          if (object.kind === 'Pod') putPod(object);
          else if (object.kind === 'Node') putNode(object);
          else if (object.kind === 'Service' && (object.spec.ports ?? []).some((p) => p.protocol === 'UDP'))
            udpServiceKeys.add(`${object.metadata.namespace ?? ''}/${object.metadata.name ?? ''}`);
          return;
        }
        case 'object/deleted':
          if (event.kind === 'Pod') removePod(`${event.namespace}/${event.name}`);
          else if (event.kind === 'Node') {
            removeNode(event.name);
            failedHosts.delete(event.name);
          }
          return;
        case 'node/failed':
        case 'node/recovered':
          setHostFailed(event.name, event.type === 'node/failed');
          return;
        default:
          return;
      }
    },
  };
}
