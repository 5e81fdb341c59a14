import type { Protocol } from '../api/ObjectMeta.js';
import { assertNever } from '../assertNever.js';
import type {
  ConnectionBreak,
  ConnectionBroken,
  ConnectionClosed,
  ConnectionEstablished,
  ConnectionFailed,
  ConnectionFailure,
  ConnectionOpened,
  ConnectionServed,
  ConnectionUsed,
} from '../events/ConnectionEvents.js';
import type { SimEvent } from '../events/SimEvent.js';
import type { LogEntry } from '../LogEntry.js';
import type { ProgrammedNodes } from '../proxy/ProgrammedNodes.js';
import type { NodeProxyView, ProxyRouteResult } from '../proxy/ProxyMode.js';
import type { RandomStream } from '../random/RandomStream.js';
import type { SimTime } from '../SimTime.js';
import { formatSimTime } from '../views/formatSimTime.js';
import { createClusterIndex, podKeyOf } from './ClusterIndex.js';
import { createClusterDnsCache } from './createClusterDnsCache.js';
import { createEphemeralPorts, EPHEMERAL_PORT_FIRST, EPHEMERAL_PORT_LAST } from './EphemeralPorts.js';
import { findListener, type LoopbackHost } from './findListener.js';
import { findStaleUdpFlows } from './findStaleUdpFlows.js';
import type { ConntrackEntry, OpenConnection } from './OpenConnection.js';
import { resolveConnectionSource, type ConnectionOrigin } from './resolveConnectionSource.js';
import { resolveDestinationIn, type DestinationContext } from './resolveDestination.js';

/** The inputs the data plane carries out. */
export type ConnectionInput = ConnectionOpened | ConnectionUsed | ConnectionClosed;

/** The derived events the data plane commits. */
export type DataPlaneEvent = ConnectionEstablished | ConnectionFailed | ConnectionServed | ConnectionBroken;

/** What the data plane needs from the run; all of it injected, so tests drive it without an engine. */
export interface DataPlaneDeps {
  /** Each node's kernel state as its kube-proxy last programmed it, and the mode that routes through it. */
  readonly programmed: ProgrammedNodes;
  /** The run's `traffic` stream: every random draw routing makes (`-m statistic`, schedulers). */
  readonly random: RandomStream;
  /** Virtual time; also the `now` that affinity timeouts are checked against. */
  readonly now: () => SimTime;
  /** Commits a derived event to the log. */
  readonly emit: (event: DataPlaneEvent) => void;
  /**
   * The view node's kube-proxy programmed at its latest sync, as the sync loop passed it to the mode.
   * With it, a `proxy/synced` entry clears that node's stale UDP conntrack entries (section 1.10);
   * without it, UDP entries are never cleared.
   */
  readonly syncedViewOf?: (node: string) => NodeProxyView | undefined;
}

/** The simulated kernels' connection handling: conntrack, first-packet routing, and who answers. */
export interface DataPlane {
  /**
   * Feeds one committed entry: every entry of the log, in seq order, as it is committed (the truth of
   * the cluster, with no watch delay). Pods and Nodes say who holds which address and which hosts
   * are up; `proxy/synced` triggers the UDP conntrack cleanup; everything else is ignored.
   */
  observe(entry: LogEntry<SimEvent>): void;
  /**
   * Carries out a `connection/*` input that was just committed (with `seq`, which the events do not
   * cite today) and commits what it leads to through `deps.emit`.
   */
  handleInput(event: ConnectionInput, seq: number): void;
  /** An open connection (or UDP flow) by id. */
  connection(id: string): OpenConnection | undefined;
  /** The conntrack entries node `name` holds, oldest first. */
  conntrackOf(name: string): OpenConnection[];
  /** How many connections are open. */
  openCount(): number;
}

/** OpenConnection as the data plane keeps it: its entry changes when kube-proxy clears a UDP flow's. */
interface TrackedConnection extends OpenConnection {
  conntrack: ConntrackEntry | undefined;
  /** The client pod's uid: a new pod with the same name is not the client that opened it. */
  readonly clientUid: string | undefined;
  /** The input that opened it: what a keep-alive client's reconnect opens again. */
  readonly opened: ConnectionOpened;
}

/**
 * How a connection that is no longer open ended, for the `notOpen` reasons of later inputs naming it.
 * Kept for every id of the run (ids are unique within it), so it stays small and is worded lazily.
 */
interface EndedConnection {
  readonly ended: 'failedToOpen' | 'broke' | 'closed';
  readonly at: SimTime;
  readonly failure?: ConnectionFailed['failure'] | ConnectionBreak;
  /** The input that opened it (a reference to the logged event, not a copy), for reconnects. */
  readonly opened: ConnectionOpened;
}

/** Completes "connection <id> ...": `was closed at 3.000s`, `failed to open at 1.000s (refused)`. */
function describeEnding(ending: EndedConnection): string {
  const at = formatSimTime(ending.at);
  switch (ending.ended) {
    case 'failedToOpen':
      return `failed to open at ${at} (${ending.failure ?? ''})`;
    case 'broke':
      return `broke at ${at} (${ending.failure ?? ''})`;
    case 'closed':
      return `was closed at ${at}`;
    default:
      return assertNever(ending.ended);
  }
}

/** The result of opening a connection: its conntrack entry, or why it failed (already committed). */
type Opening =
  | { readonly ok: true; readonly conntrack: ConntrackEntry }
  | { readonly ok: false; readonly failure: ConnectionFailure; readonly reason: string };

/** The result of sending a new connection's first packet. */
type FirstPacket =
  | {
      readonly ok: true;
      readonly conntrack: ConntrackEntry;
      readonly rulesEvaluated: number;
      readonly costNanos: number;
    }
  | {
      readonly ok: false;
      readonly failure: 'refused' | 'timedOut';
      readonly reason: string;
      readonly servicePortName: string | undefined;
      readonly rulesEvaluated: number;
      readonly costNanos: number;
    };

/**
 * Creates the data plane. Its semantics, each modelled on what a Linux node running kube-proxy does:
 *
 * - A connection to a host name (`dstName`) is looked up first, at the instant it opens, as the
 *   source's getaddrinfo would (`resolveDestination`: a pod's resolv.conf against the cluster DNS;
 *   nodes and outside clients do not use the cluster DNS). A name that does not resolve fails as
 *   `unresolved` without sending a packet. The DNS answers from the committed truth: svcsim does not
 *   model CoreDNS's watch lag, its cache, or the kube-dns Service's own endpoints. Several addresses
 *   (a headless Service) are chosen among with the `traffic` stream, as CoreDNS's `loadbalance`
 *   shuffle and a client taking the first address would.
 * - Only a new connection's first packet walks the rules of the node it enters (`mode.route`), with
 *   the run's `traffic` stream and the current virtual time (affinity timeouts live in the mode's
 *   kernel state). A node whose kube-proxy never synced has no rules, so the packet goes on to its
 *   original destination untranslated. REJECT is refused (ICMP port unreachable), DROP times out.
 * - Whoever holds the destination (after DNAT) then answers or not, as `findListener` decides: a
 *   listening pod establishes the connection, a host that does not listen refuses it, an address
 *   nobody holds or a host whose node is down times it out.
 * - An established connection is pinned by conntrack to the pod (by uid) that answered. Each request
 *   (`connection/used`) goes there whatever the rules say now, and costs no rule evaluation. It is
 *   served if that pod still exists, its node is up and it still listens; reset if the pod is gone
 *   (its process was killed and closed the socket) or stopped listening; timed out if the pod's node,
 *   or the client's, is down. A broken connection leaves conntrack.
 * - UDP flows are tracked the same way; after a sync, kube-proxy deletes the entries of flows to UDP
 *   endpoints that no longer serve (`findStaleUdpFlows`), and the next datagram of such a flow walks
 *   the rules again (committing a new `connection/established` before its `connection/served`).
 * - Client ports: the input's, else the next free port of Linux's default ephemeral range for the
 *   source IP (`createEphemeralPorts`).
 * - Every `connection/opened` gets exactly one `connection/established` or `connection/failed`, and
 *   every `connection/used` exactly one `connection/served` or `connection/broken`, so success rates
 *   can be counted from the log. Inputs that name a connection wrongly are answered explicitly, never
 *   ignored: reusing an id fails the new open as `unsent` (the open connection is untouched); using
 *   an id that is not open is broken as `notOpen`; closing an id that was never opened, or twice, is
 *   broken as `notOpen` too. Closing a connection that failed or broke is what a client does with a
 *   dead socket, and needs no answer.
 * - A request with `reconnect` is a keep-alive client's (an HTTP connection pool's): when its
 *   connection failed to open or broke, and also when the peer reset it (the client learns of a reset
 *   as it happens, so it has already dropped the socket) or its client pod was replaced, the same
 *   `connection/opened` is carried out again under the same id (its name looked up again) before the
 *   request, which is then served or broken with the open's failure. A closed connection, or an id
 *   never opened, is not reopened (`notOpen`); a peer that went silent still times the request out.
 *
 * Deliberate simplifications: conntrack entries never expire (TCP's established timeout is 24 hours;
 * UDP's 30-120 s idle timeouts are not modelled); a UDP datagram that got no answer leaves no
 * unreplied entry behind (the kernel keeps one, which can blackhole later datagrams of the flow until
 * it expires or kube-proxy clears it); masquerading is reported, not applied to later lookups; a
 * node's conntrack table has no size limit.
 *
 * Cost: O(1) map operations per event apart from the mode's `route`, and O(UDP Services + the node's
 * UDP flows) per `proxy/synced` of a node that has UDP flows. A connection by name adds one stub
 * resolver lookup (a few map reads per name tried); the cluster DNS it asks is derived again only
 * after a Namespace, Service or EndpointSlice change (`createClusterDnsCache`), and connections by
 * address never touch it.
 */
export function createDataPlane(deps: DataPlaneDeps): DataPlane {
  const { programmed, random, now, emit } = deps;
  const cluster = createClusterIndex();
  const dns = createClusterDnsCache();
  /** Where names are looked up: the truth as committed, with the cluster DNS derived when it changes. */
  const destinations: DestinationContext = {
    pod: (namespace, name) => cluster.pod(`${namespace}/${name}`),
    clusterDns: () => dns.clusterDns(),
    clusterDnsAddresses: () => dns.clusterDnsAddresses(),
  };
  const ports = createEphemeralPorts();
  const open = new Map<string, TrackedConnection>();
  const openOnNode = new Map<string, Map<string, TrackedConnection>>();
  const udpFlowsOnNode = new Map<string, Map<string, TrackedConnection>>();
  const ended = new Map<string, EndedConnection>();

  function onNode(table: Map<string, Map<string, TrackedConnection>>, node: string) {
    let connections = table.get(node);
    if (connections === undefined) {
      connections = new Map();
      table.set(node, connections);
    }
    return connections;
  }

  function track(connection: TrackedConnection): void {
    open.set(connection.id, connection);
    onNode(openOnNode, connection.node).set(connection.id, connection);
    if (connection.protocol === 'UDP') onNode(udpFlowsOnNode, connection.node).set(connection.id, connection);
  }

  function untrack(connection: TrackedConnection): void {
    open.delete(connection.id);
    openOnNode.get(connection.node)?.delete(connection.id);
    udpFlowsOnNode.get(connection.node)?.delete(connection.id);
    ports.release(connection.srcIP, connection.srcPort);
  }

  function sendFirstPacket(
    origin: ConnectionOrigin,
    srcPort: number,
    dstIP: string,
    dstPort: number,
    protocol: Protocol,
  ): FirstPacket {
    const node = origin.node.name;
    const rules = programmed.rulesOf(node);
    const routed =
      rules === undefined
        ? undefined
        : programmed.mode.route(
            rules,
            { srcIP: origin.srcIP, srcPort, dstIP, dstPort, protocol, entry: origin.entry },
            { random, now: now(), nodeIPs: origin.node.addresses },
          );
    const rulesEvaluated = routed?.rulesEvaluated ?? 0;
    const costNanos = routed?.costNanos ?? 0;
    const servicePortName = routed === undefined ? undefined : servicePortNameOf(routed);
    const fail = (failure: 'refused' | 'timedOut', reason: string): FirstPacket => ({
      ok: false,
      failure,
      reason,
      servicePortName,
      rulesEvaluated,
      costNanos,
    });

    let ip = dstIP;
    let port = dstPort;
    if (routed !== undefined) {
      switch (routed.verdict) {
        case 'reject':
          return fail('refused', `rejected (ICMP port unreachable) by ${describeRule(routed, node)}`);
        case 'drop':
          return fail('timedOut', `dropped by ${describeRule(routed, node)}`);
        case 'dnat':
          ({ ip, port } = routed.destination);
          break;
        case 'accept':
          break;
        default:
          return assertNever(routed);
      }
    }

    const listener = findListener(cluster, ip, port, protocol, origin.loopback);
    switch (listener.kind) {
      case 'accepting': {
        const pod = listener.pod;
        const conntrack: ConntrackEntry = {
          peer: { ip, port, pod: podKeyOf(pod) },
          peerUid: pod.metadata.uid ?? '',
          peerNode: pod.spec.nodeName ?? '',
          ...(servicePortName !== undefined && { servicePortName }),
          masqueraded: routed?.masqueraded ?? false,
          createdAt: now(),
        };
        return { ok: true, conntrack, rulesEvaluated, costNanos };
      }
      case 'refusing':
        return fail('refused', listener.reason);
      case 'silent': {
        if (routed?.verdict === 'dnat') {
          const of = servicePortName === undefined ? '' : ` of ${servicePortName}`;
          return fail('timedOut', `endpoint ${ip}:${port}${of} does not answer: ${listener.reason}`);
        }
        const untranslated =
          routed === undefined
            ? `; node ${node}'s kube-proxy has not synced yet, so nothing translated ${dstIP}`
            : cluster.podHolding(ip) === undefined && cluster.nodeHolding(ip) === undefined
              ? `, and no rule on node ${node} translates ${dstIP}:${dstPort}/${protocol}`
              : '';
        return fail('timedOut', `${listener.reason}${untranslated}`);
      }
      default:
        return assertNever(listener);
    }
  }

  function failOpen(
    id: string,
    failure: ConnectionFailed['failure'],
    node: string | undefined,
    reason: string,
    routing: { servicePortName?: string | undefined; rulesEvaluated: number; costNanos: number } = {
      rulesEvaluated: 0,
      costNanos: 0,
    },
    resolvedIP?: string,
  ): void {
    emit({
      type: 'connection/failed',
      id,
      ...(resolvedIP !== undefined && { dstIP: resolvedIP }),
      ...(node !== undefined && { node }),
      failure,
      reason,
      ...(routing.servicePortName !== undefined && { servicePortName: routing.servicePortName }),
      rulesEvaluated: routing.rulesEvaluated,
      costNanos: routing.costNanos,
    });
  }

  function emitEstablished(
    connection: TrackedConnection,
    conntrack: ConntrackEntry,
    cost: { rulesEvaluated: number; costNanos: number },
  ): void {
    emit({
      type: 'connection/established',
      id: connection.id,
      // Only a connection by name says where it went; one by address has it on its connection/opened.
      ...(connection.dstName !== undefined && { dstIP: connection.dstIP }),
      node: connection.node,
      srcIP: connection.srcIP,
      srcPort: connection.srcPort,
      peer: conntrack.peer,
      ...(conntrack.servicePortName !== undefined && { servicePortName: conntrack.servicePortName }),
      masqueraded: conntrack.masqueraded,
      rulesEvaluated: cost.rulesEvaluated,
      costNanos: cost.costNanos,
    });
  }

  function openConnection(event: ConnectionOpened): void {
    const { id } = event;
    const previous = open.get(id) ?? ended.get(id);
    if (previous !== undefined) {
      const state =
        'ended' in previous ? describeEnding(previous) : `is open since ${formatSimTime(previous.openedAt)}`;
      failOpen(id, 'unsent', undefined, `the id ${id} is taken: connection ${id} ${state}`);
      return;
    }
    establish(event);
  }

  /**
   * Opens the connection `event` asks for under its id, committing its `connection/established` or
   * `connection/failed`: the source must be able to send, a host name must resolve (now, against the
   * truth), a client port must be free, and the first packet must be answered.
   */
  function establish(event: ConnectionOpened): Opening {
    const { id } = event;
    const origin = resolveConnectionSource(cluster, event.from);
    if (!origin.ok) {
      failOpen(id, origin.failure, origin.node, origin.reason);
      return failedToOpen(event, origin.failure, origin.reason);
    }
    let dstIP: string;
    if (event.dstName === undefined) {
      dstIP = event.dstIP;
    } else {
      // getaddrinfo runs before connect(): a name that does not resolve sends no packet at all.
      const resolution = resolveDestinationIn(destinations, event.from, event.dstName, { random });
      if (resolution.address === undefined) {
        failOpen(id, 'unresolved', origin.node.name, resolution.reason);
        return failedToOpen(event, 'unresolved', resolution.reason);
      }
      dstIP = resolution.address;
    }
    const resolvedIP = event.dstName === undefined ? undefined : dstIP;
    const srcPort = ports.take(origin.srcIP, event.srcPort);
    if (srcPort === undefined) {
      const reason = `no ephemeral port is free for ${origin.srcIP} (all of ${EPHEMERAL_PORT_FIRST}-${EPHEMERAL_PORT_LAST} are in use)`;
      failOpen(id, 'unsent', origin.node.name, reason, undefined, resolvedIP);
      return failedToOpen(event, 'unsent', reason);
    }
    const first = sendFirstPacket(origin, srcPort, dstIP, event.dstPort, event.protocol);
    if (!first.ok) {
      ports.release(origin.srcIP, srcPort);
      failOpen(id, first.failure, origin.node.name, first.reason, first, resolvedIP);
      return failedToOpen(event, first.failure, first.reason);
    }
    const connection: TrackedConnection = {
      id,
      from: event.from,
      node: origin.node.name,
      srcIP: origin.srcIP,
      srcPort,
      dstIP,
      dstName: event.dstName,
      dstPort: event.dstPort,
      protocol: event.protocol,
      openedAt: now(),
      conntrack: first.conntrack,
      clientUid: origin.pod?.metadata.uid,
      opened: event,
    };
    track(connection);
    emitEstablished(connection, first.conntrack, first);
    return first;
  }

  /** Remembers how an open ended (for later inputs naming its id) and says why, for the caller. */
  function failedToOpen(event: ConnectionOpened, failure: ConnectionFailure, reason: string): Opening {
    ended.set(event.id, { ended: 'failedToOpen', at: now(), failure, opened: event });
    return { ok: false, failure, reason };
  }

  function breakConnection(id: string, failure: ConnectionBreak, reason: string): void {
    emit({ type: 'connection/broken', id, failure, reason });
  }

  /** Ends an open connection on a failed request: conntrack forgets it and the client's port is free. */
  function endBroken(connection: TrackedConnection, failure: ConnectionBreak, reason: string): void {
    untrack(connection);
    ended.set(connection.id, { ended: 'broke', at: now(), failure, opened: connection.opened });
    breakConnection(connection.id, failure, reason);
  }

  /** Why the pinned peer does not serve a request now; undefined when it does. */
  function peerFailure(
    conntrack: ConntrackEntry,
    protocol: Protocol,
    loopback: LoopbackHost,
  ): { failure: ConnectionBreak; reason: string } | undefined {
    const pod = cluster.pod(conntrack.peer.pod);
    if (pod === undefined || (pod.metadata.uid ?? '') !== conntrack.peerUid) {
      // The pod's process was killed when it went, and its kernel reset the connection; unless its
      // node is down, in which case nothing answers at all.
      const node = cluster.node(conntrack.peerNode);
      if (node?.up !== true) {
        return {
          failure: 'timedOut',
          reason: `pod ${conntrack.peer.pod} is gone and its node ${conntrack.peerNode} is down, so nothing answers`,
        };
      }
      return { failure: 'reset', reason: `pod ${conntrack.peer.pod} is gone` };
    }
    const listener = findListener(cluster, conntrack.peer.ip, conntrack.peer.port, protocol, loopback);
    switch (listener.kind) {
      case 'accepting':
        if ((listener.pod.metadata.uid ?? '') === conntrack.peerUid) return undefined;
        return {
          failure: 'reset',
          reason: `${conntrack.peer.ip}:${conntrack.peer.port} is now pod ${podKeyOf(listener.pod)}'s, not pod ${conntrack.peer.pod}'s`,
        };
      case 'refusing':
        return { failure: 'reset', reason: listener.reason };
      case 'silent':
        return { failure: 'timedOut', reason: listener.reason };
      default:
        return assertNever(listener);
    }
  }

  function useConnection(id: string, reconnect: boolean): void {
    const connection = open.get(id);
    if (connection === undefined) {
      const previous = ended.get(id);
      if (reconnect && previous !== undefined && previous.ended !== 'closed') reopenAndServe(previous.opened);
      else breakConnection(id, 'notOpen', notOpenReason(id));
      return;
    }
    const origin = resolveConnectionSource(cluster, connection.from);
    if (!origin.ok) {
      if (origin.failure === 'timedOut') endBroken(connection, 'timedOut', origin.reason);
      else if (reconnect) replaceAndServe(connection);
      else endBroken(connection, 'notOpen', `its client is gone: ${origin.reason}`);
      return;
    }
    if (connection.clientUid !== undefined && origin.pod?.metadata.uid !== connection.clientUid) {
      if (reconnect) replaceAndServe(connection);
      else
        endBroken(
          connection,
          'notOpen',
          `its client is gone: ${describeClient(connection)} was replaced by a new pod`,
        );
      return;
    }
    const conntrack = connection.conntrack;
    if (conntrack === undefined) {
      rerouteUdpFlow(connection, origin);
      return;
    }
    const failure = peerFailure(conntrack, connection.protocol, origin.loopback);
    if (failure === undefined) emit({ type: 'connection/served', id, peer: conntrack.peer });
    // A reset arrives when it happens (the peer's kernel sends it as its process exits), so an idle
    // keep-alive client has already dropped the connection and opens a fresh one for this request.
    // Nothing tells it about a peer that went silent: that request times out, and the next reconnects.
    else if (reconnect && failure.failure === 'reset') replaceAndServe(connection);
    else endBroken(connection, failure.failure, failure.reason);
  }

  /** A keep-alive client drops its dead connection and sends the request on a fresh one. */
  function replaceAndServe(connection: TrackedConnection): void {
    untrack(connection);
    reopenAndServe(connection.opened);
  }

  /**
   * Opens `opened`'s connection again under its id (looking its name up again), then serves the
   * request on it, or breaks the request with the open's failure.
   */
  function reopenAndServe(opened: ConnectionOpened): void {
    const opening = establish(opened);
    if (opening.ok) emit({ type: 'connection/served', id: opened.id, peer: opening.conntrack.peer });
    else breakConnection(opened.id, opening.failure, `could not reconnect: ${opening.reason}`);
  }

  /** The next datagram of a UDP flow whose conntrack entry kube-proxy cleared: a new first packet. */
  function rerouteUdpFlow(connection: TrackedConnection, origin: ConnectionOrigin): void {
    const first = sendFirstPacket(
      origin,
      connection.srcPort,
      connection.dstIP,
      connection.dstPort,
      connection.protocol,
    );
    if (!first.ok) {
      endBroken(
        connection,
        first.failure,
        `routed again after kube-proxy cleared its stale conntrack entry: ${first.reason}`,
      );
      return;
    }
    connection.conntrack = first.conntrack;
    onNode(udpFlowsOnNode, connection.node).set(connection.id, connection);
    emitEstablished(connection, first.conntrack, first);
    emit({ type: 'connection/served', id: connection.id, peer: first.conntrack.peer });
  }

  function closeConnection(id: string): void {
    const connection = open.get(id);
    if (connection === undefined) {
      const previous = ended.get(id);
      if (previous === undefined)
        breakConnection(id, 'notOpen', `closing connection ${id}, which was never opened`);
      else if (previous.ended === 'closed')
        breakConnection(id, 'notOpen', `closing connection ${id}, which ${describeEnding(previous)}`);
      return;
    }
    untrack(connection);
    ended.set(id, { ended: 'closed', at: now(), opened: connection.opened });
  }

  function notOpenReason(id: string): string {
    const previous = ended.get(id);
    return previous === undefined
      ? `no connection ${id} was ever opened`
      : `connection ${id} ${describeEnding(previous)}`;
  }

  function clearStaleUdpEntries(node: string): void {
    const flows = udpFlowsOnNode.get(node);
    if (flows === undefined || flows.size === 0 || deps.syncedViewOf === undefined) return;
    const view = deps.syncedViewOf(node);
    if (view === undefined) return;
    for (const flow of findStaleUdpFlows(view, cluster.udpServiceKeys, flows.values())) {
      const tracked = open.get(flow.id);
      if (tracked === undefined) continue;
      tracked.conntrack = undefined;
      flows.delete(flow.id);
    }
  }

  return {
    observe(entry) {
      cluster.apply(entry);
      dns.apply(entry);
      if (entry.event.type === 'proxy/synced') clearStaleUdpEntries(entry.event.node);
    },
    handleInput(event) {
      switch (event.type) {
        case 'connection/opened':
          openConnection(event);
          return;
        case 'connection/used':
          useConnection(event.id, event.reconnect === true);
          return;
        case 'connection/closed':
          closeConnection(event.id);
          return;
        default:
          assertNever(event);
      }
    },
    connection: (id) => open.get(id),
    conntrackOf(name) {
      const connections = openOnNode.get(name);
      if (connections === undefined) return [];
      return [...connections.values()].filter((c) => c.conntrack !== undefined);
    },
    openCount: () => open.size,
  };
}

/** The ServicePort whose rules decided: the last rule on the packet's path that names one. */
function servicePortNameOf(routed: ProxyRouteResult): string | undefined {
  for (let i = routed.trace.length - 1; i >= 0; i--) {
    const name = routed.trace[i]?.servicePortName;
    if (name !== undefined) return name;
  }
  return undefined;
}

/** `pod default/client`, `node node-1` or `203.0.113.9 at node-1`. */
function describeClient(connection: OpenConnection): string {
  const from = connection.from;
  switch (from.kind) {
    case 'pod':
      return `pod ${from.namespace}/${from.name}`;
    case 'node':
      return `node ${from.name}`;
    case 'external':
      return `${from.ip} at ${from.node}`;
    default:
      return assertNever(from);
  }
}

/** The rule that decided a packet's fate, as its mode prints it: `nat KUBE-SERVICES: -A ... -j REJECT`. */
function describeRule(routed: ProxyRouteResult, node: string): string {
  const last = routed.trace[routed.trace.length - 1];
  return last === undefined ? `a rule on node ${node}` : `node ${node}'s rule ${last.location}: ${last.rule}`;
}
