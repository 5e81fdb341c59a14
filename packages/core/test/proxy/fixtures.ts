import type { Endpoint, EndpointSlice } from '../../src/api/EndpointSlice.js';
import type { Service, ServiceSpec } from '../../src/api/Service.js';
import type { EndpointInfo } from '../../src/proxy/EndpointInfo.js';
import { buildServicePorts, type ServicePortInfo } from '../../src/proxy/ServicePortInfo.js';

export function service(
  spec: ServiceSpec,
  extra: Partial<Pick<Service, 'status' | 'metadata'>> = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { namespace: 'default', name: 'web', ...extra.metadata },
    spec: { clusterIP: '10.96.45.12', ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec },
    ...(extra.status === undefined ? {} : { status: extra.status }),
  };
}

export function onlyPort(svc: Service): ServicePortInfo {
  const [first] = buildServicePorts(svc);
  if (first === undefined) throw new Error('service has no proxied ports');
  return first;
}

export function slice(
  name: string,
  endpoints: readonly Endpoint[],
  port = 8080,
  portName = 'http',
): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace: 'default', name, labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    endpoints,
    ports: [{ name: portName, port, protocol: 'TCP' }],
  };
}

export function ep(
  ip: string,
  options: {
    ready?: boolean;
    serving?: boolean;
    terminating?: boolean;
    local?: boolean;
    zones?: string[];
  } = {},
): EndpointInfo {
  return {
    ip,
    port: 8080,
    endpoint: `${ip}:8080`,
    ready: options.ready ?? true,
    serving: options.serving ?? true,
    terminating: options.terminating ?? false,
    isLocal: options.local ?? false,
    nodeName: options.local === true ? 'node-a' : 'node-b',
    ...(options.zones === undefined ? {} : { zoneHints: options.zones }),
  };
}
