import type { Pod } from '../api/Pod.js';
import type { ConnectionSource } from '../events/ConnectionEvents.js';
import type { ProxyPacket } from '../proxy/ProxyMode.js';
import type { ClusterFacts, NodeFacts } from './ClusterIndex.js';
import type { LoopbackHost } from './findListener.js';

/** Where a client's packets start: the node they enter, from which address, through which hook. */
export interface ConnectionOrigin {
  readonly node: NodeFacts;
  readonly srcIP: string;
  readonly entry: ProxyPacket['entry'];
  /** The client pod, when the source is one. */
  readonly pod: Pod | undefined;
  /** Where 127.0.0.0/8 leads for this client. */
  readonly loopback: LoopbackHost;
}

/** Why a source cannot send: it cannot at all (`unsent`), or its packets go nowhere (`timedOut`). */
export interface SourceUnavailable {
  readonly failure: 'unsent' | 'timedOut';
  /** The node the source is on, when it has one. */
  readonly node: string | undefined;
  readonly reason: string;
}

export type SourceResolution =
  ({ readonly ok: true } & ConnectionOrigin) | ({ readonly ok: false } & SourceUnavailable);

/**
 * Resolves a connection's source against the cluster as it is now:
 * - a pod must exist, be bound to a node that exists and is up, be Running and have an IP; its packets
 *   enter its node's hooks from the pod's interface (`forward`) with its pod IP. A host-network pod
 *   sends from its node's InternalIP as a local process (`local`), like the node itself.
 * - a node's host network must exist, be up and have an InternalIP; it sends as a local process.
 * - an external client's packets arrive at the named node (`forward`) from the client's address; the
 *   node must exist and be up.
 * A source on a node that is down is `timedOut` (its packets go nowhere), anything else missing is
 * `unsent` (there is nothing that could send).
 */
export function resolveConnectionSource(cluster: ClusterFacts, from: ConnectionSource): SourceResolution {
  switch (from.kind) {
    case 'pod': {
      const key = `${from.namespace}/${from.name}`;
      const pod = cluster.pod(key);
      if (pod === undefined) return unsent(undefined, `pod ${key} does not exist`);
      const nodeName = pod.spec.nodeName;
      if (nodeName === undefined) return unsent(undefined, `pod ${key} is not scheduled to a node yet`);
      const node = cluster.node(nodeName);
      if (node === undefined)
        return unsent(nodeName, `node ${nodeName}, where pod ${key} is bound, does not exist`);
      if (!node.up) return timedOut(nodeName, `node ${nodeName}, where pod ${key} runs, is down`);
      const phase = pod.status?.phase ?? 'Pending';
      if (phase !== 'Running') return unsent(nodeName, `pod ${key} is ${phase}, not Running`);
      if (pod.spec.hostNetwork === true) {
        if (node.internalIP === undefined) return unsent(nodeName, `node ${nodeName} has no InternalIP`);
        return {
          ok: true,
          node,
          srcIP: node.internalIP,
          entry: 'local',
          pod,
          loopback: { kind: 'node', node },
        };
      }
      const podIP = pod.status?.podIP;
      if (podIP === undefined) return unsent(nodeName, `pod ${key} has no IP yet`);
      return { ok: true, node, srcIP: podIP, entry: 'forward', pod, loopback: { kind: 'pod', pod } };
    }
    case 'node': {
      const node = cluster.node(from.name);
      if (node === undefined) return unsent(undefined, `node ${from.name} does not exist`);
      if (!node.up) return timedOut(node.name, `node ${node.name} is down`);
      if (node.internalIP === undefined) return unsent(node.name, `node ${node.name} has no InternalIP`);
      return {
        ok: true,
        node,
        srcIP: node.internalIP,
        entry: 'local',
        pod: undefined,
        loopback: { kind: 'node', node },
      };
    }
    case 'external': {
      const node = cluster.node(from.node);
      if (node === undefined) return unsent(undefined, `node ${from.node} does not exist`);
      if (!node.up)
        return timedOut(node.name, `node ${node.name}, where ${from.ip}'s packets arrive, is down`);
      return { ok: true, node, srcIP: from.ip, entry: 'forward', pod: undefined, loopback: { kind: 'none' } };
    }
  }
}

function unsent(node: string | undefined, reason: string): SourceResolution {
  return { ok: false, failure: 'unsent', node, reason };
}

function timedOut(node: string, reason: string): SourceResolution {
  return { ok: false, failure: 'timedOut', node, reason };
}
