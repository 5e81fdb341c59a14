import type { Protocol } from '../api/ObjectMeta.js';
import type { ConnectionPeer, ConnectionSource } from '../events/ConnectionEvents.js';
import type { SimTime } from '../SimTime.js';

/**
 * A conntrack entry: where the kernel sends every later packet of a connection, decided once by the
 * rules its first packet walked. Rule changes never touch it; only the connection ending, or
 * kube-proxy clearing a stale UDP entry, removes it.
 */
export interface ConntrackEntry {
  /** The endpoint the first packet was sent to, and the pod that answered there. */
  readonly peer: ConnectionPeer & { readonly pod: string };
  /** That pod's uid: a new pod with the same name or IP is a different peer. */
  readonly peerUid: string;
  /** The node that pod ran on when the connection was made. */
  readonly peerNode: string;
  readonly servicePortName?: string;
  readonly masqueraded: boolean;
  readonly createdAt: SimTime;
}

/** An open connection (for UDP, a flow) as the data plane keeps it. */
export interface OpenConnection {
  readonly id: string;
  readonly from: ConnectionSource;
  /** The node its packets enter and whose conntrack table holds its entry. */
  readonly node: string;
  readonly srcIP: string;
  readonly srcPort: number;
  /**
   * The destination the client sent to (a ClusterIP, NodePort, pod IP...), before any DNAT: the
   * address it asked for, or the one its host name resolved to.
   */
  readonly dstIP: string;
  /** The host name the client asked for, when it connected by name; undefined for an address. */
  readonly dstName: string | undefined;
  readonly dstPort: number;
  readonly protocol: Protocol;
  readonly openedAt: SimTime;
  /**
   * Its conntrack entry; undefined for a UDP flow whose entry kube-proxy cleared as stale, whose next
   * datagram walks the rules again.
   */
  readonly conntrack: ConntrackEntry | undefined;
}
