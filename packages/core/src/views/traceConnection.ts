import type { Pod } from '../api/Pod.js';
import { isPodReady } from '../apiserver/endpoints/isPodReady.js';
import { assertNever } from '../assertNever.js';
import { podKeyOf, type ClusterFacts } from '../dataplane/ClusterIndex.js';
import { EPHEMERAL_PORT_FIRST, EPHEMERAL_PORT_LAST } from '../dataplane/EphemeralPorts.js';
import type { Listener } from '../dataplane/findListener.js';
import { findListener } from '../dataplane/findListener.js';
import type { OpenConnection } from '../dataplane/OpenConnection.js';
import { resolveConnectionSource, type ConnectionOrigin } from '../dataplane/resolveConnectionSource.js';
import { resolveDestination } from '../dataplane/resolveDestination.js';
import type { SimRun } from '../engine/run.js';
import type { ConnectionFailure } from '../events/ConnectionEvents.js';
import type { ProxyPacket, ProxyRouteResult } from '../proxy/ProxyMode.js';
import { createRandomStreams } from '../random/createRandomStreams.js';
import type { RandomStream } from '../random/RandomStream.js';
import { formatSimTime } from './formatSimTime.js';
import type {
  ConnectionTrace,
  ConnectionTraceRequest,
  TraceAddressHolder,
  TraceConntrack,
  TraceDelivery,
  TraceEndpointChoice,
  TraceKubeProxy,
  TraceOutcome,
  TraceRoute,
  TraceSource,
} from './ConnectionTrace.js';
import { clusterFactsAt } from './clusterFactsAt.js';
import { countingRandomStream } from './countingRandomStream.js';
import { describeKubeProxyOf } from './describeKubeProxyOf.js';

/**
 * What a trace reads from a run: one that ended at the instant to trace (re-run the inputs up to it),
 * so its final state, its nodes' programmed rules and its open connections are those of that instant.
 */
export type TracedRun = Pick<SimRun, 'log' | 'finalState' | 'programmed' | 'dataPlane'>;

/**
 * Follows one new connection, made at the end of `run`, hop by hop, deciding each hop as the data plane
 * does: the source as `resolveConnectionSource` resolves it, a host name as `resolveDestination` looks
 * it up from that source, the entry node's programmed rules through its mode's `route`, then
 * `findListener` at the destination.
 *
 * The trace does not change the run's outcome: it draws (a headless Service's address, the rules'
 * probabilities) from a random stream of its own, seeded from the run's seed and the instant, never
 * from the run's `traffic` stream. It does route through
 * `run.programmed`, whose affinity lists (xt_recent) a mode updates as the kernel would; the traced run
 * should be a copy made for the trace (the CLI re-runs the inputs up to the instant), not one whose
 * later behaviour matters. When a probability chose the endpoint the trace says so: another
 * connection at the same instant may go to another endpoint.
 *
 * Cost: O(log entries) for the node's sync history and lag, O(Services) to match the destination, one
 * `route`.
 */
export function traceConnection(run: TracedRun, request: ConnectionTraceRequest): ConnectionTrace {
  const { seed, config } = run.log.header;
  const at = config.durationMs;
  const state = run.finalState;
  const cluster = clusterFactsAt(state, at);
  const origin = resolveConnectionSource(cluster, request.from);
  const hostNetwork = origin.ok && origin.pod?.spec.hostNetwork === true;
  const source: TraceSource = {
    from: request.from,
    ...(origin.node !== undefined && {
      node: typeof origin.node === 'string' ? origin.node : origin.node.name,
    }),
    ...(origin.ok && { ip: origin.srcIP }),
    hostNetwork,
  };
  const base = { at, request, source };
  if (!origin.ok) return { ...base, outcome: failed(origin.failure, origin.reason) };

  // One stream of the trace's own, seeded from the run's seed and the instant: a lookup with several
  // addresses (a headless Service) and the rules' probabilities draw from it, never from the run's.
  const random = createRandomStreams(seed).stream(`trace at ${String(at)} ms`);
  const resolution = resolveDestination(state, request.from, request.host, { random });
  const dns = resolution.kind === 'literal' ? undefined : resolution;
  if (resolution.address === undefined) {
    return { ...base, ...(dns !== undefined && { dns }), outcome: failed('unresolved', resolution.reason) };
  }
  const node = origin.node.name;
  const srcPort = freeEphemeralPort(run.dataPlane.conntrackOf(node), origin.srcIP);
  if (srcPort === undefined) {
    return {
      ...base,
      ...(dns !== undefined && { dns }),
      outcome: failed(
        'unsent',
        `no ephemeral port is free for ${origin.srcIP} (all of ${String(EPHEMERAL_PORT_FIRST)}-${String(EPHEMERAL_PORT_LAST)} are in use)`,
      ),
    };
  }
  const packet: ProxyPacket = {
    srcIP: origin.srcIP,
    srcPort,
    dstIP: resolution.address,
    dstPort: request.port,
    protocol: request.protocol,
    entry: origin.entry,
  };
  const described = describeKubeProxyOf(
    { entries: run.log.entries, config, state, programmed: run.programmed },
    node,
    origin.node.addresses,
    packet,
    request.from.kind === 'pod' && !hostNetwork,
  );
  const route = routePacket(run, origin, packet, at, random, described);
  const kubeProxy: TraceKubeProxy = { ...described, ...(route !== undefined && { route }) };
  const sent = { ...base, ...(dns !== undefined && { dns }), packet, kubeProxy };

  const spn = lastServicePortName(route);
  const rule = route?.steps.at(-1);
  const ruleText =
    rule === undefined ? `a rule on node ${node}` : `node ${node}'s rule ${rule.location}: ${rule.rule}`;
  if (route?.verdict === 'reject') {
    return { ...sent, outcome: failed('refused', `rejected (ICMP port unreachable) by ${ruleText}`) };
  }
  if (route?.verdict === 'drop') return { ...sent, outcome: failed('timedOut', `dropped by ${ruleText}`) };

  const ip = route?.destination?.ip ?? packet.dstIP;
  const port = route?.destination?.port ?? packet.dstPort;
  const listener = findListener(cluster, ip, port, packet.protocol, origin.loopback);
  const delivery: TraceDelivery = {
    ip,
    port,
    holder: holderOf(cluster, ip),
    listener,
    notes: notesOn(cluster, ip, listener, kubeProxy),
  };
  const conntrack = conntrackEntry(packet, ip, port, route?.masqueraded ?? false, origin, listener);
  const outcome = outcomeOf(listener, route, spn, packet, node, cluster);
  return { ...sent, conntrack, delivery, outcome };
}

/** Routes the packet through the node's rules with a stream of the trace's own; undefined without rules. */
function routePacket(
  run: TracedRun,
  origin: ConnectionOrigin,
  packet: ProxyPacket,
  at: number,
  stream: RandomStream,
  kubeProxy: Omit<TraceKubeProxy, 'route'>,
): TraceRoute | undefined {
  const programmed = run.programmed;
  const rules = programmed?.rulesOf(origin.node.name);
  if (programmed === undefined || rules === undefined) return undefined;
  const random = countingRandomStream(stream);
  const routed = programmed.mode.route(rules, packet, { random, now: at, nodeIPs: origin.node.addresses });
  const choice = routed.verdict === 'dnat' ? choiceOf(routed, random.draws, kubeProxy) : undefined;
  return {
    verdict: routed.verdict,
    ...(routed.verdict === 'dnat' && { destination: routed.destination }),
    masqueraded: routed.masqueraded,
    steps: routed.trace,
    rulesEvaluated: routed.rulesEvaluated,
    costNanos: routed.costNanos,
    ...(choice !== undefined && { choice }),
  };
}

/**
 * What picked the DNAT destination among the node's candidates. Routing that drew random numbers left it
 * to chance; with several candidates and no draw, only affinity can have decided (kube-proxy checks the
 * affinity lists before its probabilistic rules).
 */
function choiceOf(
  routed: ProxyRouteResult & { verdict: 'dnat' },
  draws: number,
  kubeProxy: Omit<TraceKubeProxy, 'route'>,
): TraceEndpointChoice | undefined {
  const programmed = kubeProxy.servicePort?.programmed;
  if (programmed === undefined) return undefined;
  const candidates = programmed.candidates;
  const endpoint = `${routed.destination.ip}:${String(routed.destination.port)}`;
  const index = candidates.findIndex((ep) => ep.endpoint === endpoint) + 1;
  if (index === 0) return undefined;
  if (draws > 0) return { by: 'random', index, of: candidates.length, draws };
  if (candidates.length === 1) return { by: 'only' };
  if (programmed.port.sessionAffinity === 'ClientIP') {
    return {
      by: 'affinity',
      index,
      of: candidates.length,
      timeoutSeconds: programmed.port.stickyMaxAgeSeconds,
    };
  }
  return undefined;
}

/** The lowest ephemeral port no open connection from `ip` on the node holds. */
function freeEphemeralPort(open: readonly OpenConnection[], ip: string): number | undefined {
  const used = new Set(open.filter((c) => c.srcIP === ip).map((c) => c.srcPort));
  for (let port = EPHEMERAL_PORT_FIRST; port <= EPHEMERAL_PORT_LAST; port++) {
    if (!used.has(port)) return port;
  }
  return undefined;
}

function holderOf(cluster: ClusterFacts, ip: string): TraceAddressHolder {
  if (ip.startsWith('127.')) return { kind: 'loopback' };
  const pod = cluster.podHolding(ip);
  if (pod !== undefined) {
    const node = pod.spec.nodeName ?? '';
    return {
      kind: 'pod',
      pod: podKeyOf(pod),
      node,
      nodeUp: cluster.node(node)?.up === true,
      phase: pod.status?.phase ?? 'Pending',
      ready: isPodReady(pod),
    };
  }
  const node = cluster.nodeHolding(ip);
  if (node !== undefined) return { kind: 'node', node: node.name, up: node.up };
  return { kind: 'none' };
}

/**
 * What explains the answer beyond the listener's verdict: an endpoint only a lagging node's rules still
 * have; a pod that is not Ready still getting the connection (a lagging node's rules, the terminating
 * fallback, or no Service in the way); a Ready pod refusing (Ready with no readiness probe as soon as it
 * runs, before its application listens).
 */
function notesOn(cluster: ClusterFacts, ip: string, listener: Listener, kubeProxy: TraceKubeProxy): string[] {
  const notes: string[] = [];
  const servicePort = kubeProxy.servicePort;
  const endpoint = `${ip}:${String(kubeProxy.route?.destination?.port ?? 0)}`;
  const programmed = servicePort?.programmed?.endpoints.find((ep) => ep.endpoint === endpoint);
  const current = servicePort?.truth?.endpoints.find((ep) => ep.endpoint === endpoint);
  if (
    kubeProxy.route?.verdict === 'dnat' &&
    servicePort !== undefined &&
    programmed !== undefined &&
    current === undefined
  ) {
    notes.push(
      `${endpoint} is a stale endpoint: node ${kubeProxy.node}'s rules, last synced ${syncedAt(kubeProxy)}, still have it, but ${servicePort.servicePortName} no longer does`,
    );
  }
  const pod = cluster.podHolding(ip);
  if (pod === undefined) return notes;
  const key = podKeyOf(pod);
  if (!isPodReady(pod)) {
    if (kubeProxy.route?.verdict !== 'dnat' || servicePort === undefined) {
      notes.push(
        `pod ${key} is not Ready; the connection goes to its IP directly, and readiness only decides Service endpoints`,
      );
    } else if (programmed?.ready === true) {
      notes.push(
        `pod ${key} is not Ready, but node ${kubeProxy.node}'s rules, last synced ${syncedAt(kubeProxy)}, still have ${endpoint} as a ready endpoint of ${servicePort.servicePortName}`,
      );
    } else if (programmed?.terminating === true) {
      notes.push(
        `pod ${key} is terminating; ${servicePort.servicePortName} has no ready endpoint on node ${kubeProxy.node}'s rules, so kube-proxy falls back to serving terminating ones`,
      );
    }
  }
  if (isPodReady(pod) && listener.kind === 'refusing' && !hasReadinessProbe(pod)) {
    notes.push(
      `pod ${key} has no readiness probe, so it is Ready (and an endpoint) as soon as its containers run, whether or not its application accepts connections yet`,
    );
  }
  return notes;
}

function syncedAt(kubeProxy: TraceKubeProxy): string {
  return kubeProxy.lastSync === undefined ? 'never' : `at ${formatSimTime(kubeProxy.lastSync.at)}`;
}

function hasReadinessProbe(pod: Pod): boolean {
  return pod.spec.containers.some((c) => c.readinessProbe !== undefined);
}

/**
 * The entry the first packet creates, when it leaves the node: conntrack confirms a NEW connection's
 * entry once the packet is accepted, with the reply tuple rewritten by DNAT (replies come from the
 * endpoint) and masquerade (replies go to the node). Masquerade picks a fresh port with
 * `--random-fully`; svcsim keeps the client's, which changes nothing it models.
 */
function conntrackEntry(
  packet: ProxyPacket,
  ip: string,
  port: number,
  masqueraded: boolean,
  origin: ConnectionOrigin,
  listener: Listener,
): TraceConntrack {
  const nodeIP = origin.node.internalIP ?? origin.node.addresses[0] ?? packet.srcIP;
  return {
    protocol: packet.protocol,
    original: {
      src: { ip: packet.srcIP, port: packet.srcPort },
      dst: { ip: packet.dstIP, port: packet.dstPort },
    },
    reply: { src: { ip, port }, dst: { ip: masqueraded ? nodeIP : packet.srcIP, port: packet.srcPort } },
    state: stateOf(listener),
  };
}

function stateOf(listener: Listener): TraceConntrack['state'] {
  switch (listener.kind) {
    case 'accepting':
      return 'assured';
    case 'refusing':
      return 'reset';
    case 'silent':
      return 'unreplied';
    default:
      return assertNever(listener);
  }
}

/** The data plane's verdict on the delivered packet, with the reason it would log. */
function outcomeOf(
  listener: Listener,
  route: TraceRoute | undefined,
  spn: string | undefined,
  packet: ProxyPacket,
  node: string,
  cluster: ClusterFacts,
): TraceOutcome {
  switch (listener.kind) {
    case 'accepting': {
      const ip = route?.destination?.ip ?? packet.dstIP;
      const port = route?.destination?.port ?? packet.dstPort;
      return { ok: true, peer: { ip, port, pod: podKeyOf(listener.pod) } };
    }
    case 'refusing':
      return failed('refused', listener.reason);
    case 'silent': {
      if (route?.verdict === 'dnat' && route.destination !== undefined) {
        const of = spn === undefined ? '' : ` of ${spn}`;
        const { ip, port } = route.destination;
        return failed('timedOut', `endpoint ${ip}:${String(port)}${of} does not answer: ${listener.reason}`);
      }
      const untranslated =
        route === undefined
          ? `; node ${node}'s kube-proxy has not synced yet, so nothing translated ${packet.dstIP}`
          : cluster.podHolding(packet.dstIP) === undefined && cluster.nodeHolding(packet.dstIP) === undefined
            ? `, and no rule on node ${node} translates ${packet.dstIP}:${String(packet.dstPort)}/${packet.protocol}`
            : '';
      return failed('timedOut', `${listener.reason}${untranslated}`);
    }
    default:
      return assertNever(listener);
  }
}

/** The ServicePort whose rules decided: the last matched rule naming one (as the data plane reports it). */
function lastServicePortName(route: TraceRoute | undefined): string | undefined {
  return route?.steps.findLast((step) => step.servicePortName !== undefined)?.servicePortName;
}

function failed(failure: ConnectionFailure, reason: string): TraceOutcome {
  return { ok: false, failure, reason };
}
