import {
  buildEndpointsMap,
  buildServicePorts,
  resolveNodeProxyConfig,
  type Endpoint,
  type EndpointSlice,
  type NodeProxyConfig,
  type Service,
  type ServiceSpec,
} from '@svcsim/core';

import { compileIptablesRules } from '../../src/iptables/compileIptablesRules.js';
import type { IptablesRuleset } from '../../src/iptables/IptablesRuleset.js';

/** The node every fixture compiles for: pods in 10.244.0.0/16, node IP 192.168.0.2. */
export const NODE_CONFIG: NodeProxyConfig = resolveNodeProxyConfig({
  nodeName: 'node-a',
  nodeIPs: ['192.168.0.2'],
  clusterCIDR: '10.244.0.0/16',
});

export function service(
  name: string,
  clusterIP: string,
  spec: ServiceSpec = {},
  status?: Service['status'],
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name },
    spec: { clusterIP, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

export function slice(serviceName: string, endpoints: readonly Endpoint[], port = 8080): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      namespace: 'default',
      name: `${serviceName}-abcde`,
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    endpoints,
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

/** A ready endpoint on a node (node-a is the local node). */
export function ready(ip: string, nodeName = 'node-b'): Endpoint {
  return { addresses: [ip], nodeName, conditions: { ready: true, serving: true, terminating: false } };
}

/** A terminating endpoint whose pod still passes readiness (serving). */
export function terminating(ip: string, nodeName = 'node-b'): Endpoint {
  return { addresses: [ip], nodeName, conditions: { ready: false, serving: true, terminating: true } };
}

export function compile(
  services: readonly Service[],
  slices: readonly EndpointSlice[],
  config: Partial<NodeProxyConfig> = {},
): IptablesRuleset {
  const resolved = { ...NODE_CONFIG, ...config };
  return compileIptablesRules(
    services.flatMap((svc) => buildServicePorts(svc)),
    buildEndpointsMap(slices, resolved.nodeName),
    resolved,
  );
}
