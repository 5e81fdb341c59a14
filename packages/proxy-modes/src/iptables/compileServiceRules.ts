import {
  servicePortKey,
  usesLocalEndpoints,
  ZONE_LABEL,
  type NodeProxyConfig,
  type ServiceProxyState,
} from '@svcsim/core';

import { compileServicePortRules, type ServicePortRules } from './compileServicePortRules.js';
import { iptablesCompatOf } from './iptablesCompat.js';
import { localizeEndpoints } from './localizeEndpoints.js';

/** One Service's rules on one node: its ServicePorts' rules and how many rules and chains they hold. */
export interface ServiceRules {
  /** In the Service's port order; the node's rules interleave them with other Services' by name. */
  readonly ports: readonly ServicePortRules[];
  readonly filterRules: number;
  /** nat rules in KUBE-SERVICES and KUBE-NODEPORTS. */
  readonly natTopLevelRules: number;
  /** nat rules in the Service's own chains (SVC, SVL, EXT, FW, SEP). */
  readonly natServiceRules: number;
  readonly natServiceChains: number;
}

/** Which node facts a Service's rules read; a Service that reads none compiles the same on every node. */
interface ServiceDependencies {
  /** Local traffic policy on some port: `isLocal` of its endpoints, so the node's name. */
  readonly nodeName: boolean;
  /** Zone hints on some endpoint: the node's topology zone. */
  readonly zone: boolean;
  /** A load balancer with source ranges: whether a range holds the node's IP. */
  readonly nodeIP: boolean;
}

const dependenciesCache = new WeakMap<ServiceProxyState, ServiceDependencies>();
const endpointCountCache = new WeakMap<ServiceProxyState, number>();
/** Compiled rules per Service state, by the compile key of the node facts they depend on. */
const rulesCache = new WeakMap<ServiceProxyState, Map<string, ServiceRules>>();

/**
 * The endpoints of a Service's ports, as `largeClusterMode` counts them (every endpoint of every
 * programmed ServicePort, whatever its conditions).
 */
export function serviceEndpointCount(state: ServiceProxyState): number {
  let count = endpointCountCache.get(state);
  if (count === undefined) {
    count = 0;
    for (const port of state.ports) {
      count += (state.endpoints[servicePortKey(port.servicePortName, port.protocol)] ?? []).length;
    }
    endpointCountCache.set(state, count);
  }
  return count;
}

function dependenciesOf(state: ServiceProxyState): ServiceDependencies {
  let dependencies = dependenciesCache.get(state);
  if (dependencies === undefined) {
    dependencies = {
      nodeName: state.ports.some(usesLocalEndpoints),
      zone: Object.values(state.endpoints).some((list) => list.some((ep) => ep.zoneHints !== undefined)),
      nodeIP: state.ports.some(
        (port) => port.loadBalancerVIPs.length > 0 && port.loadBalancerSourceRanges.length > 0,
      ),
    };
    dependenciesCache.set(state, dependencies);
  }
  return dependencies;
}

/**
 * Compiles Services for one node and one sync. Rules are cached per ServiceProxyState (which is
 * replaced, never mutated, when the Service or its EndpointSlices change) under a key of the node
 * facts they read: a Service with Cluster traffic policies and no topology hints gets one entry shared
 * by every node with the same kube-proxy flags; one that reads the node's name, zone or IP gets one per
 * distinct value.
 */
export function createServiceRulesCompiler(
  config: NodeProxyConfig,
  nodeLabels: Readonly<Record<string, string>>,
  largeClusterMode: boolean,
): (state: ServiceProxyState) => ServiceRules {
  // Every flag compileServicePortRules reads, except those covered by the per-Service dependencies.
  // The emulated release counts by what it changes, so releases that behave alike share rules.
  const compat = iptablesCompatOf(config);
  const sharedKey = [
    config.clusterCIDR ?? '-',
    config.masqueradeAll,
    config.localhostNodePorts,
    config.nfacct,
    largeClusterMode,
    compat.rulesForEveryEndpoint,
  ].join('|');
  const zone = nodeLabels[ZONE_LABEL] ?? '';
  const nodeIP = config.nodeIPs.find((ip) => !ip.includes(':')) ?? '';
  const context = { config, nodeLabels, largeClusterMode, compat };
  return (state) => {
    const dependencies = dependenciesOf(state);
    let key = sharedKey;
    if (dependencies.nodeName) key += `|node=${config.nodeName}`;
    if (dependencies.zone) key += `|zone=${zone}`;
    if (dependencies.nodeIP) key += `|ip=${nodeIP}`;
    let byKey = rulesCache.get(state);
    if (byKey === undefined) {
      byKey = new Map();
      rulesCache.set(state, byKey);
    }
    let rules = byKey.get(key);
    if (rules === undefined) {
      rules = compileService(state, context, dependencies.nodeName ? config.nodeName : undefined);
      byKey.set(key, rules);
    }
    return rules;
  };
}

function compileService(
  state: ServiceProxyState,
  context: Parameters<typeof compileServicePortRules>[2],
  localNode: string | undefined,
): ServiceRules {
  let filterRules = 0;
  let natTopLevelRules = 0;
  let natServiceRules = 0;
  let natServiceChains = 0;
  const ports = state.ports.map((port) => {
    const endpoints = state.endpoints[servicePortKey(port.servicePortName, port.protocol)] ?? [];
    const rules = compileServicePortRules(
      port,
      localNode === undefined ? endpoints : localizeEndpoints(endpoints, localNode),
      context,
    );
    filterRules += rules.filter.length;
    natTopLevelRules += rules.natTopLevelRules;
    natServiceRules += rules.nat.length - rules.natTopLevelRules;
    natServiceChains += rules.natChains.length;
    return rules;
  });
  return { ports, filterRules, natTopLevelRules, natServiceRules, natServiceChains };
}
