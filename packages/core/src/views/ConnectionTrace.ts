import type { Protocol } from '../api/ObjectMeta.js';
import type { KubeProxyNodeSettings } from '../controllers/kubeProxy/resolveKubeProxyNodeSettings.js';
import type { Listener } from '../dataplane/findListener.js';
import type { ConnectionFailure, ConnectionPeer, ConnectionSource } from '../events/ConnectionEvents.js';
import type { ProxySyncReason } from '../events/ProxyEvents.js';
import type { SimEventType } from '../events/SimEvent.js';
import type { EndpointInfo } from '../proxy/EndpointInfo.js';
import type { ProxyPacket, ProxyTraceStep } from '../proxy/ProxyMode.js';
import type { ServicePortInfo } from '../proxy/ServicePortInfo.js';
import type { SimTime } from '../SimTime.js';
import type { DestinationResolution } from '../dataplane/resolveDestination.js';

/** What a trace asks: a new connection from `from` to `host:port`, made at the traced instant. */
export interface ConnectionTraceRequest {
  readonly from: ConnectionSource;
  /** An IPv4 address, or a host name as the client wrote it (looked up through the source's resolver). */
  readonly host: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * Every hop of one hypothetical new connection, as data: the source, the name lookup, the entry node's
 * kube-proxy and the rules the first packet matched, the verdict, conntrack, and who answers. A hop is
 * absent when the connection failed before reaching it; `outcome` always says how it ended.
 */
export interface ConnectionTrace {
  /** The instant traced: the connection is opened after everything the run did at this instant. */
  readonly at: SimTime;
  readonly request: ConnectionTraceRequest;
  readonly source: TraceSource;
  /**
   * How the host name was looked up (the resolv.conf, every name tried and its answer, the address),
   * or why it was not; absent when the host is an address.
   */
  readonly dns?: DestinationResolution;
  /** The first packet as it reaches the entry node's netfilter hooks, once it is sent. */
  readonly packet?: ProxyPacket;
  /** The entry node's kube-proxy and what its rules did; absent when no packet was sent. */
  readonly kubeProxy?: TraceKubeProxy;
  /** The conntrack entry the first packet creates, when it leaves the entry node. */
  readonly conntrack?: TraceConntrack;
  /** Who holds the (translated) destination and whether it accepts; absent when no packet got there. */
  readonly delivery?: TraceDelivery;
  readonly outcome: TraceOutcome;
}

/** Where the connection starts, as far as the source could be resolved. */
export interface TraceSource {
  readonly from: ConnectionSource;
  /** The node whose hooks its packets enter. */
  readonly node?: string;
  /** The address it sends from (its pod IP; its node's for the host network). */
  readonly ip?: string;
  /** Whether the client pod uses its node's network namespace. */
  readonly hostNetwork: boolean;
}

/** The entry node's kube-proxy: how current its rules are, and what they did to the packet. */
export interface TraceKubeProxy {
  readonly node: string;
  /** The mode the node runs; absent when the run has no kube-proxy at all. */
  readonly mode?: string;
  /** The node's cadence (watch delay, minSyncPeriod, syncPeriod); absent without a kube-proxy. */
  readonly settings?: KubeProxyNodeSettings;
  /** Whether the kube-proxy process runs; the kernel keeps the rules of its last sync either way. */
  readonly running: boolean;
  /** When the process was last stopped, while it is stopped. */
  readonly stoppedAt?: SimTime;
  readonly lastSync?: TraceSync;
  /** The ServicePort the destination addresses, on the node and in the truth; absent when none does. */
  readonly servicePort?: TraceServicePort;
  /**
   * Why no ServicePort matched although the address is a Service's (a port the Service does not
   * have, such as its targetPort): one line, for the reader.
   */
  readonly addressHint?: string;
  /** The packet's walk through the node's rules; absent when the node has no rules yet. */
  readonly route?: TraceRoute;
}

/** The node's last successful sync. */
export interface TraceSync {
  readonly at: SimTime;
  readonly reason: ProxySyncReason;
  readonly full: boolean;
}

/** How the destination address selects a ServicePort. */
export type ServiceAddressKind = 'cluster IP' | 'external IP' | 'load balancer IP' | 'NodePort';

/** One ServicePort as the node's rules have it and as the cluster has it now. */
export interface TraceServicePort {
  readonly servicePortName: string;
  readonly addressKind: ServiceAddressKind;
  /** As the node's last sync programmed it; absent when its rules do not have the ServicePort. */
  readonly programmed?: TraceServicePortEndpoints;
  /** As the EndpointSlices are now; absent when the ServicePort no longer exists. */
  readonly truth?: TraceServicePortEndpoints;
  /** Whether the node programmed the Service (its ports and every endpoint) exactly as it is now. */
  readonly inSync: boolean;
  /** Changes to the Service or its EndpointSlices that the node's rules do not reflect, oldest first. */
  readonly unprogrammedChanges: readonly TraceChange[];
}

/** A ServicePort and its endpoints, and which of them this node spreads the traffic across. */
export interface TraceServicePortEndpoints {
  readonly port: ServicePortInfo;
  /** Every endpoint, sorted by endpoint string (the order kube-proxy writes rules in). */
  readonly endpoints: readonly EndpointInfo[];
  /**
   * The endpoints this traffic may be sent to from this node: the ready ones (or the serving
   * terminating ones when none is ready), local only under a Local traffic policy.
   */
  readonly candidates: readonly EndpointInfo[];
}

/** One logged change to a Service or its EndpointSlices. */
export interface TraceChange {
  readonly at: SimTime;
  readonly type: SimEventType;
  /** The event as `describeEvent` words it. */
  readonly description: string;
}

/** The first packet's walk through the node's rules, as the mode routed it. */
export interface TraceRoute {
  readonly verdict: 'dnat' | 'reject' | 'drop' | 'accept';
  /** The DNAT destination. */
  readonly destination?: { readonly ip: string; readonly port: number };
  readonly masqueraded: boolean;
  /** Each rule the packet matched, in order, in the mode's own syntax. */
  readonly steps: readonly ProxyTraceStep[];
  readonly rulesEvaluated: number;
  readonly costNanos: number;
  /** What picked the endpoint, when the rules chose among several. */
  readonly choice?: TraceEndpointChoice;
}

/**
 * What chose the endpoint: a random draw (iptables `-m statistic`), session affinity (the source was
 * sent to that endpoint recently: iptables' xt_recent list), or nothing because it is the only one.
 * `index` is 1-based among the node's candidates.
 */
export type TraceEndpointChoice =
  | { readonly by: 'random'; readonly index: number; readonly of: number; readonly draws: number }
  | { readonly by: 'affinity'; readonly index: number; readonly of: number; readonly timeoutSeconds: number }
  | { readonly by: 'only' };

/** An address and port pair of a conntrack tuple. */
export interface TraceTupleEnd {
  readonly ip: string;
  readonly port: number;
}

/**
 * The conntrack entry the first packet creates: the tuple as sent and the tuple replies are expected
 * with (after DNAT and any masquerade), and what becomes of it.
 */
export interface TraceConntrack {
  readonly protocol: Protocol;
  readonly original: { readonly src: TraceTupleEnd; readonly dst: TraceTupleEnd };
  readonly reply: { readonly src: TraceTupleEnd; readonly dst: TraceTupleEnd };
  /** `assured`: answered, the connection is established; `unreplied`: nothing answers; `reset`: refused. */
  readonly state: 'assured' | 'unreplied' | 'reset';
}

/** Who holds the packet's (translated) destination, and whether it takes the connection. */
export interface TraceDelivery {
  readonly ip: string;
  readonly port: number;
  readonly holder: TraceAddressHolder;
  /** What `findListener` found there. */
  readonly listener: Listener;
  /** Facts worth knowing about the answering pod, e.g. that it is not Ready yet still gets traffic. */
  readonly notes: readonly string[];
}

/** What holds an address: a pod (on its node), a node's host network, the client's loopback, or nothing. */
export type TraceAddressHolder =
  | {
      readonly kind: 'pod';
      readonly pod: string;
      readonly node: string;
      readonly nodeUp: boolean;
      readonly phase: string;
      readonly ready: boolean;
    }
  | { readonly kind: 'node'; readonly node: string; readonly up: boolean }
  | { readonly kind: 'loopback' }
  | { readonly kind: 'none' };

/** How the connection ends, as the client sees it, with the reason the data plane would log. */
export type TraceOutcome =
  | { readonly ok: true; readonly peer: ConnectionPeer }
  | { readonly ok: false; readonly failure: ConnectionFailure; readonly reason: string };
