import type { Protocol } from '../api/ObjectMeta.js';
import type { RandomStream } from '../random/RandomStream.js';
import type { SimTime } from '../SimTime.js';
import type { EndpointsMap } from './EndpointInfo.js';
import type { NodeProxyConfig } from './NodeProxyConfig.js';
import type { ServicePortInfo } from './ServicePortInfo.js';

/**
 * One Service as a kube-proxy's caches hold it (ServiceChangeTracker plus EndpointsChangeTracker,
 * section 0): its ServicePorts and their endpoints.
 *
 * The value is node-independent so that every node reading the same lagged view shares it: each
 * EndpointInfo has `isLocal: false`, and a mode that needs locality (internal or external traffic
 * policy Local) derives it with `localizeEndpoints`. Values are immutable and replaced, never
 * mutated, so a new object identity means the Service or its EndpointSlices changed: modes may cache
 * what they compile per Service by identity.
 */
export interface ServiceProxyState {
  /** `<namespace>/<name>`. */
  readonly key: string;
  /** The ServicePorts kube-proxy programs (none when `shouldSkipService`), in spec order. */
  readonly ports: readonly ServicePortInfo[];
  /** Endpoints of this Service's ports, keyed by `servicePortKey`. */
  readonly endpoints: EndpointsMap;
}

/** What one node's kube-proxy knows at the moment it syncs. */
export interface NodeProxyView {
  /** Every proxied Service by key; iterate in sorted key order when order matters. */
  readonly services: ReadonlyMap<string, ServiceProxyState>;
  /** The node's labels (topology zone), as kube-proxy's node informer sees them. */
  readonly nodeLabels: Readonly<Record<string, string>>;
}

/** One sync of one node's kube-proxy, as `syncProxyRules` is asked to do it. */
export interface ProxySyncInput<Rules> {
  /**
   * What the node's kernel holds now: the rules of the previous sync, which survive a kube-proxy
   * restart; undefined on a node that has never been programmed.
   */
  readonly previous: Rules | undefined;
  readonly view: NodeProxyView;
  readonly config: NodeProxyConfig;
  /** Full sync: rewrite every chain. Partial: only the chains of `changedServices` (section 1.10). */
  readonly full: boolean;
  /** Keys of Services whose Service object or EndpointSlices changed since the last successful sync. */
  readonly changedServices: ReadonlySet<string>;
}

/** What a sync did, counted so that runs report deterministic work rather than wall time. */
export interface ProxySyncOutcome<Rules> {
  /** The kernel's state after the sync. */
  readonly rules: Rules;
  /**
   * Whether the sync rewrote everything. A mode may upgrade a requested partial sync to a full write
   * (the kernel holds rules for other node facts, a global switch such as largeClusterMode flipped).
   */
  readonly full: boolean;
  /** Rules (or map elements) written to the kernel by this sync. */
  readonly rulesWritten: number;
  /** Rules the kernel holds after the sync. */
  readonly rulesTotal: number;
  /** The sync's modelled duration on a real node, from the mode's calibrated cost constants. */
  readonly costMicros: number;
}

/** The first packet of a new connection, as it reaches a node's netfilter hooks. */
export interface ProxyPacket {
  readonly srcIP: string;
  readonly srcPort: number;
  readonly dstIP: string;
  readonly dstPort: number;
  readonly protocol: Protocol;
  /**
   * `local`: sent by a process on the node itself (host network). `forward`: arrives from a pod on the
   * node or from outside it.
   */
  readonly entry: 'local' | 'forward';
}

/** What routing may depend on besides the rules. */
export interface ProxyRouteContext {
  /** Random choices (iptables `-m statistic`, IPVS schedulers) draw from this stream only. */
  readonly random: RandomStream;
  /** Virtual time, for affinity timeouts. */
  readonly now: SimTime;
  /** The node's own addresses. */
  readonly nodeIPs: readonly string[];
}

/** One matched rule on a packet's path, linked to what produced it. */
export interface ProxyTraceStep {
  /** Where the rule lives, in the mode's own terms (`nat KUBE-SERVICES`, `ip kube-proxy services`). */
  readonly location: string;
  /** The rule as the mode's tool would print it. */
  readonly rule: string;
  readonly servicePortName?: string;
  /** The endpoint (`ip:port`) the rule leads to, when there is one. */
  readonly endpoint?: string;
}

interface ProxyRouteOutcome {
  /** Whether the packet leaves the node source-NATed to the node's address. */
  readonly masqueraded: boolean;
  readonly trace: readonly ProxyTraceStep[];
  /** Rules (or lookups) the kernel evaluated for this packet. */
  readonly rulesEvaluated: number;
  /** The modelled first-packet processing time, from the mode's calibrated cost constants. */
  readonly costNanos: number;
}

/**
 * The fate of a new connection on the node it entered: sent to an endpoint, rejected (the client sees
 * connection refused), dropped (the client times out), or accepted unchanged because no Service rule
 * applied (the packet continues to its original destination).
 */
export type ProxyRouteResult =
  | (ProxyRouteOutcome & {
      readonly verdict: 'dnat';
      readonly destination: { readonly ip: string; readonly port: number };
    })
  | (ProxyRouteOutcome & { readonly verdict: 'reject' | 'drop' | 'accept' });

/**
 * A kube-proxy backend (iptables, IPVS, nftables, userspace). Core runs the sync loop and the
 * connection tracking; a mode only turns a node's view into its kernel state and answers questions
 * about that state. Modes live in @svcsim/proxy-modes and are injected into `run`, never imported by
 * core.
 *
 * `Rules` is the mode's own representation of a node's kernel state, opaque to core. It includes any
 * state the kernel keeps between packets (iptables' xt_recent lists, IPVS persistence templates),
 * which a sync carries over from `previous` as the kernel would.
 */
export interface ProxyMode<Rules = unknown> {
  /** The name scenarios and logs use: `iptables`, `ipvs`, `nftables`, `userspace`. */
  readonly name: string;
  /** Programs a node: compiles its view and writes what changed. Must be deterministic. */
  sync(input: ProxySyncInput<Rules>): ProxySyncOutcome<Rules>;
  /** Routes a new connection's first packet; may update the affinity state inside `rules`. */
  route(rules: Rules, packet: ProxyPacket, ctx: ProxyRouteContext): ProxyRouteResult;
  /** The node's state in the real tool's format (`iptables-save`, `ipvsadm -Ln`, `nft list ruleset`). */
  render(rules: Rules): string;
}
