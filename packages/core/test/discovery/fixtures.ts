import { SERVICE_NAME_LABEL, type Endpoint, type EndpointSlice } from '../../src/api/EndpointSlice.js';
import { KIND_NAMESPACED, type KubeObject } from '../../src/api/KubeObject.js';
import type { Pod } from '../../src/api/Pod.js';
import type { Service, ServiceSpec } from '../../src/api/Service.js';
import { createEmptyClusterState, type ClusterState } from '../../src/cluster/ClusterState.js';

/** A cluster state holding exactly these objects (tables keyed as the fold keys them). */
export function stateOf(objects: readonly KubeObject[]): ClusterState {
  const state = createEmptyClusterState() as unknown as Record<
    string,
    Record<string, Record<string, KubeObject>>
  >;
  for (const object of objects) {
    const namespace = KIND_NAMESPACED[object.kind] ? (object.metadata.namespace ?? 'default') : '';
    const table = state[object.kind] ?? {};
    state[object.kind] = table;
    table[namespace] = { ...table[namespace], [object.metadata.name ?? '']: object };
  }
  return state as unknown as ClusterState;
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function service(name: string, spec: ServiceSpec, ns = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec };
}

export function endpoint(address: string, extra: Partial<Endpoint> = {}): Endpoint {
  return { addresses: [address], conditions: { ready: true, serving: true, terminating: false }, ...extra };
}

export function slice(
  name: string,
  serviceName: string,
  endpoints: readonly Endpoint[],
  ports: NonNullable<EndpointSlice['ports']> = [{ name: 'http', port: 8080, protocol: 'TCP' }],
  options: { namespace?: string; addressType?: EndpointSlice['addressType'] } = {},
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      labels: { [SERVICE_NAME_LABEL]: serviceName },
    },
    addressType: options.addressType ?? 'IPv4',
    endpoints,
    ports,
  };
}

export function pod(name: string, ns: string, podIP: string, spec: Partial<Pod['spec']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'main' }], ...spec },
    status: { phase: 'Running', podIP, podIPs: [{ ip: podIP }] },
  };
}
