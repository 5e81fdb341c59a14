import fc from 'fast-check';

import {
  buildEndpointsMap,
  buildServicePorts,
  compareCodeUnits,
  DEFAULT_CLIENT_IP_TIMEOUT_SECONDS,
  servicePortKey,
  servicePortNameString,
  type EndpointInfo,
  type EndpointSlice,
  type NodeProxyConfig,
  type NodeProxyView,
  type Protocol,
  type Service,
  type ServicePortInfo,
  type ServiceProxyState,
} from '@svcsim/core';

import { compileIptablesRules } from '../../src/iptables/compileIptablesRules.js';
import type { IptablesRuleset } from '../../src/iptables/IptablesRuleset.js';

/** A Service as kube-proxy's caches hold it, from its objects (every endpoint `isLocal: false`). */
export function serviceProxyState(service: Service, slices: readonly EndpointSlice[]): ServiceProxyState {
  return {
    key: `${service.metadata.namespace ?? ''}/${service.metadata.name ?? ''}`,
    ports: buildServicePorts(service),
    endpoints: buildEndpointsMap(slices, ''),
  };
}

/** A node's view of the given Services. */
export function viewOf(
  states: Iterable<ServiceProxyState>,
  nodeLabels: Readonly<Record<string, string>> = {},
): NodeProxyView {
  return { services: new Map([...states].map((state) => [state.key, state])), nodeLabels };
}

/**
 * The oracle: what one full `compileIptablesRules` of the view gives, with every endpoint localised
 * for the node (independently of which Services the mode decides need it).
 */
export function compileView(view: NodeProxyView, config: NodeProxyConfig): IptablesRuleset {
  const ports: ServicePortInfo[] = [];
  const endpoints: Record<string, readonly EndpointInfo[]> = {};
  for (const state of view.services.values()) {
    ports.push(...state.ports);
    for (const [key, list] of Object.entries(state.endpoints)) {
      endpoints[key] = list.map((ep) => ({
        ...ep,
        isLocal: config.nodeName !== '' && ep.nodeName === config.nodeName,
      }));
    }
  }
  return compileIptablesRules(ports, endpoints, config, view.nodeLabels);
}

/** Every rule of a ruleset, both tables. */
export function ruleCount(ruleset: IptablesRuleset): number {
  return [ruleset.filter, ruleset.nat].reduce(
    (sum, table) => sum + table.chains.reduce((n, chain) => n + chain.rules.length, 0),
    0,
  );
}

/** The keys of the Service pool the arbitraries draw from: names chosen so restore order interleaves. */
export const SERVICE_KEYS = [
  'default/web',
  'default/web-api',
  'default/api',
  'kube-system/dns',
  'default/a',
  'default/web2',
] as const;

export const NODE_NAMES = ['node-a', 'node-b', 'node-c'] as const;

/** One endpoint's facts, before it is given a ServicePort's target port. */
export const rawEndpointArb = fc.record({
  host: fc.integer({ min: 1, max: 12 }),
  ready: fc.boolean(),
  serving: fc.boolean(),
  terminating: fc.boolean(),
  nodeName: fc.constantFrom(...NODE_NAMES),
  zoneHint: fc.option(fc.constantFrom('zone-a', 'zone-b'), { nil: undefined }),
});

export type RawEndpoint = typeof rawEndpointArb extends fc.Arbitrary<infer T> ? T : never;

/** Up to four endpoints with distinct addresses. */
export const rawEndpointsArb = fc.uniqueArray(rawEndpointArb, { maxLength: 4, selector: (e) => e.host });

/** The pod IP of a raw endpoint. */
export function endpointIP(host: number): string {
  return `10.244.${host % 3}.${host}`;
}

/** Endpoints of one ServicePort, in `byEndpoint` order as buildEndpointsMap leaves them. */
function endpointInfos(raw: readonly RawEndpoint[], targetPort: number): EndpointInfo[] {
  return raw
    .map((e): EndpointInfo => {
      const ip = endpointIP(e.host);
      return {
        ip,
        port: targetPort,
        endpoint: `${ip}:${targetPort}`,
        ready: e.ready,
        serving: e.serving,
        terminating: e.terminating,
        isLocal: false,
        nodeName: e.nodeName,
        ...(e.zoneHint === undefined ? {} : { zone: e.zoneHint, zoneHints: [e.zoneHint] }),
      };
    })
    .sort((a, b) => compareCodeUnits(a.endpoint, b.endpoint));
}

/** The same endpoints behind every ServicePort (target port 8000 + the port's number). */
export function endpointsFor(
  ports: readonly ServicePortInfo[],
  raw: readonly RawEndpoint[],
): ServiceProxyState['endpoints'] {
  return Object.fromEntries(
    ports.map((port) => [
      servicePortKey(port.servicePortName, port.protocol),
      endpointInfos(raw, 8000 + port.port),
    ]),
  );
}

/** The address facts of a pool Service: fixed per key, so two Services never share an address. */
export function addressesOf(key: string): {
  clusterIP: string;
  lbIP: string;
  externalIP: string;
  nodePort: number;
} {
  const i = SERVICE_KEYS.indexOf(key as (typeof SERVICE_KEYS)[number]);
  return {
    clusterIP: `10.96.0.${i + 1}`,
    lbIP: `203.0.113.${i + 1}`,
    externalIP: `198.51.100.${i + 1}`,
    nodePort: 30000 + 2 * i,
  };
}

const PORT_SHAPES: readonly (readonly { name: string; protocol: Protocol; port: number }[])[] = [
  [{ name: '', protocol: 'TCP', port: 80 }],
  [{ name: 'http', protocol: 'TCP', port: 80 }],
  [
    { name: 'http', protocol: 'TCP', port: 80 },
    { name: 'dns', protocol: 'UDP', port: 53 },
  ],
];

const specArb = fc.record({
  shape: fc.constantFrom(...PORT_SHAPES),
  type: fc.constantFrom('ClusterIP' as const, 'NodePort' as const, 'LoadBalancer' as const),
  etpLocal: fc.boolean(),
  itpLocal: fc.boolean(),
  affinity: fc.option(fc.constantFrom(5, DEFAULT_CLIENT_IP_TIMEOUT_SECONDS), { nil: undefined }),
  externalIP: fc.boolean(),
  // The first range holds the fixtures' node IP 192.168.0.2, so the FW chain also allows the VIP itself.
  sourceRange: fc.option(fc.constantFrom('192.168.0.0/24', '203.0.113.0/25'), { nil: undefined }),
});

/** The ServicePorts of a pool Service (as buildServicePorts would give for such a spec). */
function portsArb(key: string): fc.Arbitrary<ServicePortInfo[]> {
  const [namespace = '', name = ''] = key.split('/');
  const addresses = addressesOf(key);
  return specArb.map((spec) => {
    const exposed = spec.type !== 'ClusterIP';
    const etp = exposed && spec.etpLocal ? 'Local' : 'Cluster';
    return spec.shape.map((port, p): ServicePortInfo => ({
      servicePortName: servicePortNameString(namespace, name, port.name),
      namespace,
      name,
      portName: port.name,
      protocol: port.protocol,
      port: port.port,
      clusterIP: addresses.clusterIP,
      nodePort: exposed ? addresses.nodePort + p : 0,
      externalIPs: spec.externalIP ? [addresses.externalIP] : [],
      loadBalancerVIPs: spec.type === 'LoadBalancer' ? [addresses.lbIP] : [],
      loadBalancerSourceRanges: spec.sourceRange === undefined ? [] : [spec.sourceRange],
      sessionAffinity: spec.affinity === undefined ? 'None' : 'ClientIP',
      stickyMaxAgeSeconds: spec.affinity ?? 0,
      externalTrafficPolicy: etp,
      internalTrafficPolicy: spec.itpLocal ? 'Local' : 'Cluster',
      healthCheckNodePort: spec.type === 'LoadBalancer' && etp === 'Local' ? 32000 + p : 0,
    }));
  });
}

/** A fresh state of the pool Service `key`: random ports, policies and endpoints. */
export function serviceStateArb(key: string): fc.Arbitrary<ServiceProxyState> {
  return fc
    .tuple(portsArb(key), rawEndpointsArb)
    .map(([ports, raw]) => ({ key, ports, endpoints: endpointsFor(ports, raw) }));
}
