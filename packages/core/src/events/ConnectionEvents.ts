import type { Protocol } from '../api/ObjectMeta.js';

/**
 * Where a connection starts: a pod (its packets enter its node's netfilter hooks from the pod's
 * interface), a node's host network (locally originated), or an address outside the cluster whose
 * packets arrive at one node (a NodePort, an external IP, a load balancer's choice of node).
 */
export type ConnectionSource =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'external'; readonly ip: string; readonly node: string };

/** A client opens a new connection (its first packet); only this packet walks the proxy's rules. */
export interface ConnectionOpened {
  readonly type: 'connection/opened';
  /** Chosen by the caller, unique within the run. */
  readonly id: string;
  readonly from: ConnectionSource;
  readonly dstIP: string;
  readonly dstPort: number;
  readonly protocol: Protocol;
  /** The client's port; an ephemeral port is assigned when absent. */
  readonly srcPort?: number;
}

/** A request on an established connection: conntrack sends it where the connection already goes. */
export interface ConnectionUsed {
  readonly type: 'connection/used';
  readonly id: string;
}

/** The client closes the connection; its conntrack entry goes away. */
export interface ConnectionClosed {
  readonly type: 'connection/closed';
  readonly id: string;
}

/** Who answered a connection: the endpoint address and, when one holds that address, the pod. */
export interface ConnectionPeer {
  readonly ip: string;
  readonly port: number;
  /** `namespace/name` of the pod with that IP when the connection was made. */
  readonly pod?: string;
}

/** The connection was set up; conntrack now pins it to `peer`. */
export interface ConnectionEstablished {
  readonly type: 'connection/established';
  readonly id: string;
  /** The node whose rules handled the first packet. */
  readonly node: string;
  readonly srcIP: string;
  readonly srcPort: number;
  readonly peer: ConnectionPeer;
  /** The ServicePort whose rules chose the endpoint; absent when no Service rule applied. */
  readonly servicePortName?: string;
  readonly masqueraded: boolean;
  readonly rulesEvaluated: number;
  readonly costNanos: number;
}

/**
 * Why a connection could not be made, as the client experiences it: `refused` (ICMP port unreachable
 * from a REJECT rule, or a TCP reset because nothing listens on the port) or `timedOut` (a DROP rule,
 * or packets sent to an address nothing answers).
 */
export type ConnectionFailure = 'refused' | 'timedOut';

/** The connection could not be made. */
export interface ConnectionFailed {
  readonly type: 'connection/failed';
  readonly id: string;
  readonly node: string;
  readonly failure: ConnectionFailure;
  /** One line saying why, for timelines and traces. */
  readonly reason: string;
  readonly servicePortName?: string;
  readonly rulesEvaluated: number;
}

/** A request on an established connection got its answer from the pinned peer. */
export interface ConnectionServed {
  readonly type: 'connection/served';
  readonly id: string;
  readonly peer: ConnectionPeer;
}

/**
 * A request on an established connection failed: the peer reset it (its process exited or its pod is
 * gone) or never answered (its node is down). conntrack forgets the connection.
 */
export interface ConnectionBroken {
  readonly type: 'connection/broken';
  readonly id: string;
  readonly failure: 'reset' | 'timedOut';
  readonly reason: string;
}
