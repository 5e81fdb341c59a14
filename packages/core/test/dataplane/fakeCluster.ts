import type { Node } from '../../src/api/Node.js';
import type { Protocol } from '../../src/api/ObjectMeta.js';
import type { ContainerPort, Pod } from '../../src/api/Pod.js';
import type { Service } from '../../src/api/Service.js';
import {
  createDataPlane,
  type ConnectionInput,
  type DataPlane,
  type DataPlaneEvent,
} from '../../src/dataplane/createDataPlane.js';
import type { ConnectionSource } from '../../src/events/ConnectionEvents.js';
import type { SimEvent } from '../../src/events/SimEvent.js';
import type { ProgrammedNodes } from '../../src/proxy/ProgrammedNodes.js';
import type {
  NodeProxyView,
  ProxyMode,
  ProxyPacket,
  ProxyRouteContext,
  ProxyRouteResult,
} from '../../src/proxy/ProxyMode.js';
import { createRandomStreams } from '../../src/random/createRandomStreams.js';
import type { SimTime } from '../../src/SimTime.js';

// ---- a fake proxy mode ------------------------------------------------------------------------------

/** What a fake node's rules do with new connections to one `ip:port/protocol`. */
export type FakeServiceRule =
  | {
      readonly servicePortName: string;
      /** Empty: the Service has no endpoints, so the rules REJECT. */
      readonly endpoints: readonly { readonly ip: string; readonly port: number }[];
      /** ClientIP affinity, kept in the rules' own state as xt_recent is. */
      readonly affinitySeconds?: number;
    }
  | { readonly servicePortName: string; readonly drop: true };

/** A fake node's kernel state: rules by destination, plus the affinity memory routing updates. */
export interface FakeRules {
  readonly services: ReadonlyMap<string, FakeServiceRule>;
  /** `servicePortName|srcIP` -> endpoint index and the virtual time it was last chosen. */
  readonly recent: Map<string, { readonly index: number; readonly at: SimTime }>;
}

export function fakeRules(services: Record<string, FakeServiceRule>): FakeRules {
  return { services: new Map(Object.entries(services)), recent: new Map() };
}

/** Each rule looked at costs 1; each costs 25 ns. The number is arbitrary, only its flow is tested. */
const NANOS_PER_RULE = 25;

/**
 * A small ProxyMode: one lookup by destination, a uniform random endpoint (one draw from the stream
 * when there is a choice), REJECT without endpoints, DROP on request, optional ClientIP affinity that
 * expires `affinitySeconds` after the last new connection, as `-m recent --rcheck --seconds` does.
 */
export const fakeMode: ProxyMode<FakeRules> = {
  name: 'fake',
  sync() {
    throw new Error('the data plane never syncs');
  },
  render() {
    return '';
  },
  route(rules: FakeRules, packet: ProxyPacket, ctx: ProxyRouteContext): ProxyRouteResult {
    const key = `${packet.dstIP}:${packet.dstPort}/${packet.protocol}`;
    const rule = rules.services.get(key);
    const rulesEvaluated = rule === undefined ? rules.services.size : 1;
    const base = { masqueraded: false, rulesEvaluated, costNanos: rulesEvaluated * NANOS_PER_RULE };
    if (rule === undefined) return { ...base, verdict: 'accept', trace: [] };
    const step = { location: 'fake SERVICES', rule: `-d ${key}`, servicePortName: rule.servicePortName };
    if ('drop' in rule)
      return { ...base, verdict: 'drop', trace: [{ ...step, rule: `${step.rule} -j DROP` }] };
    if (rule.endpoints.length === 0) {
      return { ...base, verdict: 'reject', trace: [{ ...step, rule: `${step.rule} -j REJECT` }] };
    }
    let index: number;
    const affinityKey = `${rule.servicePortName}|${packet.srcIP}`;
    const remembered = rules.recent.get(affinityKey);
    if (
      rule.affinitySeconds !== undefined &&
      remembered !== undefined &&
      ctx.now - remembered.at <= rule.affinitySeconds * 1000 &&
      remembered.index < rule.endpoints.length
    ) {
      index = remembered.index;
    } else {
      index = rule.endpoints.length === 1 ? 0 : ctx.random.nextInt(rule.endpoints.length);
    }
    if (rule.affinitySeconds !== undefined) rules.recent.set(affinityKey, { index, at: ctx.now });
    const destination = rule.endpoints[index] ?? { ip: '', port: 0 };
    return {
      ...base,
      verdict: 'dnat',
      destination,
      trace: [{ ...step, endpoint: `${destination.ip}:${destination.port}` }],
    };
  },
};

/** One call of the mode's route, as the data plane made it. */
export interface RouteCall {
  readonly packet: ProxyPacket;
  readonly now: SimTime;
  readonly nodeIPs: readonly string[];
}

/** ProgrammedNodes whose rules the test sets per node, as a kube-proxy sync would. */
export interface FakeProgrammedNodes extends ProgrammedNodes {
  program(node: string, rules: FakeRules): void;
  /** Every packet routed so far. */
  readonly routeCalls: RouteCall[];
}

export function fakeProgrammedNodes(): FakeProgrammedNodes {
  const rules = new Map<string, FakeRules>();
  const routeCalls: RouteCall[] = [];
  const mode: ProxyMode<FakeRules> = {
    ...fakeMode,
    route(r, packet, ctx) {
      routeCalls.push({ packet, now: ctx.now, nodeIPs: ctx.nodeIPs });
      return fakeMode.route(r, packet, ctx);
    },
  };
  return {
    mode,
    rulesOf: (name) => rules.get(name),
    program(node, value) {
      rules.set(node, value);
    },
    routeCalls,
  };
}

// ---- cluster objects --------------------------------------------------------------------------------

export function nodeObject(name: string, ip: string, ready = true): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}` },
    spec: {},
    status: {
      addresses: [{ type: 'InternalIP', address: ip }],
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

export interface PodOptions {
  readonly node?: string;
  readonly ip?: string;
  readonly uid?: string;
  readonly phase?: NonNullable<Pod['status']>['phase'];
  readonly ports?: readonly ContainerPort[];
  readonly hostNetwork?: boolean;
  readonly deleting?: boolean;
}

/** A pod in namespace `default`; Running when it has a node and an IP, unless `phase` says otherwise. */
export function podObject(name: string, options: PodOptions = {}): Pod {
  const running = options.node !== undefined && options.ip !== undefined;
  const phase = options.phase ?? (running ? 'Running' : 'Pending');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: 'default',
      name,
      uid: options.uid ?? `uid-${name}`,
      ...(options.deleting === true && { deletionTimestamp: 0 }),
    },
    spec: {
      ...(options.node !== undefined && { nodeName: options.node }),
      ...(options.hostNetwork === true && { hostNetwork: true }),
      containers: [{ name: 'app', ...(options.ports !== undefined && { ports: options.ports }) }],
    },
    status: { phase, ...(options.ip !== undefined && { podIP: options.ip, podIPs: [{ ip: options.ip }] }) },
  };
}

export function udpServiceObject(name: string, clusterIP: string, port: number): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name, uid: `uid-svc-${name}` },
    spec: { clusterIP, ports: [{ name: 'dns', port, protocol: 'UDP', targetPort: port }] },
  };
}

// ---- a harness around one data plane ----------------------------------------------------------------

export const fromPod = (name: string): ConnectionSource => ({ kind: 'pod', namespace: 'default', name });
export const fromNode = (name: string): ConnectionSource => ({ kind: 'node', name });
export const fromOutside = (ip: string, node: string): ConnectionSource => ({ kind: 'external', ip, node });

export interface Harness {
  readonly dataPlane: DataPlane;
  readonly programmed: FakeProgrammedNodes;
  /** kube-proxy views per node, for UDP cleanup. */
  readonly views: Map<string, NodeProxyView>;
  /** Every event the data plane committed, in order. */
  readonly events: DataPlaneEvent[];
  /** Sets virtual time. */
  at(t: SimTime): void;
  /** Commits a cluster event (object/created, object/deleted, proxy/synced...) to the data plane. */
  commit(event: SimEvent): void;
  /** Opens a connection and returns what the data plane committed for it. */
  open(
    id: string,
    from: ConnectionSource,
    dst: string,
    protocol?: Protocol,
    srcPort?: number,
  ): DataPlaneEvent[];
  /** Sends a request on `id`; with `reconnect`, as a keep-alive client that reopens a dead connection. */
  /** Opens a connection to a host name, looked up from the source as it opens. */
  openName(
    id: string,
    from: ConnectionSource,
    name: string,
    port: number,
    protocol?: Protocol,
  ): DataPlaneEvent[];
  use(id: string, reconnect?: boolean): DataPlaneEvent[];
  close(id: string): DataPlaneEvent[];
}

export function createHarness(seed = 1): Harness {
  const programmed = fakeProgrammedNodes();
  const views = new Map<string, NodeProxyView>();
  const events: DataPlaneEvent[] = [];
  let now = 0;
  let seq = 0;
  const dataPlane = createDataPlane({
    programmed,
    random: createRandomStreams(seed).stream('traffic'),
    now: () => now,
    emit: (event) => events.push(event),
    syncedViewOf: (node) => views.get(node),
  });
  function input(event: ConnectionInput): DataPlaneEvent[] {
    const before = events.length;
    dataPlane.observe({ seq, at: now, event });
    dataPlane.handleInput(event, seq++);
    return events.slice(before);
  }
  return {
    dataPlane,
    programmed,
    views,
    events,
    at(t) {
      now = t;
    },
    commit(event) {
      dataPlane.observe({ seq: seq++, at: now, event });
    },
    open(id, from, dst, protocol = 'TCP', srcPort) {
      const colon = dst.lastIndexOf(':');
      return input({
        type: 'connection/opened',
        id,
        from,
        dstIP: dst.slice(0, colon),
        dstPort: Number(dst.slice(colon + 1)),
        protocol,
        ...(srcPort !== undefined && { srcPort }),
      });
    },
    openName: (id, from, name, port, protocol = 'TCP') =>
      input({ type: 'connection/opened', id, from, dstName: name, dstPort: port, protocol }),
    use: (id, reconnect = false) =>
      input({ type: 'connection/used', id, ...(reconnect && { reconnect: true }) }),
    close: (id) => input({ type: 'connection/closed', id }),
  };
}

/** The one event an input led to; fails the test when there was not exactly one. */
export function only(events: readonly DataPlaneEvent[]): DataPlaneEvent {
  if (events.length !== 1) throw new Error(`expected one event, got ${JSON.stringify(events)}`);
  return events[0] as DataPlaneEvent;
}

/**
 * A small cluster: node-1 (192.168.0.11) and node-2 (192.168.0.12); pods `client` on node-1, `web-a`
 * (10.244.1.10) on node-1 and `web-b` (10.244.2.20) on node-2, both declaring 8080/TCP; Service
 * `default/web:http` at 10.96.0.50:80 programmed on both nodes with those two endpoints.
 */
export function createWebCluster(seed = 1): Harness {
  const h = createHarness(seed);
  h.commit({ type: 'object/created', object: nodeObject('node-1', '192.168.0.11') });
  h.commit({ type: 'object/created', object: nodeObject('node-2', '192.168.0.12') });
  h.commit({ type: 'object/created', object: podObject('client', { node: 'node-1', ip: '10.244.1.5' }) });
  const http = [{ name: 'http', containerPort: 8080 }];
  h.commit({
    type: 'object/created',
    object: podObject('web-a', { node: 'node-1', ip: '10.244.1.10', ports: http }),
  });
  h.commit({
    type: 'object/created',
    object: podObject('web-b', { node: 'node-2', ip: '10.244.2.20', ports: http }),
  });
  const rules = () =>
    fakeRules({
      '10.96.0.50:80/TCP': {
        servicePortName: 'default/web:http',
        endpoints: [
          { ip: '10.244.1.10', port: 8080 },
          { ip: '10.244.2.20', port: 8080 },
        ],
      },
    });
  h.programmed.program('node-1', rules());
  h.programmed.program('node-2', rules());
  return h;
}
