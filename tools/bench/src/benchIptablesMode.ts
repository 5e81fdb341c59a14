import {
  createRandomStreams,
  listObjects,
  resolveNodeProxyConfig,
  type ClusterState,
  type NodeProxyConfig,
  type NodeProxyView,
  type ProxyPacket,
  type ServiceProxyState,
} from '@svcsim/core';
import { createIptablesMode, type IptablesKernelState } from '@svcsim/proxy-modes';

import { measureRate, measureSeconds, type Measurement } from './measure.js';
import { proxyViewsOfCluster } from './proxyViewOfCluster.js';

/** The churn workload's pod CIDRs are 10.(64 + n/256).(n%256).0/24, so this covers 1,024 nodes. */
const CLUSTER_CIDR = '10.64.0.0/14';
const PARTIAL_SYNCS = 200;
const ROUTED_PACKETS = 20_000;
const LITERAL_PACKETS = 1_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function nodeConfig(state: ClusterState, index: number): NodeProxyConfig {
  const node = listObjects(state, 'Node')[index];
  if (node === undefined) throw new Error(`bench: the cluster has no node ${index}`);
  const ip = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '192.168.0.1';
  return resolveNodeProxyConfig({
    nodeName: node.metadata.name ?? '',
    nodeIPs: [ip],
    clusterCIDR: CLUSTER_CIDR,
  });
}

/** The Service with one endpoint's readiness flipped: what a pod readiness change does to the view. */
function withFlippedEndpoint(state: ServiceProxyState): ServiceProxyState {
  const [key, endpoints] = Object.entries(state.endpoints)[0] ?? [];
  if (key === undefined || endpoints === undefined || endpoints.length === 0) return { ...state };
  const [first, ...rest] = endpoints;
  if (first === undefined) return { ...state };
  return { ...state, endpoints: { ...state.endpoints, [key]: [{ ...first, ready: !first.ready }, ...rest] } };
}

/**
 * The iptables mode on one node of the benchmark cluster (the engine's final state: real Services and
 * the EndpointSlices the controllers wrote): rule counts of full and partial syncs, rules a new
 * connection's first packet evaluates, and the wall time of our sync and route.
 */
export function benchIptablesMode(state: ClusterState): Measurement[] {
  const { services, viewOf } = proxyViewsOfCluster(state);
  const config = nodeConfig(state, 0);
  const view = viewOf(config.nodeName);
  const mode = createIptablesMode();
  const sync = (
    previous: IptablesKernelState | undefined,
    syncView: NodeProxyView,
    full: boolean,
    changed: string[],
  ) => mode.sync({ previous, view: syncView, config, full, changedServices: new Set(changed) });

  // Full sync, cold: fresh state objects, so every Service is compiled (best of three).
  let coldSeconds = Infinity;
  for (let i = 0; i < 3; i++) {
    const fresh = { ...view, services: new Map([...services].map(([key, s]) => [key, { ...s }])) };
    coldSeconds = Math.min(
      coldSeconds,
      measureSeconds(() => sync(undefined, fresh, true, [])),
    );
  }
  const full = sync(undefined, view, true, []);
  // Another node syncing the same view reuses every Service whose rules do not depend on the node.
  const other = nodeConfig(state, 1);
  const sharedSeconds = measureSeconds(() =>
    mode.sync({
      previous: undefined,
      view: viewOf(other.nodeName),
      config: other,
      full: true,
      changedServices: new Set(),
    }),
  );

  // Partial syncs: each flips one endpoint of a different Service, as a pod readiness change would.
  const keys = [...services.keys()].filter(
    (key) => Object.keys(services.get(key)?.endpoints ?? {}).length > 0,
  );
  const random = createRandomStreams(1).stream('bench-iptables');
  const changing = new Map(services);
  let kernel = full.rules;
  let partial = full;
  const partialSeconds = measureSeconds(() => {
    for (let i = 0; i < PARTIAL_SYNCS; i++) {
      const key = random.pick(keys);
      changing.set(key, withFlippedEndpoint(changing.get(key) as ServiceProxyState));
      partial = sync(kernel, { ...view, services: changing }, false, [key]);
      kernel = partial.rules;
    }
  });

  // New connections from a pod on the node to uniformly chosen ClusterIPs.
  const ports = [...changing.values()].flatMap((s) => s.ports);
  const packets: ProxyPacket[] = Array.from({ length: ROUTED_PACKETS }, (_, i) => {
    const port = random.pick(ports);
    return {
      srcIP: '10.64.0.250',
      srcPort: 1024 + (i % 60_000),
      dstIP: port.clusterIP,
      dstPort: port.port,
      protocol: port.protocol,
      entry: 'forward',
    };
  });
  const ctx = { random: createRandomStreams(2).stream('iptables'), now: 0, nodeIPs: config.nodeIPs };
  const indexSeconds = measureSeconds(() => mode.route(kernel, packets[0] as ProxyPacket, ctx));
  const results = packets.map((packet) => mode.route(kernel, packet, ctx));
  const rules = results.map((r) => r.rulesEvaluated).sort((a, b) => a - b);
  const costs = results.map((r) => r.costNanos).sort((a, b) => a - b);
  const routes = measureRate(3, () => {
    for (const packet of packets) mode.route(kernel, packet, ctx);
    return packets.length;
  });
  // One more partial sync: the first route after it moves the index on instead of rebuilding it.
  const key = random.pick(keys);
  changing.set(key, withFlippedEndpoint(changing.get(key) as ServiceProxyState));
  const afterOne = sync(kernel, { ...view, services: changing }, false, [key]).rules;
  const moveOnSeconds = measureSeconds(() => mode.route(afterOne, packets[0] as ProxyPacket, ctx));
  const literalMode = createIptablesMode({ literalWalk: true });
  literalMode.route(kernel, packets[0] as ProxyPacket, ctx);
  const literal = measureRate(1, () => {
    for (const packet of packets.slice(0, LITERAL_PACKETS)) literalMode.route(kernel, packet, ctx);
    return LITERAL_PACKETS;
  });

  const scale = `${services.size.toLocaleString('en-US')} Services, node ${config.nodeName}`;
  return [
    { name: 'iptables.rulesTotal', unit: 'rules', value: full.rulesTotal, note: scale },
    { name: 'iptables.rulesPerFullSync', unit: 'rules', value: full.rulesWritten },
    {
      name: 'iptables.rulesPerPartialSync',
      unit: 'rules',
      value: partial.rulesWritten,
      note: "one Service's endpoints changed",
    },
    { name: 'iptables.fullSyncMs', unit: 'ms', value: coldSeconds * 1000, note: 'every Service compiled' },
    {
      name: 'iptables.fullSyncSharedMs',
      unit: 'ms',
      value: sharedSeconds * 1000,
      note: 'a second node, reusing node-independent Services',
    },
    {
      name: 'iptables.partialSyncMs',
      unit: 'ms',
      value: (partialSeconds * 1000) / PARTIAL_SYNCS,
      note: `mean of ${PARTIAL_SYNCS}`,
    },
    {
      name: 'iptables.syncCostFullMs',
      unit: 'ms',
      value: full.costMicros / 1000,
      note: 'modelled, real node',
    },
    {
      name: 'iptables.syncCostPartialMs',
      unit: 'ms',
      value: partial.costMicros / 1000,
      note: 'modelled, real node',
    },
    { name: 'iptables.firstPacketRulesP50', unit: 'rules', value: percentile(rules, 50) },
    { name: 'iptables.firstPacketRulesP99', unit: 'rules', value: percentile(rules, 99) },
    {
      name: 'iptables.firstPacketCostP50',
      unit: 'µs',
      value: percentile(costs, 50) / 1000,
      note: 'modelled; published 47 / 59 µs at 5k / 10k Services',
    },
    {
      name: 'iptables.firstPacketCostP99',
      unit: 'µs',
      value: percentile(costs, 99) / 1000,
      note: 'modelled',
    },
    {
      name: 'iptables.indexBuildMs',
      unit: 'ms',
      value: indexSeconds * 1000,
      note: 'first route after the syncs',
    },
    {
      name: 'iptables.indexMoveOnMs',
      unit: 'ms',
      value: moveOnSeconds * 1000,
      note: 'first route after one more partial sync',
    },
    { name: 'iptables.routesPerSec', unit: 'routes/s', value: routes.opsPerSecond, note: 'indexed' },
    {
      name: 'iptables.literalRoutesPerSec',
      unit: 'routes/s',
      value: literal.opsPerSecond,
      note: 'literal walk',
    },
  ];
}
