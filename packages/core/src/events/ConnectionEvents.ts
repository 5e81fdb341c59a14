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

/**
 * A client opens a new connection (its first packet); only this packet walks the proxy's rules. The
 * destination is exactly one of an address (`dstIP`) or a host name (`dstName`), which the data plane
 * resolves at this instant as the source's `getaddrinfo` would (see `resolveDestination`).
 */
export type ConnectionOpened = ConnectionOpenedFields & (ConnectionToAddress | ConnectionToName);

/** What every `connection/opened` carries besides its destination address or name. */
interface ConnectionOpenedFields {
  readonly type: 'connection/opened';
  /** Chosen by the caller, unique within the run. */
  readonly id: string;
  readonly from: ConnectionSource;
  readonly dstPort: number;
  readonly protocol: Protocol;
  /** The client's port; an ephemeral port is assigned when absent. */
  readonly srcPort?: number;
}

/** A connection to an IPv4 address, as written by the client: no name lookup happens. */
export interface ConnectionToAddress {
  readonly dstIP: string;
  readonly dstName?: never;
}

/**
 * A connection to a host name as the client wrote it (`web`, `web.default.svc.cluster.local`, with or
 * without a trailing dot), looked up through the source's resolver configuration when it opens.
 */
export interface ConnectionToName {
  readonly dstName: string;
  readonly dstIP?: never;
}

/** A request on an established connection: conntrack sends it where the connection already goes. */
export interface ConnectionUsed {
  readonly type: 'connection/used';
  readonly id: string;
  /**
   * Behave as a keep-alive client (an HTTP client's connection pool): when the connection is not open
   * (it failed to open or broke; or the peer reset it, which the client learns as it happens; or its
   * client pod was replaced), first open a fresh one under the same id with the parameters of that
   * id's `connection/opened` (looking its name up again), committing its `connection/established` or
   * `connection/failed`, then send the request on it. A closed connection or an id never opened is
   * not reopened. Without it, such a request is broken (`reset`, `notOpen`).
   */
  readonly reconnect?: boolean;
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
  /**
   * The address the first packet was sent to, when the connection was opened to a host name (what the
   * name resolved to); absent for a connection opened to an address, whose `connection/opened` has it.
   */
  readonly dstIP?: string;
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
 * from a REJECT rule, or a TCP reset because nothing listens on the port), `timedOut` (a DROP rule,
 * or packets sent to an address nothing answers), `unsent`: the first packet never left, because
 * the source cannot send (its pod does not exist, is not bound, not Running or has no IP yet; its node
 * does not exist; no ephemeral port is free) or the input reused a connection id; or `unresolved`:
 * the destination host name did not resolve to an IPv4 address (no such name, no address record, or
 * the source does not use the cluster DNS), so no packet was sent.
 */
export type ConnectionFailure = 'refused' | 'timedOut' | 'unsent' | 'unresolved';

/** The connection could not be made. */
export interface ConnectionFailed {
  readonly type: 'connection/failed';
  readonly id: string;
  /**
   * The address the first packet was sent to, when the connection was opened to a host name and the
   * name resolved; absent otherwise (an address destination is on the `connection/opened`).
   */
  readonly dstIP?: string;
  /**
   * The node the first packet entered, whose rules handled (or, had it been up, would have handled) it;
   * absent when the source has no node (its pod does not exist or is not bound) or the id was reused.
   */
  readonly node?: string;
  readonly failure: ConnectionFailure;
  /** One line saying why, for timelines and traces. */
  readonly reason: string;
  readonly servicePortName?: string;
  readonly rulesEvaluated: number;
  /** The modelled first-packet processing time; a rejected or dropped packet paid it as well. */
  readonly costNanos: number;
}

/** A request on an established connection got its answer from the pinned peer. */
export interface ConnectionServed {
  readonly type: 'connection/served';
  readonly id: string;
  readonly peer: ConnectionPeer;
}

/**
 * A request on a connection failed: the peer reset it (its process exited or its pod is gone) or never
 * answered (its node, or the client's, is down); a UDP flow whose conntrack entry kube-proxy cleared
 * was routed again and `refused` or `timedOut` like a new connection; or the connection was `notOpen`
 * (never opened, already failed, broken or closed, or its client pod is gone). A `reconnect` request
 * whose fresh connection could not be opened is broken with that open's failure (`refused`,
 * `timedOut`, `unsent` or `unresolved`). conntrack forgets the connection. Every `connection/used`
 * gets exactly one `connection/served` or `connection/broken`; a `connection/closed` of an id never
 * opened, or already closed, gets a `notOpen` one.
 */
export interface ConnectionBroken {
  readonly type: 'connection/broken';
  readonly id: string;
  readonly failure: ConnectionBreak;
  readonly reason: string;
}

/** How a request on a connection failed; see ConnectionBroken. */
export type ConnectionBreak = 'reset' | 'timedOut' | 'refused' | 'notOpen' | 'unsent' | 'unresolved';
