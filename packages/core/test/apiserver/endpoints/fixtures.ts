import type { EndpointSlice } from '../../../src/api/EndpointSlice.js';
import { ZONE_LABEL, type Node } from '../../../src/api/Node.js';
import type { Container, ContainerPort, Pod } from '../../../src/api/Pod.js';
import type { Service, ServicePort, ServiceSpec } from '../../../src/api/Service.js';
import { createRandomStreams } from '../../../src/random/createRandomStreams.js';
import { generateSliceName } from '../../../src/apiserver/endpoints/generateSliceName.js';

/** A Service in namespace "default" selecting app=web, with a cluster IP and one port 80 → 8080. */
export function makeService(
  options: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    deleting?: boolean;
  } & Partial<ServiceSpec> = {},
): Service {
  const { name = 'web', namespace = 'default', uid = `uid-svc-${name}`, labels, deleting, ...spec } = options;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      uid,
      ...(labels !== undefined ? { labels } : {}),
      ...(deleting === true ? { deletionTimestamp: 1 } : {}),
    },
    spec: {
      selector: { app: 'web' },
      clusterIP: '10.96.0.10',
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
  };
}

/** Options for makePod; by default a Running, Ready pod of app=web on node-a with containerPort http=8080. */
export interface PodOptions {
  name: string;
  namespace?: string;
  ip?: string | null;
  ips?: string[];
  labels?: Record<string, string>;
  ready?: boolean;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  deleting?: boolean;
  nodeName?: string | null;
  ports?: ContainerPort[];
  sidecarPorts?: ContainerPort[];
  hostname?: string;
  subdomain?: string;
}

export function makePod(options: PodOptions): Pod {
  const {
    name,
    namespace = 'default',
    ip = '10.0.0.1',
    ips,
    labels = { app: 'web' },
    ready = true,
    phase = 'Running',
    deleting = false,
    nodeName = 'node-a',
    ports = [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    sidecarPorts,
    hostname,
    subdomain,
  } = options;
  const podIPs = ips ?? (ip === null ? [] : [ip]);
  const containers: Container[] = [{ name: 'app', ports }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `uid-${namespace}-${name}`,
      labels,
      ...(deleting ? { deletionTimestamp: 5 } : {}),
    },
    spec: {
      containers,
      ...(sidecarPorts !== undefined
        ? { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' as const, ports: sidecarPorts }] }
        : {}),
      ...(nodeName !== null ? { nodeName } : {}),
      ...(hostname !== undefined ? { hostname } : {}),
      ...(subdomain !== undefined ? { subdomain } : {}),
    },
    status: {
      phase,
      ...(podIPs[0] !== undefined
        ? { podIP: podIPs[0], podIPs: podIPs.map((value) => ({ ip: value })) }
        : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

export function makeNode(name: string, zone?: string): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(zone !== undefined ? { labels: { [ZONE_LABEL]: zone } } : {}) },
    spec: {},
  };
}

/** `count` ready pods web-0… with IPs 10.<block>.x.y, all on node-a. */
export function makePods(count: number, extra: Partial<PodOptions> = {}, block = 1): Pod[] {
  return Array.from({ length: count }, (_, i) =>
    makePod({
      name: `web-${block}-${i}`,
      ip: `10.${block}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      ...extra,
    }),
  );
}

export const NODES: Node[] = [makeNode('node-a', 'zone-a'), makeNode('node-b', 'zone-b')];

/** A nameFor that draws generated names from a seeded stream, as the simulator does. */
export function seededNameFor(seed = 1): (service: Service) => string {
  const stream = createRandomStreams(seed).stream('endpointslice-names');
  return (service) => generateSliceName(service.metadata.name ?? '', stream);
}

/** Named ServicePort helper. */
export function port(
  name: string,
  portNumber: number,
  targetPort: number | string,
  protocol: 'TCP' | 'UDP' = 'TCP',
): ServicePort {
  return { name, port: portNumber, targetPort, protocol };
}

/** The endpoint IPs of a slice, in order. */
export function ipsOf(slice: EndpointSlice): string[] {
  return slice.endpoints.map((endpoint) => endpoint.addresses[0] ?? '');
}
